// Anchored preference optimisation (TRL `apo_zero`, `apo_down`, docs/method.md, "Other preference
// losses"):
//   zero: L = (1 − σ(βρc)) + σ(βρr)        down: L = σ(βρc) + (1 − σ(βh))

public struct APOLoss: PairwiseLoss {
    public enum Anchor: Sendable { case zero, down }
    public var anchor: Anchor
    public init(_ anchor: Anchor) { self.anchor = anchor }

    public func evaluate(_ pair: PairLogProbs, beta: Double) -> LossAndGradient {
        // σ'(z) = σ(z)·(1 − σ(z))
        func slope(_ z: Double) -> Double { sigmoid(z) * (1 - sigmoid(z)) }
        let chosen = beta * pair.chosenLogRatio
        switch anchor {
        case .zero:
            let rejected = beta * pair.rejectedLogRatio
            return LossAndGradient(
                value: (1 - sigmoid(chosen)) + sigmoid(rejected),
                dPolicyChosen: -beta * slope(chosen), dPolicyRejected: beta * slope(rejected))
        case .down:
            let margin = beta * pair.logRatioMargin
            return LossAndGradient(
                value: sigmoid(chosen) + (1 - sigmoid(margin)),
                dPolicyChosen: beta * slope(chosen) - beta * slope(margin), dPolicyRejected: beta * slope(margin))
        }
    }
}
