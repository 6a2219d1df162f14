// The generation term (docs/method.md, "Generation term (SFT)" and "Per-sequence SFT mean"): the
// chosen response's mean token NLL,
//   L = −Lc / |y_c|,
// per sequence, then averaged over the batch like every other term — the paper's formula, not
// a batch-global token mean.

public struct SFTLoss: PairwiseLoss {
    public init() {}

    public func evaluate(_ pair: PairLogProbs, beta: Double) -> LossAndGradient {
        let tokens = Double(pair.chosenTokens)
        return LossAndGradient(value: -pair.policyChosen / tokens, dPolicyChosen: -1 / tokens, dPolicyRejected: 0)
    }
}
