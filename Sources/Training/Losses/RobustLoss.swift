// Robust DPO (TRL `robust`, docs/method.md, "Other preference losses"), unbiased under label noise
// ε (0 ≤ ε < 0.5):
//   L = [−(1−ε)·log σ(βh) + ε·log σ(−βh)] / (1 − 2ε)

public struct RobustLoss: PairwiseLoss {
    public var labelSmoothing: Double
    public init(labelSmoothing: Double = 0) {
        precondition(labelSmoothing >= 0 && labelSmoothing < 0.5, "robust: label smoothing must be in [0, 0.5), got \(labelSmoothing)")
        self.labelSmoothing = labelSmoothing
    }

    public func evaluate(_ pair: PairLogProbs, beta: Double) -> LossAndGradient {
        let z = beta * pair.logRatioMargin
        let epsilon = labelSmoothing
        let scale = 1 / (1 - 2 * epsilon)
        let value = (-(1 - epsilon) * logSigmoid(z) + epsilon * logSigmoid(-z)) * scale
        let dz = (-(1 - epsilon) * sigmoid(-z) - epsilon * sigmoid(z)) * scale
        return .ofMargin(value: value, dMargin: beta * dz)
    }
}
