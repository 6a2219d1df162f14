// DiscoPOP (TRL `discopop`, docs/method.md, "Other preference losses"), a log-ratio-modulated mix of
// the logistic and exp losses:
//   z = βh, m = σ(z/τ):  L = (1 − m)·(−log σ(z)) + m·exp(−z),   τ = 0.05 by default
import Foundation

public struct DiscoPOPLoss: PairwiseLoss {
    public var tau: Double
    public init(tau: Double = 0.05) { self.tau = tau }

    public func evaluate(_ pair: PairLogProbs, beta: Double) -> LossAndGradient {
        let z = beta * pair.logRatioMargin
        let m = sigmoid(z / tau)
        let value = (1 - m) * -logSigmoid(z) + m * exp(-z)
        // dm/dz = m(1−m)/τ;  dL/dz = m′·(log σ(z) + e^{−z}) − (1−m)·σ(−z) − m·e^{−z}
        let dm = m * (1 - m) / tau
        let dz = dm * (logSigmoid(z) + exp(-z)) - (1 - m) * sigmoid(-z) - m * exp(-z)
        return .ofMargin(value: value, dMargin: beta * dz)
    }
}
