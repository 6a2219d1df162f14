// Paired comparison of two sets of 0/1 outcomes on the SAME items (REPORT.md's findings): the
// difference of the two rates with a paired bootstrap 95 % percentile interval (Efron & Tibshirani
// 1993, ch. 13), and the exact two-sided McNemar test on the items where the two disagree.
import Foundation

/// Why two outcome lists cannot be compared.
public enum PairedComparisonError: Error, CustomStringConvertible, Equatable, Sendable {
    /// Item i of one list must be item i of the other; differing lengths mean they are not.
    case lengthMismatch(first: Int, second: Int)
    /// No items: no difference to estimate.
    case noItems
    /// The bootstrap needs at least one resample.
    case invalidResamples(Int)

    public var description: String {
        switch self {
        case .lengthMismatch(let first, let second):
            return "a paired comparison needs outcomes on the same items: the first list has \(first) items, the second \(second)"
        case .noItems:
            return "a paired comparison needs at least one item; both lists are empty"
        case .invalidResamples(let count):
            return "the paired bootstrap needs at least one resample; got \(count)"
        }
    }
}

/// Two models' outcomes (true = correct, or whatever the outcome counts) on the same n items,
/// compared item by item. Every difference is FIRST MINUS SECOND, as a proportion in [−1, 1].
public struct PairedComparison: Equatable, Sendable {
    /// The outcome of a directional claim "first − second > threshold", judged by the interval.
    public enum Verdict: String, Equatable, Sendable {
        /// The whole interval lies above the threshold.
        case holds = "holds"
        /// The whole interval lies below the threshold.
        case doesNotHold = "does not hold"
        /// The interval straddles (or touches) the threshold: the data do not decide.
        case inconclusive = "inconclusive"
    }

    /// "MPO-PAIR" in ASCII: any fixed value would do; fixed so reports are reproducible bit for bit.
    public static let defaultSeed: UInt64 = 0x4D50_4F2D_5041_4952
    public static let defaultResamples = 10_000

    /// Number of items (pairs).
    public let n: Int
    /// Share of items whose outcome is true for the first list (its accuracy when outcome = correct).
    public let firstRate: Double
    /// Same for the second list.
    public let secondRate: Double
    /// firstRate − secondRate.
    public let difference: Double
    /// b: items where the first is true and the second false.
    public let firstOnly: Int
    /// c: items where the first is false and the second true.
    public let secondOnly: Int
    /// Paired bootstrap 95 % percentile interval of `difference`.
    public let interval: ConfidenceInterval
    /// Exact two-sided McNemar p-value on (b, c).
    public let mcnemarP: Double
    public let resamples: Int
    public let seed: UInt64

    /// Compares `first` with `second`, item i with item i. Throws when the lengths differ, when
    /// both are empty, or when `resamples` < 1. Same inputs and seed → the same interval, bit for bit.
    public init(first: [Bool], second: [Bool], resamples: Int = defaultResamples, seed: UInt64 = defaultSeed) throws {
        guard first.count == second.count else { throw PairedComparisonError.lengthMismatch(first: first.count, second: second.count) }
        guard !first.isEmpty else { throw PairedComparisonError.noItems }
        guard resamples >= 1 else { throw PairedComparisonError.invalidResamples(resamples) }
        let n = first.count

        // d_i = first_i − second_i ∈ {−1, 0, +1}; b = #{d_i = +1}, c = #{d_i = −1}.
        // Kept as integers so that every sum below is exact and the interval reproducible.
        var d = [Int](repeating: 0, count: n)
        var firstTrue = 0, secondTrue = 0, b = 0, c = 0
        for i in 0..<n {
            if first[i] { firstTrue += 1 }
            if second[i] { secondTrue += 1 }
            d[i] = (first[i] ? 1 : 0) - (second[i] ? 1 : 0)
            if d[i] == 1 { b += 1 } else if d[i] == -1 { c += 1 }
        }

        self.n = n
        self.firstRate = Double(firstTrue) / Double(n)
        self.secondRate = Double(secondTrue) / Double(n)
        self.difference = Double(firstTrue - secondTrue) / Double(n)
        self.firstOnly = b
        self.secondOnly = c
        self.interval = Self.bootstrapInterval(differences: d, denominator: 1, resamples: resamples, seed: seed)
        self.mcnemarP = Self.mcnemarExactP(firstOnly: b, secondOnly: c)
        self.resamples = resamples
        self.seed = seed
    }

    /// The claim "first − second > threshold" (threshold as a proportion: 0.05 = five points):
    /// holds when the interval's lower bound is above it, does not hold when the upper bound is
    /// below it, inconclusive otherwise. McNemar's p (`mcnemarP`) is the test of threshold 0.
    public func verdict(threshold: Double = 0) -> Verdict { Self.verdict(of: interval, threshold: threshold) }

