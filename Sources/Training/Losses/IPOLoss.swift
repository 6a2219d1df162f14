// IPO (TRL `ipo`; docs/method.md, "Other preference losses" and "IPO length normalisation"):
//   L = (h̄ − 1/(2β))²
// with h̄ = ρc/|y_c| − ρr/|y_r| when IPO is the only loss (InternVL's rule), else h̄ = h.

public struct IPOLoss: PairwiseLoss {
    public var lengthNormalized: Bool
    public init(lengthNormalized: Bool) { self.lengthNormalized = lengthNormalized }

    public func evaluate(_ pair: PairLogProbs, beta: Double) -> LossAndGradient {
        let chosenScale = lengthNormalized ? 1 / Double(pair.chosenTokens) : 1
        let rejectedScale = lengthNormalized ? 1 / Double(pair.rejectedTokens) : 1
        let margin = pair.chosenLogRatio * chosenScale - pair.rejectedLogRatio * rejectedScale
        let gap = margin - 1 / (2 * beta)
        return LossAndGradient(value: gap * gap, dPolicyChosen: 2 * gap * chosenScale, dPolicyRejected: -2 * gap * rejectedScale)
    }
}
