// POPE's metrics with "yes" as the positive class; hand-computed expectations.
import XCTest
@testable import Evaluation
import Answers

final class POPEMetricsTests: XCTestCase {
    func testReadingAReply() {
        XCTAssertEqual(POPEMetrics.read("Yes, there is a dog."), .yes)
        XCTAssertEqual(POPEMetrics.read("yes"), .yes)
        XCTAssertEqual(POPEMetrics.read("No, there is no dog."), .no)
        XCTAssertEqual(POPEMetrics.read("There is not a dog in the image."), .no)
        XCTAssertEqual(POPEMetrics.read("There is a dog. No cat though."), .yes)  // only the first sentence
        // What POPE's own script would have counted as yes.
        XCTAssertEqual(POPEMetrics.read("1"), .unparseable)
        XCTAssertEqual(POPEMetrics.read(""), .unparseable)
        XCTAssertEqual(POPEMetrics.read("Shapes: red circle"), .unparseable)
    }

    /// Unparseable replies: wrong for accuracy, a miss for recall, never a predicted yes.
    func testUnparseableRepliesAreCountedApart() {
        let probes: [(setting: String, response: String, labelYes: Bool)] = [
            ("random", "Yes", true), ("random", "1", true), ("random", "No", false), ("random", "??", false),
        ]
        let metrics = POPEMetrics.bySetting(probes)[0].metrics
        XCTAssertEqual(metrics.count, 4)
        XCTAssertEqual(metrics.unparseable, 2)
        XCTAssertEqual(metrics.accuracy, 2.0 / 4.0)
        XCTAssertEqual(metrics.precision, 1.0)
        XCTAssertEqual(metrics.recall, 1.0 / 2.0)
        XCTAssertEqual(metrics.yesRatio, 1.0 / 4.0)
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
