// The per-batch metrics TRL users know (docs/method.md, "Training metrics"): rewards are β·ρ of the
// policy against the frozen reference; accuracy is the share of pairs whose chosen reward beats the
// rejected one.

public struct PreferenceMetrics: Sendable, Equatable {
    public var rewardsChosen: Double  // rewards/chosen  = mean β·ρc
    public var rewardsRejected: Double  // rewards/rejected = mean β·ρr
    public var rewardsAccuracy: Double  // rewards/accuracies = mean [β·ρc > β·ρr]
    public var rewardsMargin: Double  // rewards/margins = mean β·(ρc − ρr)
    public var logpsChosen: Double  // logps/chosen  = mean Lc
    public var logpsRejected: Double  // logps/rejected = mean Lr

    public init(_ pairs: [PairLogProbs], beta: Double) {
        let count = Double(pairs.count)
        func mean(_ value: (PairLogProbs) -> Double) -> Double { pairs.reduce(0) { $0 + value($1) } / count }
        rewardsChosen = mean { beta * $0.chosenLogRatio }
        rewardsRejected = mean { beta * $0.rejectedLogRatio }
        rewardsAccuracy = mean { beta * $0.chosenLogRatio > beta * $0.rejectedLogRatio ? 1 : 0 }
        rewardsMargin = mean { beta * $0.logRatioMargin }
        logpsChosen = mean(\.policyChosen)
        logpsRejected = mean(\.policyRejected)
    }
}
