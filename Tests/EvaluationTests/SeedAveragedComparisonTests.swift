// Seed-averaged paired comparisons: one run each is exactly the paired comparison; with several
// runs, the means are recounted here and the interval recomputed by a second route (per-item
// shares in Double, resampled with the same generator), never read back from the code under test.
import Foundation
import XCTest
@testable import Evaluation

final class SeedAveragedComparisonTests: XCTestCase {
    private let n = 150

    /// A run's outcomes: item i is right when `rule(i)` holds.
    private func run(_ rule: (Int) -> Bool) -> [Bool] { (0..<n).map(rule) }

    func testOneRunEachIsThePairedComparison() throws {
        let first = run { $0 % 3 != 0 }, second = run { $0 % 4 == 1 || $0 < 40 }
        let averaged = try SeedAveragedComparison(first: [first], second: [second], resamples: 500)
        let paired = try PairedComparison(first: first, second: second, resamples: 500)
        XCTAssertEqual(averaged.difference, paired.difference)
        XCTAssertEqual(averaged.interval, paired.interval)
        XCTAssertEqual(averaged.firstMean, paired.firstRate)
        XCTAssertEqual(averaged.secondMean, paired.secondRate)
    }

    func testMeansAndIntervalAgainstARecomputation() throws {
        let first = [run { $0 < 90 }, run { $0 >= 10 && $0 < 95 }, run { $0 % 2 == 0 || $0 < 50 }]
        let second = [run { $0 < 70 }, run { $0 % 3 == 0 || ($0 > 100 && $0 < 120) }]
        let resamples = 2_000
        let result = try SeedAveragedComparison(first: first, second: second, resamples: resamples, seed: 7)

        func rate(_ outcomes: [Bool]) -> Double { Double(outcomes.filter { $0 }.count) / Double(n) }
        XCTAssertEqual(result.firstRates, first.map(rate))
        XCTAssertEqual(result.secondRates, second.map(rate))
        let firstMean = first.map(rate).reduce(0, +) / 3, secondMean = second.map(rate).reduce(0, +) / 2
        XCTAssertEqual(result.firstMean, firstMean, accuracy: 1e-12)
        XCTAssertEqual(result.secondMean, secondMean, accuracy: 1e-12)
        XCTAssertEqual(result.difference, firstMean - secondMean, accuracy: 1e-12)

        // Per item, the share of each model's runs right and their difference; resampled items,
        // in the same order of draws as the code under test, averaged in Double.
        let share = (0..<n).map { i in
            Double(first.filter { $0[i] }.count) / 3 - Double(second.filter { $0[i] }.count) / 2
        }
        var generator = SplitMix64(seed: 7)
        var means = (0..<resamples).map { _ in
            (0..<n).map { _ in share[Int(generator.next(below: UInt64(n)))] }.reduce(0, +) / Double(n)
        }
        means.sort()
        XCTAssertEqual(result.interval.lower, PairedComparison.percentile(means, 0.025), accuracy: 1e-12)
        XCTAssertEqual(result.interval.upper, PairedComparison.percentile(means, 0.975), accuracy: 1e-12)
        XCTAssertLessThan(result.interval.lower, result.difference)
        XCTAssertGreaterThan(result.interval.upper, result.difference)
        XCTAssertEqual(result.verdict(), result.interval.lower > 0 ? .holds : result.interval.upper < 0 ? .doesNotHold : .inconclusive)
    }

    func testRefusals() {
        XCTAssertThrowsError(try SeedAveragedComparison(first: [run { $0 < 5 }], second: [run { $0 < 5 }, [true]])) { error in
            XCTAssertEqual(error as? PairedComparisonError, .lengthMismatch(first: n, second: 1))
        }
        XCTAssertThrowsError(try SeedAveragedComparison(first: [], second: [run { $0 < 5 }])) { error in
            XCTAssertEqual(error as? PairedComparisonError, .noItems)
        }
        XCTAssertThrowsError(try SeedAveragedComparison(first: [[]], second: [[]])) { error in
            XCTAssertEqual(error as? PairedComparisonError, .noItems)
        }
    }
}
