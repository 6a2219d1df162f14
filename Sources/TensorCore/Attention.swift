// Fused multi-head attention (causal or full) with rotary position embedding applied inside; the
// forward keeps the probabilities and the backward is written by hand, one task per (batch, head).
// Under the causal mask a head runs in query blocks that stop at their last visible key, which
// skips most of the masked upper triangle (about 3/8 of the attention products at T = 256).
import COpenBLAS
import Foundation

/// Rotary position embedding in the "rotate half" layout: within a head of Dh (even) features,
/// feature i pairs with i + Dh/2 and the pair turns by angle pos · base^(−2i/Dh).
public struct RoPE: Sendable {
    public var base: Double
    public init(base: Double = 10_000) { self.base = base }

    /// cos and sin tables [count, Dh/2] for positions start..<start+count.
    func tables(start: Int, count: Int, headDim: Int) -> (cos: [Float], sin: [Float]) {
        let half = headDim / 2
        var cosines = [Float](repeating: 0, count: count * half), sines = cosines
        for t in 0..<count {
            for i in 0..<half {
                let angle = Double(start + t) * pow(base, -2 * Double(i) / Double(headDim))
                cosines[t * half + i] = Float(cos(angle))
                sines[t * half + i] = Float(sin(angle))
            }
        }
        return (cosines, sines)
    }
}

/// The per-head kernels of self-attention over T positions, on raw pointers and row strides.
enum AttentionKernel {
    /// dst[t] = R(t)·src[t] (or R(t)ᵀ·src[t] when `inverse`), rows of Dh; src row stride `ld`, dst dense.
    /// Forward: (a, b) → (a·cos − b·sin, b·cos + a·sin) for the pair (i, i + Dh/2).
    /// `inverse` is the backward (the transpose): (a, b) → (a·cos + b·sin, b·cos − a·sin).
    /// With no tables it is a plain copy (attention without RoPE).
    static func rotate(
        _ src: UnsafePointer<Float>, ld: Int, rows: Int, headDim: Int,
        cos: UnsafePointer<Float>?, sin: UnsafePointer<Float>?, inverse: Bool,
        into dst: UnsafeMutablePointer<Float>, accumulate: Bool, dstLD: Int
    ) {
        let half = headDim / 2, sign: Float = inverse ? -1 : 1
        for t in 0..<rows {
            let s = src + t * ld, d = dst + t * dstLD
            guard let cos, let sin else {
                for i in 0..<headDim { d[i] = (accumulate ? d[i] : 0) + s[i] }
                continue
            }
            let c = cos + t * half, sn = sin + t * half
            for i in 0..<half {
                let a = s[i], b = s[i + half]
                let ra = a * c[i] - sign * b * sn[i], rb = b * c[i] + sign * a * sn[i]
                d[i] = (accumulate ? d[i] : 0) + ra
                d[i + half] = (accumulate ? d[i + half] : 0) + rb
            }
        }
    }

    /// Query rows per block under a causal mask: a block's products stop at the last key its
    /// last row sees, so the masked upper triangle is (mostly) never computed. Fixed, so the bits
    /// depend on the shapes only. Blocks of 64 measured 5 % faster than none on the ref256 training
    /// step; 32 was no faster (more, smaller BLAS calls), 128 gained 3 %.
    static let queryBlock = 64

    /// The query blocks of a head, with the keys each block sees: rows, and keys 0..<keys.
    static func blocks(t: Int, causal: Bool) -> [(rows: Range<Int>, keys: Int)] {
        let size = causal ? queryBlock : max(1, t)
        return stride(from: 0, to: t, by: size).map { start in
            let end = min(t, start + size)
            return (start..<end, causal ? end : t)
        }
    }

