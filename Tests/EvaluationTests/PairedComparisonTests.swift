// The paired comparison: exact McNemar p against scipy, the generator against a Python
// transcription of the reference, the bootstrap interval against the normal approximation,
// and the verdicts and refusals on cases whose answer is known without the code under test.
import Foundation
import XCTest
@testable import Evaluation

final class PairedComparisonTests: XCTestCase {
    /// Outcome lists with b items "first only", c items "second only", `both` items true in both
    /// and `neither` false in both, interleaved so the pattern is not sorted.
    private func lists(b: Int, c: Int, both: Int, neither: Int) -> (first: [Bool], second: [Bool]) {
        var pairs =
            Array(repeating: (true, false), count: b) + Array(repeating: (false, true), count: c)
            + Array(repeating: (true, true), count: both) + Array(repeating: (false, false), count: neither)
        // A fixed permutation: stride through with a step coprime to the count.
        let n = pairs.count
        if n > 1 {
            var step = 7
            while gcd(step, n) != 1 { step += 1 }
            pairs = (0..<n).map { pairs[($0 * step) % n] }
        }
        return (pairs.map(\.0), pairs.map(\.1))
    }

    private func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }

    func testMcNemarMatchesScipy() throws {
        // Computed with scipy 1.17.1, one line per pair:
        //   python3 -c "from scipy.stats import binomtest; print(binomtest(min(b, c), b + c, 0.5).pvalue)"
        // (b + c = 0 has no test; p = 1 by definition.)
        let expected: [(b: Int, c: Int, p: Double)] = [
            (0, 0, 1.0),
            (3, 0, 0.25),
            (10, 4, 0.1795654296875),
            (4, 10, 0.1795654296875),
            (25, 40, 0.08168153394154003),
            (120, 160, 0.019606727290281328),
            (500, 540, 0.22651558839716407),
            (0, 60, 1.734723475976807e-18),
            (40, 10, 2.3861331676755526e-05),
            (7, 5, 0.7744140625),
            (12, 12, 1.0),
        ]
        for (b, c, p) in expected {
            let got = PairedComparison.mcnemarExactP(firstOnly: b, secondOnly: c)
            XCTAssertLessThanOrEqual(abs(got - p), 1e-9 * p, "McNemar p for b = \(b), c = \(c): got \(got), scipy \(p)")
        }
        // The same p comes out of a comparison of outcome lists with those discordant counts.
        let (first, second) = lists(b: 25, c: 40, both: 30, neither: 5)
        let comparison = try PairedComparison(first: first, second: second, resamples: 100)
        XCTAssertEqual(comparison.firstOnly, 25)
        XCTAssertEqual(comparison.secondOnly, 40)
        XCTAssertLessThanOrEqual(abs(comparison.mcnemarP - 0.08168153394154003), 1e-9 * 0.08168153394154003)
    }

    func testCountsAndRatesAreRecountedFromTheLists() throws {
        let first = (0..<37).map { $0 % 3 != 0 }, second = (0..<37).map { $0 % 4 == 1 || $0 % 5 == 0 }
        let comparison = try PairedComparison(first: first, second: second, resamples: 10)
        var b = 0, c = 0
        for (x, y) in zip(first, second) { if x && !y { b += 1 } else if !x && y { c += 1 } }
        let rateA = Double(first.filter { $0 }.count) / 37, rateB = Double(second.filter { $0 }.count) / 37
        XCTAssertEqual(comparison.n, 37)
        XCTAssertEqual(comparison.firstOnly, b)
        XCTAssertEqual(comparison.secondOnly, c)
        XCTAssertEqual(comparison.firstRate, rateA, accuracy: 1e-15)
        XCTAssertEqual(comparison.secondRate, rateB, accuracy: 1e-15)
        XCTAssertEqual(comparison.difference, rateA - rateB, accuracy: 1e-15, "first minus second")
    }

    func testGeneratorMatchesAPythonTranscriptionOfTheReference() {
        // Vigna's splitmix64.c transcribed to Python integers (mod 2^64); its first outputs for seed
        // 1234567 are the published ones (6457827717110365317, 3203168211198807973, …).
        var generator = SplitMix64(seed: 1_234_567)
        XCTAssertEqual(
            (0..<5).map { _ in generator.next() },
            [
                6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423,
                4_593_380_528_125_082_431, 16_408_922_859_458_223_821,
            ])
        // Lemire's bounded draw in Python: m = x * bound; redraw while m % 2^64 < 2^64 % bound; index m >> 64.
        var seeded42 = SplitMix64(seed: 42)
        XCTAssertEqual((0..<8).map { _ in seeded42.next(below: 1000) }, [741, 159, 278, 344, 38, 868, 218, 800])
        var seeded7 = SplitMix64(seed: 7)
        XCTAssertEqual((0..<8).map { _ in seeded7.next(below: 3) }, [1, 0, 2, 1, 1, 0, 1, 0])
    }

    func testBoundedDrawsAreUniform() {
        // bound = 3·2^62 = ¾ of 2^64, where both shortcuts are badly biased: x mod bound gives the
        // values below 2^62 two preimages each (share ½ instead of ⅓), and multiply-shift without
        // the rejection step gives every multiple of 3 two preimages (share ½ instead of ⅓).
        var generator = SplitMix64(seed: 3)
        let bound = UInt64(3) << 62
        var belowQuarter = 0, multiplesOfThree = 0
        let draws = 20_000
        for _ in 0..<draws {
            let value = generator.next(below: bound)
            XCTAssertLessThan(value, bound)
            if value < UInt64(1) << 62 { belowQuarter += 1 }
            if value % 3 == 0 { multiplesOfThree += 1 }
        }
        // Binomial(20000, 1/3): sd ≈ 67; a biased draw would be ~3 300 (50 sd) off.
        XCTAssertEqual(Double(belowQuarter), Double(draws) / 3, accuracy: 5 * 67)
        XCTAssertEqual(Double(multiplesOfThree), Double(draws) / 3, accuracy: 5 * 67)
    }

    func testPercentileInterpolatesLikeNumpy() {
        // numpy.percentile(x, q) with its default linear method.
        XCTAssertEqual(PairedComparison.percentile([0, 1, 2, 3, 4], 0.25), 1)
        XCTAssertEqual(PairedComparison.percentile([0, 10], 0.025), 0.25, accuracy: 1e-15)
        XCTAssertEqual(PairedComparison.percentile([5], 0.975), 5)
    }

    func testIntervalContainsTheDifferenceAndIsDeterministic() throws {
        let (first, second) = lists(b: 60, c: 35, both: 200, neither: 105)
        let one = try PairedComparison(first: first, second: second, seed: 11)
        let again = try PairedComparison(first: first, second: second, seed: 11)
        XCTAssertEqual(one.difference, 25.0 / 400, accuracy: 1e-15)
        XCTAssertLessThanOrEqual(one.interval.lower, one.difference)
        XCTAssertGreaterThanOrEqual(one.interval.upper, one.difference)
        XCTAssertEqual(one.interval.lower.bitPattern, again.interval.lower.bitPattern)
        XCTAssertEqual(one.interval.upper.bitPattern, again.interval.upper.bitPattern)
        XCTAssertEqual(one, again)
        // Another seed draws other resamples; the interval may move, but only by resampling noise.
        let other = try PairedComparison(first: first, second: second, seed: 12)
        XCTAssertEqual(other.interval.lower, one.interval.lower, accuracy: 0.01)
        XCTAssertEqual(other.interval.upper, one.interval.upper, accuracy: 0.01)
    }

    func testIntervalWidthMatchesTheNormalApproximation() throws {
        // n = 1000, a mixed pattern: the first right on about 62 %, the second agreeing with it
        // except on an irregular ~20 % of the items. The agreement is what pairing exploits: an
        // unpaired bootstrap (or interval) would be about 1.5 times as wide and fail this test.
        let n = 1000
        let first = (0..<n).map { ($0 * 7919) % 100 < 62 }
        let second = (0..<n).map { first[$0] != (($0 * 104_729 + 13) % 97 < 20) }
        let comparison = try PairedComparison(first: first, second: second)
        // Normal approximation, recomputed here: d_i = first_i − second_i, width = 2·1.96·sd(d)/√n
        // with the population sd (the bootstrap resamples from the empirical distribution of d).
        let d = zip(first, second).map { Double($0 ? 1 : 0) - Double($1 ? 1 : 0) }
        let mean = d.reduce(0, +) / Double(n)
        let sd = (d.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n)).squareRoot()
        let normalWidth = 2 * 1.96 * sd / Double(n).squareRoot()
        let width = comparison.interval.upper - comparison.interval.lower
        XCTAssertGreaterThan(sd, 0.3, "the pattern must mix agreement and disagreement")
        XCTAssertEqual(width, normalWidth, accuracy: 0.15 * normalWidth, "bootstrap width \(width) vs normal \(normalWidth)")
        XCTAssertEqual((comparison.interval.lower + comparison.interval.upper) / 2, mean, accuracy: 0.15 * normalWidth)
    }

    func testEqualOutcomesGiveAZeroInterval() throws {
        let mixed = (0..<50).map { $0 % 3 == 0 }
        for (first, second) in [
            (mixed, mixed), ([Bool](repeating: true, count: 20), [Bool](repeating: true, count: 20)),
            ([Bool](repeating: false, count: 20), [Bool](repeating: false, count: 20)),
        ] {
            let comparison = try PairedComparison(first: first, second: second)
            XCTAssertEqual(comparison.interval, ConfidenceInterval(lower: 0, upper: 0))
            XCTAssertEqual(comparison.difference, 0)
            XCTAssertEqual(comparison.mcnemarP, 1)
            XCTAssertEqual(comparison.verdict(), .inconclusive)
        }
    }

    func testVerdictsOnClearCases() throws {
        // First always right, second always wrong: every resample has difference 1.
        let always = try PairedComparison(first: [Bool](repeating: true, count: 40), second: [Bool](repeating: false, count: 40))
        XCTAssertEqual(always.interval, ConfidenceInterval(lower: 1, upper: 1))
        XCTAssertEqual(always.verdict(), .holds)
        XCTAssertEqual(always.verdict(threshold: 0.05), .holds)
        // Swapped: the claim "first > second" does not hold.
        let never = try PairedComparison(first: [Bool](repeating: false, count: 40), second: [Bool](repeating: true, count: 40))
        XCTAssertEqual(never.verdict(), .doesNotHold)

        // 400 items, +30 points (b = 140, c = 20): the interval (±~5 points) is far above 0 and far
        // below +50, so "> 0" and "> +5" hold while "> +50" does not.
        let (first, second) = lists(b: 140, c: 20, both: 100, neither: 140)
        let large = try PairedComparison(first: first, second: second)
        XCTAssertEqual(large.difference, 0.3, accuracy: 1e-15)
        XCTAssertEqual(large.verdict(), .holds)
        XCTAssertEqual(large.verdict(threshold: 0.05), .holds)
        XCTAssertEqual(large.verdict(threshold: 0.5), .doesNotHold)
        let reversed = try PairedComparison(first: second, second: first)
        XCTAssertEqual(reversed.verdict(), .doesNotHold)

        // +1 point on 200 items with 12 discordant ones (sd of the difference ≈ 1.7 points): the
        // interval covers 0, so the data do not decide.
        let (a, b) = lists(b: 7, c: 5, both: 80, neither: 108)
        XCTAssertEqual(try PairedComparison(first: a, second: b).verdict(), .inconclusive)
    }

    func testRefusals() {
        XCTAssertThrowsError(try PairedComparison(first: [true, false, true], second: [true])) { error in
            XCTAssertEqual(error as? PairedComparisonError, .lengthMismatch(first: 3, second: 1))
            let message = String(describing: error)
            XCTAssertTrue(message.contains("3") && message.contains("1"), message)
        }
        XCTAssertThrowsError(try PairedComparison(first: [], second: [])) { error in
            XCTAssertEqual(error as? PairedComparisonError, .noItems)
        }
        XCTAssertThrowsError(try PairedComparison(first: [true], second: [false], resamples: 0)) { error in
            XCTAssertEqual(error as? PairedComparisonError, .invalidResamples(0))
        }
    }
}
