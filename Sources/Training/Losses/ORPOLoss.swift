// ORPO's odds-ratio term (docs/method.md, "Other preference losses"), reference-free, on
// length-averaged log-probs L̄ = L/|y|:
//   log_odds = (L̄c − L̄r) − (log(1 − e^{L̄c}) − log(1 − e^{L̄r})),   L = −λ·log σ(log_odds)
// The NLL half of ORPO is the `sft` term of the mix; λ is TRL's `beta` (0.1).
import Foundation

public struct ORPOLoss: PairwiseLoss {
    public init() {}

    public func evaluate(_ pair: PairLogProbs, beta lambda: Double) -> LossAndGradient {
        let chosenTokens = Double(pair.chosenTokens)
        let rejectedTokens = Double(pair.rejectedTokens)
        let chosen = pair.policyChosen / chosenTokens
        let rejected = pair.policyRejected / rejectedTokens
        // log(1 − e^x) = log(−expm1(x)), exact for x near 0.
        let logOdds = (chosen - rejected) - (log(-expm1(chosen)) - log(-expm1(rejected)))
        let value = -lambda * logSigmoid(logOdds)
        let dLogOdds = -lambda * sigmoid(-logOdds)
        // d log_odds / d L̄ = 1 + e^{L̄}/(1 − e^{L̄}) = 1/(1 − e^{L̄}) = −1/expm1(L̄)
        return LossAndGradient(
            value: value,
            dPolicyChosen: dLogOdds * (-1 / expm1(chosen)) / chosenTokens,
            dPolicyRejected: -dLogOdds * (-1 / expm1(rejected)) / rejectedTokens)
    }
}
