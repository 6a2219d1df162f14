// RMSNorm (the LLM's) and LayerNorm (the ViT's) over the last axis, forward and backward side by
// side. Rows are independent; the weight and bias gradients sum rows in a fixed order.
import Foundation

/// Rows per task for row-wise kernels over rows of `columns` floats.
func rowGrain(_ columns: Int) -> Int { max(1, 8192 / max(1, columns)) }

/// One row: y = (x − μ)·s·w (+ b), s = 1/√(mean((x − μ)²) + eps), μ = mean(x) when `centered`
/// (LayerNorm), else 0 (RMSNorm); returns (μ, s).
@inline(__always)
func normalizeRow(
    _ x: UnsafePointer<Float>, weight w: UnsafePointer<Float>, bias b: UnsafePointer<Float>?, count c: Int, eps: Float,
    centered: Bool, into y: UnsafeMutablePointer<Float>
) -> (mean: Float, rstd: Float) {
    var mu: Float = 0
    if centered {
        for i in 0..<c { mu += x[i] }
        mu /= Float(c)
    }
    var sq: Float = 0
    for i in 0..<c { let d = x[i] - mu; sq += d * d }
    let s = 1 / (sq / Float(c) + eps).squareRoot()
    if let b {
        for i in 0..<c { y[i] = (x[i] - mu) * s * w[i] + b[i] }
    } else {
        for i in 0..<c { y[i] = (x[i] - mu) * s * w[i] }
    }
    return (mu, s)
}

/// RMSNorm of one row into `y`: `Tape.rmsNorm`'s own kernel, for the KV-cache decoder.
public func rmsNormRow(_ x: UnsafePointer<Float>, weight: UnsafePointer<Float>, count: Int, eps: Float, into y: UnsafeMutablePointer<Float>)
{
    _ = normalizeRow(x, weight: weight, bias: nil, count: count, eps: eps, centered: false, into: y)
}

extension Tape {
    /// x [..., C], weight [C] → y = x · rstd · w, rstd = 1/√(mean(x²) + eps) per row.
    ///   Backward, with x̂ = x·rstd: dx = rstd·(dx̂ − x̂·mean(dx̂ ⊙ x̂)) where dx̂ = dy ⊙ w; dw += Σ_rows dy ⊙ x̂.
    public func rmsNorm(_ x: Variable, weight: Variable, eps: Float = 1e-5) -> Variable {
        normalize(x, weight: weight, bias: nil, eps: eps, centered: false, op: "rmsNorm")
    }

    /// x [..., C], weight [C], bias [C] → y = (x − mean) · rstd · w + b, rstd = 1/√(var + eps).
    ///   Backward: dx = rstd·(dx̂ − mean(dx̂) − x̂·mean(dx̂ ⊙ x̂)); dw += Σ dy ⊙ x̂; db += Σ dy.
    public func layerNorm(_ x: Variable, weight: Variable, bias: Variable, eps: Float = 1e-5) -> Variable {
        normalize(x, weight: weight, bias: bias, eps: eps, centered: true, op: "layerNorm")
    }

    /// The shared kernel: `centered` subtracts the row mean (LayerNorm) or not (RMSNorm).
    private func normalize(_ x: Variable, weight: Variable, bias: Variable?, eps: Float, centered: Bool, op: String) -> Variable {
        checked { () throws(TensorError) in
            try shapeRule(weight.value.rank == 1 && x.shape.last == weight.shape[0], op, x.shape, weight.shape, "x [..., C] and weight [C]")
            if let bias { try shapeRule(bias.shape == weight.shape, op, weight.shape, bias.shape, "bias of the weight's shape") }
        }
        let c = x.value.columns, n = x.value.rows
        let y = Tensor(uninitialized: x.shape)
        let mean = Tensor(uninitialized: [n]), rstd = Tensor(uninitialized: [n])  // per row, kept for backward
        let px = UncheckedSendable(x.value.pointer), py = UncheckedSendable(y.pointer), pw = UncheckedSendable(weight.value.pointer)
        let pb = UncheckedSendable(bias?.value.pointer), pm = UncheckedSendable(mean.pointer), pr = UncheckedSendable(rstd.pointer)
        ComputeThreads.parallelChunks(n, grain: rowGrain(c)) { rows in
            for r in rows {
                (pm.value[r], pr.value[r]) = normalizeRow(
                    px.value + r * c, weight: pw.value, bias: pb.value, count: c, eps: eps,
                    centered: centered, into: py.value + r * c)
            }
        }
        return result(y, inputs: [x, weight] + (bias.map { [$0] } ?? [])) { out in
            // The saved statistics live as long as this closure (the tape).
            let pm = UncheckedSendable(mean.pointer), pr = UncheckedSendable(rstd.pointer)
            let pg = UncheckedSendable(out.grad!.pointer)
            if x.requiresGrad {
                let pdx = UncheckedSendable(x.gradBuffer().pointer)
                ComputeThreads.parallelChunks(n, grain: rowGrain(c)) { rows in
                    for r in rows {
                        let xr = px.value + r * c, gr = pg.value + r * c, dxr = pdx.value + r * c
                        let mu = pm.value[r], s = pr.value[r]
                        var meanD: Float = 0, meanDX: Float = 0  // mean(dx̂), mean(dx̂ ⊙ x̂)
                        for i in 0..<c {
                            let d = gr[i] * pw.value[i]
                            meanD += d
                            meanDX += d * (xr[i] - mu) * s
                        }
                        meanD = centered ? meanD / Float(c) : 0
                        meanDX /= Float(c)
                        for i in 0..<c {
                            let d = gr[i] * pw.value[i]
                            dxr[i] += s * (d - meanD - (xr[i] - mu) * s * meanDX)
                        }
                    }
                }
            }
            if weight.requiresGrad {
                let pdw = UncheckedSendable(weight.gradBuffer().pointer)
                ComputeThreads.parallelChunks(c, grain: 256) { cols in
                    for r in 0..<n {
                        let xr = px.value + r * c, gr = pg.value + r * c
                        let mu = pm.value[r], s = pr.value[r]
                        for i in cols { pdw.value[i] += gr[i] * (xr[i] - mu) * s }
                    }
                }
            }
            if let bias, bias.requiresGrad { addColumnSums(pg.value, rows: n, cols: c, into: bias.gradBuffer().pointer) }
        }
    }
}
