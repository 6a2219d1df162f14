// RSO / SLiC (TRL `hinge`, docs/method.md, "Other preference losses"):  L = max(0, 1 − βh)

public struct HingeLoss: PairwiseLoss {
    public init() {}

    public func evaluate(_ pair: PairLogProbs, beta: Double) -> LossAndGradient {
        let slack = 1 - beta * pair.logRatioMargin
        return slack > 0 ? .ofMargin(value: slack, dMargin: -beta) : .ofMargin(value: 0, dMargin: 0)
    }
}
