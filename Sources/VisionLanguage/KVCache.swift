// The key/value cache of batched decoding: per sequence slot and layer, the RoPE-rotated keys and
// the values of every position so far, and the one-query attention over them (per slot and head).
import COpenBLAS
import Foundation
import TensorCore

final class KVCache {
    let slots: Int
    let capacity: Int
    let width: Int
    let heads: Int
    var headDim: Int { width / heads }
    ///   keys[l], values[l]  [slots, capacity, D]; head h in columns h·Dh..<(h+1)·Dh
    let keys: [Tensor]
    let values: [Tensor]
    /// Positions filled per slot.
    var lengths: [Int]
    ///   cos, sin  [capacity, Dh/2]: angle = pos · base^(−2i/Dh), computed as TensorCore's RoPE does.
    private let cos: [Float]
    private let sin: [Float]

    init(config c: ModelConfig, slots: Int) {
        self.slots = slots
        capacity = c.contextLength
        width = c.llmWidth
        heads = c.llmHeads
        keys = (0..<c.llmLayers).map { _ in Tensor(zeros: [slots, c.contextLength, c.llmWidth]) }
        values = (0..<c.llmLayers).map { _ in Tensor(zeros: [slots, c.contextLength, c.llmWidth]) }
        lengths = [Int](repeating: 0, count: slots)
        let half = c.llmWidth / c.llmHeads / 2, dh = Double(c.llmWidth / c.llmHeads)
        var cosines = [Float](repeating: 0, count: c.contextLength * half), sines = cosines
        for t in 0..<c.contextLength {
            for i in 0..<half {
                let angle = Double(t) * Foundation.pow(c.ropeBase, -2 * Double(i) / dh)
                cosines[t * half + i] = Float(Foundation.cos(angle))
                sines[t * half + i] = Float(Foundation.sin(angle))
            }
        }
        cos = cosines
        sin = sines
    }

    /// Rotates one head's Dh features in place to `position`: (a, b) → (a·cos − b·sin, b·cos + a·sin)
    /// for the pair (i, i + Dh/2), the "rotate half" layout of TensorCore's attention.
    func rotate(_ x: UnsafeMutablePointer<Float>, position: Int) {
        let half = headDim / 2
        cos.withUnsafeBufferPointer { c in
            sin.withUnsafeBufferPointer { s in
                let c = c.baseAddress! + position * half, s = s.baseAddress! + position * half
                for i in 0..<half {
                    let a = x[i], b = x[i + half]
                    x[i] = a * c[i] - b * s[i]
                    x[i + half] = b * c[i] + a * s[i]
                }
            }
        }
    }

    /// Stores rows [T, 3D] of packed q|k|v (row stride `ld`) as positions 0..<T of `slot` in
    /// `layer`: the prefill's keys rotated, values as they are.
    func fill(layer: Int, slot: Int, qkv: UnsafePointer<Float>, rows: Int, ld: Int) {
        let k = keys[layer].pointer + slot * capacity * width, v = values[layer].pointer + slot * capacity * width
        for t in 0..<rows {
            (k + t * width).update(from: qkv + t * ld + width, count: width)
            (v + t * width).update(from: qkv + t * ld + 2 * width, count: width)
            for h in 0..<heads { rotate(k + t * width + h * headDim, position: t) }
        }
    }

    /// One head of one decoding step for `slot` at position p = lengths[slot] (not yet advanced):
    /// rotates q and k of qkv [3D] in place, appends k, v at p, and writes
    ///   out[Dh] = Σ_{j ≤ p} softmax_j(q·K[j]/√Dh) · V[j].
    /// `scores` holds capacity floats.
    func attend(
        layer: Int, slot: Int, head h: Int, qkv: UnsafeMutablePointer<Float>, out: UnsafeMutablePointer<Float>,
        scores: UnsafeMutablePointer<Float>
    ) {
        let p = lengths[slot], dh = headDim
        let q = qkv + h * dh, k = qkv + width + h * dh, v = qkv + 2 * width + h * dh
        rotate(q, position: p)
        rotate(k, position: p)
        let cacheK = keys[layer].pointer + slot * capacity * width + h * dh
        let cacheV = values[layer].pointer + slot * capacity * width + h * dh
        (cacheK + p * width).update(from: k, count: dh)
        (cacheV + p * width).update(from: v, count: dh)
        let n = Int32(p + 1)
        cblas_sgemv(CblasRowMajor, CblasNoTrans, n, Int32(dh), 1 / Float(dh).squareRoot(), cacheK, Int32(width), q, 1, 0, scores, 1)
        softmaxRow(scores, p + 1)
        cblas_sgemv(CblasRowMajor, CblasTrans, n, Int32(dh), 1, cacheV, Int32(width), scores, 1, 0, out, 1)
    }
}