    static func verdict(of interval: ConfidenceInterval, threshold: Double) -> Verdict {
        if interval.lower > threshold { return .holds }
        if interval.upper < threshold { return .doesNotHold }
        return .inconclusive
    }

    /// The paired bootstrap 95 % percentile interval of the mean of d_i / denominator over the n
    /// items. Resample r draws item indices j_1..j_n uniformly with replacement and records
    /// m_r = (1/(n·denominator)) Σ_k d_{j_k}. The SAME index j_k picks both models' outcomes, so
    /// what the two share (an item both get right, or both get wrong) cancels in d: the interval is
    /// that of the difference, narrower than two independent intervals would suggest. m_r is an
    /// exact integer sum divided once, so its bits do not depend on summation order.
    static func bootstrapInterval(differences d: [Int], denominator: Int, resamples: Int, seed: UInt64) -> ConfidenceInterval {
        let n = d.count
        var generator = SplitMix64(seed: seed)
        var means = [Double](repeating: 0, count: resamples)
        for r in 0..<resamples {
            var sum = 0
            for _ in 0..<n { sum += d[Int(generator.next(below: UInt64(n)))] }
            means[r] = Double(sum) / Double(n * denominator)
        }
        means.sort()
        return ConfidenceInterval(lower: percentile(means, 0.025), upper: percentile(means, 0.975))
    }

    /// Exact two-sided McNemar test: p = min(1, 2·P(X ≤ min(b, c))), X ~ Binomial(b + c, 1/2);
    /// p = 1 when b + c = 0 (no discordant items: no evidence either way). Agrees with scipy's
    /// `binomtest(min(b, c), b + c, 0.5).pvalue`. Underflows to 0 only below ~1e-308.
    public static func mcnemarExactP(firstOnly b: Int, secondOnly c: Int) -> Double {
        precondition(b >= 0 && c >= 0, "discordant counts are counts")
        let total = b + c, k = min(b, c)
        // b = c: P(X ≤ N/2) = 1/2 + pmf(N/2)/2 > 1/2, so 2·P > 1 and p = 1 (also covers N = 0).
        if 2 * k >= total { return 1 }

        // log pmf(k) = log C(N, k) − N·log 2, with log C(N, k) = Σ_{i=1..k} log((N − k + i) / i):
        // k terms of size ≤ log N, so no overflow of C(N, k) and no lgamma cancellation.
        var logChoose = 0.0
        for i in stride(from: 1, through: k, by: 1) {
            logChoose += log(Double(total - k + i) / Double(i))
        }
        let logPmfK = logChoose - Double(total) * log(2.0)

        // P(X ≤ k) = pmf(k) · S, S = Σ_{i=0..k} pmf(i)/pmf(k). Walking down from k with
        // pmf(i−1)/pmf(i) = i / (N − i + 1) < 1 (as i ≤ k < N/2), every term is ≤ 1 and S ∈ [1, k+1]:
        // no underflow even when pmf(0) = 2^−N is below the smallest Double.
        var term = 1.0, s = 1.0
        for i in stride(from: k, to: 0, by: -1) {
            term *= Double(i) / Double(total - i + 1)
            s += term
        }
        return min(1, exp(log(2.0) + logPmfK + log(s)))
    }

    /// The q-quantile of sorted values with linear interpolation between order statistics
    /// (numpy's default): position h = (R − 1)·q, value x_⌊h⌋ + (h − ⌊h⌋)·(x_⌊h⌋+1 − x_⌊h⌋).
    static func percentile(_ sorted: [Double], _ q: Double) -> Double {
        let h = Double(sorted.count - 1) * q
        let low = Int(h.rounded(.down)), high = min(low + 1, sorted.count - 1)
        return sorted[low] + (h - Double(low)) * (sorted[high] - sorted[low])
    }
}

/// SplitMix64 (Steele, Lea & Flood 2014; Vigna's `splitmix64.c`): the state advances by the
/// golden-ratio increment and each output is a two-multiply finaliser of it. Any seed works (zero
/// included), it passes BigCrush, and it is ten lines: plenty for bootstrap resampling, and written
/// out here so the report's intervals do not depend on a library's generator.
struct SplitMix64 {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in 0..<bound with no modulo bias, by Lemire's multiply-shift with rejection
    /// ("Fast random integer generation in an interval", 2019): the high word of x·bound (128-bit)
    /// is the index; of the 2^64 values of x, (2^64 mod bound) would make some indices one draw
    /// more likely, and they are exactly those whose low word is below that residue: redraw them.
    mutating func next(below bound: UInt64) -> UInt64 {
        precondition(bound > 0, "an empty range has no index")
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            // (2^64 − bound) mod bound = 2^64 mod bound, in 64-bit arithmetic.
            let residue = (0 &- bound) % bound
            while product.low < residue { product = next().multipliedFullWidth(by: bound) }
        }
        return product.high
    }
}
