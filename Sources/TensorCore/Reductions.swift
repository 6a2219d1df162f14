// Reductions to a scalar: sum, mean, and the weighted (masked) mean the token losses use.
// Sums run in Double in one fixed order, so they never depend on the thread count.

extension Tape {
    /// Σ x → []. Backward: dx += dy.
    public func sum(_ x: Variable) -> Variable { weightedSum(x, weights: nil, divisor: 1) }

    /// Σ x / count → []. Backward: dx += dy / count.
    public func mean(_ x: Variable) -> Variable { weightedSum(x, weights: nil, divisor: Double(max(1, x.value.count))) }

    /// Σ w ⊙ x / Σ w over a mask or weights w of x's shape → [] (0 when Σ w = 0).
    ///   Backward: dx += dy · w / Σ w.
    public func maskedMean(_ x: Variable, mask: Tensor) -> Variable {
        checked { () throws(TensorError) in try shapeRule(mask.shape == x.shape, "maskedMean", x.shape, mask.shape, "a mask of x's shape") }
        var total = 0.0
        for i in 0..<mask.count { total += Double(mask.pointer[i]) }
        return weightedSum(x, weights: mask, divisor: total == 0 ? 1 : total)
    }

    /// Masked cross-entropy: −Σ mask ⊙ log p(target) / Σ mask, logits [..., V], one target per row.
    public func crossEntropy(_ logits: Variable, targets: [Int], mask: Tensor? = nil) -> Variable {
        let lp = logProbs(logits, targets: targets)
        return scale(maskedMean(lp, mask: mask ?? onesLike(lp.value)), -1)
    }

    private func weightedSum(_ x: Variable, weights: Tensor?, divisor: Double) -> Variable {
        let n = x.value.count, px = x.value.pointer
        var total = 0.0
        for i in 0..<n { total += Double(px[i]) * Double(weights?.pointer[i] ?? 1) }
        let y = Tensor(scalar: Float(total / divisor))
        return result(y, inputs: [x]) { out in
            let g = out.grad!.item / Float(divisor), dx = x.gradBuffer().pointer
            if let w = weights?.pointer {
                for i in 0..<n { dx[i] += g * w[i] }
            } else {
                for i in 0..<n { dx[i] += g }
            }
        }
    }
}

func onesLike(_ t: Tensor) -> Tensor {
    let ones = Tensor(zeros: t.shape)
    ones.fill(1)
    return ones
}
