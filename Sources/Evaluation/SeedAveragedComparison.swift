// Two models, each trained with several data-order seeds, compared on the same items (REPORT.md's
// "Data-order seeds"): one run of a training is one draw of its data order, and two draws of the
// same run disagree on a tenth of the problems (docs/model.md, "How much of it is the seed"). Per
// item, the share of a model's runs that got it right; the difference of the two shares, averaged
// over the items, with the paired bootstrap interval over items (PairedComparison.swift). The runs
// of an item stay together in a resample: the interval is over which problems were drawn, for the
// average of these seeds; the spread between seeds is shown beside it, run by run.
import Foundation

public struct SeedAveragedComparison: Equatable, Sendable {
    /// Number of items.
    public let n: Int
    /// Each run's accuracy (share of items right), first model's runs in order.
    public let firstRates: [Double]
    public let secondRates: [Double]
    /// Mean over items of the share of the first model's runs right (= the mean of `firstRates`).
    public let firstMean: Double
    public let secondMean: Double
    /// firstMean − secondMean.
    public let difference: Double
    /// Paired bootstrap 95 % percentile interval of `difference`, over items.
    public let interval: ConfidenceInterval

    /// `first[r][i]`: whether run r of the first model got item i right; every run of both models
    /// must cover the same n items in the same order. Same inputs and seed → the same interval.
    public init(
        first: [[Bool]], second: [[Bool]], resamples: Int = PairedComparison.defaultResamples, seed: UInt64 = PairedComparison.defaultSeed
    ) throws {
        guard let n = first.first?.count, !second.isEmpty else { throw PairedComparisonError.noItems }
        for run in first + second where run.count != n {
            throw PairedComparisonError.lengthMismatch(first: n, second: run.count)
        }
        guard n > 0 else { throw PairedComparisonError.noItems }
        guard resamples >= 1 else { throw PairedComparisonError.invalidResamples(resamples) }
        let r1 = first.count, r2 = second.count

        // d_i = R2·Σ_r first[r][i] − R1·Σ_s second[s][i] = R1·R2·(share₁ᵢ − share₂ᵢ): an integer,
        // so the bootstrap's sums are exact and its bits reproducible.
        func rightCounts(_ runs: [[Bool]]) -> [Int] {
            (0..<n).map { i in runs.reduce(0) { $0 + ($1[i] ? 1 : 0) } }
        }
        let right1 = rightCounts(first), right2 = rightCounts(second)
        let d = (0..<n).map { r2 * right1[$0] - r1 * right2[$0] }

        self.n = n
        firstRates = first.map { run in Double(run.filter { $0 }.count) / Double(n) }
        secondRates = second.map { run in Double(run.filter { $0 }.count) / Double(n) }
        firstMean = Double(right1.reduce(0, +)) / Double(n * r1)
        secondMean = Double(right2.reduce(0, +)) / Double(n * r2)
        difference = Double(d.reduce(0, +)) / Double(n * r1 * r2)
        interval = PairedComparison.bootstrapInterval(differences: d, denominator: r1 * r2, resamples: resamples, seed: seed)
    }

    /// "first − second > threshold", judged by the interval as `PairedComparison.verdict` does.
    public func verdict(threshold: Double = 0) -> PairedComparison.Verdict {
        PairedComparison.verdict(of: interval, threshold: threshold)
    }
}
