// DPO (TRL `sigmoid`), and cDPO when label smoothing ε > 0
// (docs/method.md, "DPO sigmoid and label smoothing"):
//   L = −(1−ε)·log σ(βh) − ε·log σ(−βh)

public struct SigmoidLoss: PairwiseLoss {
    public var labelSmoothing: Double
    public init(labelSmoothing: Double = 0) { self.labelSmoothing = labelSmoothing }

    public func evaluate(_ pair: PairLogProbs, beta: Double) -> LossAndGradient {
        let z = beta * pair.logRatioMargin
        let epsilon = labelSmoothing
        let value = -(1 - epsilon) * logSigmoid(z) - epsilon * logSigmoid(-z)
        // d/dz log σ(z) = σ(−z);  d/dz log σ(−z) = −σ(z)
        let dz = -(1 - epsilon) * sigmoid(-z) + epsilon * sigmoid(z)
        return .ofMargin(value: value, dMargin: beta * dz)
    }
}
