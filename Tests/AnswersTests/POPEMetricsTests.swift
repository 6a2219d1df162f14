// POPE's metrics with "yes" as the positive class; hand-computed expectations.
import XCTest
@testable import Answers

final class POPEMetricsTests: XCTestCase {
    func testReadingAReply() {
        XCTAssertTrue(POPEMetrics.isYes("Yes, there is a dog."))
        XCTAssertFalse(POPEMetrics.isYes("No, there is no dog."))
        XCTAssertFalse(POPEMetrics.isYes("There is not a dog in the image."))
        XCTAssertTrue(POPEMetrics.isYes("There is a dog. No cat though."))  // only the first sentence
    }

    func testMetricsPerSetting() {
        let probes: [(setting: String, response: String, labelYes: Bool)] = [
            ("random", "Yes", true), ("random", "Yes", false), ("random", "No", false), ("random", "No", true),
            ("random", "Yes", true), ("adversarial", "No", false),
        ]
        let table = POPEMetrics.bySetting(probes)
        XCTAssertEqual(table.map(\.setting), ["random", "adversarial"])
        let random = table[0].metrics
        XCTAssertEqual(random.accuracy, 3.0 / 5.0)
        XCTAssertEqual(random.precision, 2.0 / 3.0)
        XCTAssertEqual(random.recall, 2.0 / 3.0)
        XCTAssertEqual(random.f1, 2.0 / 3.0, accuracy: 1e-12)
        XCTAssertEqual(random.yesRatio, 3.0 / 5.0)
        XCTAssertEqual(table[1].metrics.precision, 0)  // no positives predicted
    }
}
