// 95 % intervals for accuracies in the report: Wilson's score interval, which stays inside
// [0, 1] and behaves at 0 % and 100 %, unlike the normal approximation p ± 1.96·√(p(1−p)/n).
import Foundation

public struct ConfidenceInterval: Equatable, Sendable {
    public var lower: Double
    public var upper: Double

    /// Wilson interval for `correct` successes out of `total` at z = 1.96:
    ///   centre = (p + z²/2n) / (1 + z²/n),  half = z·√(p(1−p)/n + z²/4n²) / (1 + z²/n)
    public static func wilson(correct: Int, total: Int, z: Double = 1.959963984540054) -> ConfidenceInterval {
        guard total > 0 else { return ConfidenceInterval(lower: 0, upper: 1) }
        let n = Double(total), p = Double(correct) / n, z2 = z * z
        let denominator = 1 + z2 / n
        let centre = (p + z2 / (2 * n)) / denominator
        let half = z * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot() / denominator
        return ConfidenceInterval(lower: max(0, centre - half), upper: min(1, centre + half))
    }
}