    /// One head: P = softmax(scale·Q·Kᵀ + mask) [T, T], O = P·V [T, Dh]; causal masks keys after
    /// the query's own position. Per query block, only the keys it sees: P's entries right of a
    /// block's last key are left unwritten, and the backward never reads them.
    static func forward(
        q: UnsafePointer<Float>, k: UnsafePointer<Float>, t: Int, headDim: Int,
        v: UnsafePointer<Float>, ldv: Int, scale: Float, causal: Bool,
        probabilities p: UnsafeMutablePointer<Float>, output o: UnsafeMutablePointer<Float>, ldo: Int
    ) {
        for (rows, keys) in blocks(t: t, causal: causal) {
            let pBlock = p + rows.lowerBound * t
            cblas_sgemm(
                CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows.count), Int32(keys), Int32(headDim), scale,
                q + rows.lowerBound * headDim, Int32(headDim), k, Int32(headDim), 0, pBlock, Int32(t))
            for i in rows {
                let row = p + i * t
                let visible = causal ? i + 1 : t
                softmaxRow(row, visible)
                for j in visible..<keys { row[j] = 0 }
            }
            cblas_sgemm(
                CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(rows.count), Int32(headDim), Int32(keys), 1,
                pBlock, Int32(t), v, Int32(ldv), 0, o + rows.lowerBound * ldo, Int32(ldo))
        }
    }

    /// One head's backward, given dO [T, Dh] (row stride ldo), per query block over the keys it sees:
    ///   dV += Pᵀ·dO;  dP = dO·Vᵀ;  dS = P ⊙ (dP − rowsum(dP ⊙ P));  dQ = scale·dS·K;  dK = scale·dSᵀ·Q.
    /// dQ, dK come out dense [T, Dh] (still rotated); dV is added in place (row stride ldv). The
    /// last block sees every key, so it runs first and writes dK; earlier blocks add to its prefix.
    static func backward(
        q: UnsafePointer<Float>, k: UnsafePointer<Float>, t: Int, headDim: Int,
        v: UnsafePointer<Float>, ldv: Int, scale: Float, causal: Bool, probabilities p: UnsafePointer<Float>,
        dOutput dO: UnsafePointer<Float>, ldo: Int, dV: UnsafeMutablePointer<Float>,
        dQ: UnsafeMutablePointer<Float>, dK: UnsafeMutablePointer<Float>, scratch dS: UnsafeMutablePointer<Float>
    ) {
        let blocks = blocks(t: t, causal: causal)
        for (index, (rows, keys)) in blocks.enumerated().reversed() {
            let m = Int32(rows.count), pBlock = p + rows.lowerBound * t, dSBlock = dS + rows.lowerBound * t
            let dOBlock = dO + rows.lowerBound * ldo, qBlock = q + rows.lowerBound * headDim
            cblas_sgemm(
                CblasRowMajor, CblasTrans, CblasNoTrans, Int32(keys), Int32(headDim), m, 1,
                pBlock, Int32(t), dOBlock, Int32(ldo), 1, dV, Int32(ldv))
            cblas_sgemm(
                CblasRowMajor, CblasNoTrans, CblasTrans, m, Int32(keys), Int32(headDim), 1,
                dOBlock, Int32(ldo), v, Int32(ldv), 0, dSBlock, Int32(t))
            for i in rows {
                softmaxRowBackward(y: p + i * t, dy: dS + i * t, dx: dS + i * t, keys, accumulate: false)
            }
            cblas_sgemm(
                CblasRowMajor, CblasNoTrans, CblasNoTrans, m, Int32(headDim), Int32(keys), scale,
                dSBlock, Int32(t), k, Int32(headDim), 0, dQ + rows.lowerBound * headDim, Int32(headDim))
            cblas_sgemm(
                CblasRowMajor, CblasTrans, CblasNoTrans, Int32(keys), Int32(headDim), m, scale,
                dSBlock, Int32(t), qBlock, Int32(headDim), index == blocks.count - 1 ? 0 : 1, dK, Int32(headDim))
        }
    }
}

