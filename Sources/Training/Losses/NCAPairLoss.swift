// NCA (TRL `nca_pair`, docs/method.md, "Other preference losses"):
//   L = −log σ(βρc) − ½·log σ(−βρc) − ½·log σ(−βρr)

public struct NCAPairLoss: PairwiseLoss {
    public init() {}

    public func evaluate(_ pair: PairLogProbs, beta: Double) -> LossAndGradient {
        let chosen = beta * pair.chosenLogRatio
        let rejected = beta * pair.rejectedLogRatio
        let value = -logSigmoid(chosen) - 0.5 * logSigmoid(-chosen) - 0.5 * logSigmoid(-rejected)
        let dChosen = -sigmoid(-chosen) + 0.5 * sigmoid(chosen)
        return LossAndGradient(value: value, dPolicyChosen: beta * dChosen, dPolicyRejected: beta * 0.5 * sigmoid(rejected))
    }
}
