// The shape every preference loss shares: per-pair summed log-probs in, per-pair losses and
// their derivatives with respect to the policy's summed log-probs out (docs/method.md, "Notation",
// "Losses"). All arithmetic is in Double: the inputs are sums over hundreds of tokens
// (docs/method.md, "Summed log-probs in high precision").
import Foundation

/// One preference pair's log-probs: sums over the supervised tokens (response + end-of-turn).
public struct PairLogProbs: Sendable, Equatable {
    public var policyChosen: Double  // Lc
    public var policyRejected: Double  // Lr
    public var referenceChosen: Double  // Rc
    public var referenceRejected: Double  // Rr
    public var chosenTokens: Int  // |y_c|, for length-normalised losses
    public var rejectedTokens: Int  // |y_r|

    public init(
        policyChosen: Double, policyRejected: Double, referenceChosen: Double, referenceRejected: Double, chosenTokens: Int,
        rejectedTokens: Int
    ) {
        self.policyChosen = policyChosen
        self.policyRejected = policyRejected
        self.referenceChosen = referenceChosen
        self.referenceRejected = referenceRejected
        self.chosenTokens = chosenTokens
        self.rejectedTokens = rejectedTokens
    }

    /// ρc = Lc − Rc and ρr = Lr − Rr, the per-response log-ratios.
    public var chosenLogRatio: Double { policyChosen - referenceChosen }
    public var rejectedLogRatio: Double { policyRejected - referenceRejected }
    /// h = ρc − ρr.
    public var logRatioMargin: Double { chosenLogRatio - rejectedLogRatio }
}

/// A pair's loss and its partial derivatives ∂loss/∂Lc and ∂loss/∂Lr (the reference is frozen).
public struct LossAndGradient: Sendable, Equatable {
    public var value: Double
    public var dPolicyChosen: Double
    public var dPolicyRejected: Double

    public init(value: Double, dPolicyChosen: Double, dPolicyRejected: Double) {
        self.value = value
        self.dPolicyChosen = dPolicyChosen
        self.dPolicyRejected = dPolicyRejected
    }

    /// A loss that depends on the pair only through h = ρc − ρr, given dL/dh.
    static func ofMargin(value: Double, dMargin: Double) -> LossAndGradient {
        LossAndGradient(value: value, dPolicyChosen: dMargin, dPolicyRejected: -dMargin)
    }
}

/// A loss over a micro-batch of pairs. Most losses are per pair; the AOT variants sort across the
/// batch, which is why the unit is the batch. `beta` is the KL coefficient β.
public protocol PreferenceLoss: Sendable {
    func evaluate(_ pairs: [PairLogProbs], beta: Double) -> [LossAndGradient]
}

/// A loss that looks at one pair at a time.
public protocol PairwiseLoss: PreferenceLoss {
    func evaluate(_ pair: PairLogProbs, beta: Double) -> LossAndGradient
}

extension PairwiseLoss {
    public func evaluate(_ pairs: [PairLogProbs], beta: Double) -> [LossAndGradient] {
        pairs.map { evaluate($0, beta: beta) }
    }
}

// MARK: - Stable logistic functions

/// σ(z) without overflow for large |z|.
func sigmoid(_ z: Double) -> Double {
    z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z))
}

/// log σ(z) = −softplus(−z), stable for large |z|; its derivative is σ(−z).
func logSigmoid(_ z: Double) -> Double {
    -(max(-z, 0) + log1p(exp(-abs(z))))
}
