// Per-token log-probabilities: log-softmax over the vocabulary fused with the gather of each row's
// target, without materialising the [N, V] log-softmax. What the SFT and preference losses need.
import Foundation

extension Tape {
    /// logits [..., V], targets (one per row, in 0..<V) → [...] with lp = logits[target] − logsumexp(logits).
    ///   Backward: dlogits[r, j] += dlp[r] · (1[j = target] − softmax(logits[r])[j]).
    public func logProbs(_ logits: Variable, targets: [Int]) -> Variable {
        let v = logits.value.columns, n = logits.value.rows
        checked { () throws(TensorError) in
            try shapeRule(
                targets.count == n && targets.allSatisfy { (0..<v).contains($0) }, "logProbs", logits.shape, [targets.count],
                "one target in 0..<\(v) per row of logits")
        }
        let lp = Tensor(uninitialized: Array(logits.shape.dropLast()))
        let logZ = Tensor(uninitialized: [n])  // logsumexp per row, kept for backward
        let px = UncheckedSendable(logits.value.pointer), pl = UncheckedSendable(lp.pointer), pz = UncheckedSendable(logZ.pointer)
        targets.withUnsafeBufferPointer { targetBuffer in
            let pt = UncheckedSendable(targetBuffer.baseAddress!)
            ComputeThreads.parallelChunks(n, grain: rowGrain(v)) { rows in
                for r in rows {
                    let row = px.value + r * v
                    var m = -Float.infinity
                    for j in 0..<v { m = max(m, row[j]) }
                    let z = m + logf(exponentiate(row, v, minus: m, into: nil))
                    pz.value[r] = z
                    pl.value[r] = row[pt.value[r]] - z
                }
            }
        }
        return result(lp, inputs: [logits]) { out in
            let pz = UncheckedSendable(logZ.pointer)  // keeps the saved logsumexp alive with the tape
            let pg = UncheckedSendable(out.grad!.pointer), pdx = UncheckedSendable(logits.gradBuffer().pointer)
            targets.withUnsafeBufferPointer { targetBuffer in
                let pt = UncheckedSendable(targetBuffer.baseAddress!)
                ComputeThreads.parallelChunks(n, grain: rowGrain(v)) { rows in
                    for r in rows {
                        let row = px.value + r * v, dRow = pdx.value + r * v, g = pg.value[r], z = pz.value[r]
                        // dRow −= g · softmax(row)
                        lanes(0..<v, row, row, row, into: dRow, accumulate: true) { x, _, _ in -g * exp(x - z) }
                        dRow[pt.value[r]] += g
                    }
                }
            }
        }
    }
}
