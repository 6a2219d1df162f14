// SPPO, hard-label form (TRL `sppo_hard`, docs/method.md, "Other preference losses"); ρ is not
// multiplied by β here:
//   L = (ρc − 1/(2β))² + (ρr + 1/(2β))²

public struct SPPOHardLoss: PairwiseLoss {
    public init() {}

    public func evaluate(_ pair: PairLogProbs, beta: Double) -> LossAndGradient {
        let chosen = pair.chosenLogRatio - 1 / (2 * beta)
        let rejected = pair.rejectedLogRatio + 1 / (2 * beta)
        return LossAndGradient(value: chosen * chosen + rejected * rejected, dPolicyChosen: 2 * chosen, dPolicyRejected: 2 * rejected)
    }
}