extension Tape {
    /// Multi-head self-attention on packed projections.
    ///   qkv [B, T, 3·D] = q | k | v, D = heads·Dh, head h in columns h·Dh..<(h+1)·Dh of each part
    ///   → y [B, T, D], y = softmax(Q_h·K_hᵀ/√Dh [+ causal mask])·V_h per head,
    /// with q and k rotated by `rope` at positions positionOffset..<positionOffset+T (nil: no RoPE).
    /// Keeps the rotated q, k and the probabilities [B, H, T, T] for the backward.
    public func attention(_ qkv: Variable, heads: Int, causal: Bool, rope: RoPE? = nil, positionOffset: Int = 0) -> Variable {
        let shape = qkv.shape
        checked { () throws(TensorError) in
            try shapeRule(
                shape.count == 3 && heads > 0 && shape[2] % (3 * heads) == 0 && (rope == nil || shape[2] / (3 * heads) % 2 == 0),
                "attention", shape, [heads], "qkv [B, T, 3·heads·Dh] with Dh even under RoPE")
        }
        let (b, t, d) = (shape[0], shape[1], shape[2] / 3)
        let dh = d / heads, ld = 3 * d, scale = 1 / Float(dh).squareRoot()
        let tables = rope?.tables(start: positionOffset, count: t, headDim: dh)
        let rotatedQ = Tensor(uninitialized: [b, heads, t, dh]), rotatedK = Tensor(uninitialized: [b, heads, t, dh])
        let probabilities = Tensor(uninitialized: [b, heads, t, t])
        let y = Tensor(uninitialized: [b, t, d])
        let px = UncheckedSendable(qkv.value.pointer), pq = UncheckedSendable(rotatedQ.pointer), pk = UncheckedSendable(rotatedK.pointer)
        let pp = UncheckedSendable(probabilities.pointer), py = UncheckedSendable(y.pointer)
        withTables(tables) { cos, sin in
            let pc = UncheckedSendable(cos), ps = UncheckedSendable(sin)
            ComputeThreads.parallelFor(b * heads) { task in
                let (item, h) = (task / heads, task % heads)
                let base = px.value + item * t * ld + h * dh
                let q = pq.value + task * t * dh, k = pk.value + task * t * dh
                AttentionKernel.rotate(
                    base, ld: ld, rows: t, headDim: dh, cos: pc.value, sin: ps.value, inverse: false, into: q, accumulate: false, dstLD: dh)
                AttentionKernel.rotate(
                    base + d, ld: ld, rows: t, headDim: dh, cos: pc.value, sin: ps.value, inverse: false, into: k, accumulate: false,
                    dstLD: dh)
                AttentionKernel.forward(
                    q: q, k: k, t: t, headDim: dh, v: base + 2 * d, ldv: ld, scale: scale, causal: causal,
                    probabilities: pp.value + task * t * t, output: py.value + item * t * d + h * dh, ldo: d)
            }
        }
        return result(y, inputs: [qkv]) { out in
            // The saved rotated q, k and probabilities live as long as this closure (the tape).
            let pq = UncheckedSendable(rotatedQ.pointer), pk = UncheckedSendable(rotatedK.pointer),
                pp = UncheckedSendable(probabilities.pointer)
            let pg = UncheckedSendable(out.grad!.pointer), pdx = UncheckedSendable(qkv.gradBuffer().pointer)
            withTables(tables) { cos, sin in
                let pc = UncheckedSendable(cos), ps = UncheckedSendable(sin)
                ComputeThreads.parallelFor(b * heads) { task in
                    let (item, h) = (task / heads, task % heads)
                    let base = px.value + item * t * ld + h * dh, dBase = pdx.value + item * t * ld + h * dh
                    let scratch = UnsafeMutablePointer<Float>.allocate(capacity: t * t + 2 * t * dh)
                    defer { scratch.deallocate() }
                    let dQ = scratch + t * t, dK = dQ + t * dh
                    AttentionKernel.backward(
                        q: pq.value + task * t * dh, k: pk.value + task * t * dh, t: t, headDim: dh,
                        v: base + 2 * d, ldv: ld, scale: scale, causal: causal, probabilities: pp.value + task * t * t,
                        dOutput: pg.value + item * t * d + h * dh, ldo: d, dV: dBase + 2 * d,
                        dQ: dQ, dK: dK, scratch: scratch)
                    AttentionKernel.rotate(
                        dQ, ld: dh, rows: t, headDim: dh, cos: pc.value, sin: ps.value, inverse: true, into: dBase, accumulate: true,
                        dstLD: ld)
                    AttentionKernel.rotate(
                        dK, ld: dh, rows: t, headDim: dh, cos: pc.value, sin: ps.value, inverse: true, into: dBase + d, accumulate: true,
                        dstLD: ld)
                }
            }
        }
    }
}

/// Hands optional RoPE tables to `body` as pointers (nil, nil without RoPE).
private func withTables(_ tables: (cos: [Float], sin: [Float])?, _ body: (UnsafePointer<Float>?, UnsafePointer<Float>?) -> Void) {
    guard let tables else { return body(nil, nil) }
    tables.cos.withUnsafeBufferPointer { c in tables.sin.withUnsafeBufferPointer { s in body(c.baseAddress, s.baseAddress) } }
}
