// EXO (TRL `exo_pair`, docs/method.md, "Other preference losses"), the reverse KL to the label
// distribution (ε := 1e-3 when 0):
//   L = σ(βh)·[log σ(βh) − log(1−ε)] + σ(−βh)·[log σ(−βh) − log ε]
// Unlike TRL ≤ 0.28 this never changes ε for other terms of a mix (docs/method.md, "EXO leaves ε
// alone").
import Foundation

public struct EXOPairLoss: PairwiseLoss {
    public var labelSmoothing: Double
    public init(labelSmoothing: Double = 0) { self.labelSmoothing = labelSmoothing }

    public func evaluate(_ pair: PairLogProbs, beta: Double) -> LossAndGradient {
        let epsilon = labelSmoothing == 0 ? 1e-3 : labelSmoothing
        let z = beta * pair.logRatioMargin
        let p = sigmoid(z)
        let value = p * (logSigmoid(z) - log(1 - epsilon)) + (1 - p) * (logSigmoid(-z) - log(epsilon))
        // dL/dz = σ(z)σ(−z)·(z − log(1−ε) + log ε), using log σ(z) − log σ(−z) = z.
        let dz = p * (1 - p) * (z - log(1 - epsilon) + log(epsilon))
        return .ofMargin(value: value, dMargin: beta * dz)
    }
}
