// BCO (TRL `bco_pair`, docs/method.md, "BCO pair and δ" and "BCO's rejected sign"), the quality
// term of MPO:
//   L = −log σ(βρc − δ) − log σ(−(βρr − δ)),   δ = RewardShift.mean, updated before use.

public struct BCOPairLoss: PairwiseLoss {
    /// δ for this micro-batch (no gradient flows into it).
    public var delta: Double
    public init(delta: Double) { self.delta = delta }

    public func evaluate(_ pair: PairLogProbs, beta: Double) -> LossAndGradient {
        let chosen = beta * pair.chosenLogRatio - delta
        let rejected = beta * pair.rejectedLogRatio - delta
        let value = -logSigmoid(chosen) - logSigmoid(-rejected)
        return LossAndGradient(value: value, dPolicyChosen: -beta * sigmoid(-chosen), dPolicyRejected: beta * sigmoid(rejected))
    }
}
