// BCO's reward shift δ, exactly as TRL's RunningMoments computes it in one process
// (docs/method.md, "BCO pair and δ"):
// the cumulative mean of every micro-batch's mean reward mean([βρc_i] ++ [βρr_i]), current batch
// included, starting from mean 0 with count 1e-24 — not an EMA, never reset.

public struct RewardShift: Sendable, Equatable {
    public private(set) var mean: Double = 0
    public private(set) var count: Double = 1e-24

    public init() {}
    /// Restores a checkpointed state (TRL does not checkpoint δ; we do, so resume is exact).
    public init(mean: Double, count: Double) {
        self.mean = mean
        self.count = count
    }

    /// Folds in one micro-batch: b = mean of β·ρ over its chosen and rejected responses.
    /// RunningMoments also tracks a variance, but δ reads only the mean, so only it is kept.
    public mutating func update(with pairs: [PairLogProbs], beta: Double) {
        guard !pairs.isEmpty else { return }
        let total = pairs.reduce(0) { $0 + beta * $1.chosenLogRatio + beta * $1.rejectedLogRatio }
        let batchMean = total / Double(2 * pairs.count)
        let updatedCount = count + 1
        mean += (batchMean - mean) / updatedCount
        count = updatedCount
    }
}
