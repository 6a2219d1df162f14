import Foundation
import TestSupport
import XCTest
@testable import Evaluation

final class ConfidenceIntervalTests: XCTestCase {
    /// Against scipy's own Wilson interval (statsmodels' proportion_confint method="wilson" agrees),
    /// recomputed here from the normal quantile scipy gives.
    func testWilsonMatchesAnIndependentComputation() throws {
        let script = """
            import json, math
            from scipy.stats import norm
            z = norm.ppf(0.975)
            out = []
            for k, n in [(0, 10), (10, 10), (348, 1000), (1, 3), (57, 120)]:
                p = k / n
                c = (p + z*z/(2*n)) / (1 + z*z/n)
                h = z * math.sqrt(p*(1-p)/n + z*z/(4*n*n)) / (1 + z*z/n)
                out.append([max(0, c-h), min(1, c+h)])
            print(json.dumps(out))
            """
        let python = try Subprocess.run("python3", ["-c", script])
        XCTAssertEqual(python.status, 0, python.stderr)
        let expected = try JSONSerialization.jsonObject(with: Data(python.stdout)) as! [[Double]]
        for ((k, n), bounds) in zip([(0, 10), (10, 10), (348, 1000), (1, 3), (57, 120)], expected) {
            let interval = ConfidenceInterval.wilson(correct: k, total: n)
            XCTAssertEqual(interval.lower, bounds[0], accuracy: 1e-12, "\(k)/\(n)")
            XCTAssertEqual(interval.upper, bounds[1], accuracy: 1e-12, "\(k)/\(n)")
        }
    }

    func testKnownValue() {
        // 34.8 % of 1000: Wilson 95 % interval ≈ [31.92 %, 37.80 %] (from the formula by hand).
        let interval = ConfidenceInterval.wilson(correct: 348, total: 1000)
        XCTAssertEqual(interval.lower, 0.3192, accuracy: 5e-4)
        XCTAssertEqual(interval.upper, 0.3780, accuracy: 5e-4)
    }
}
