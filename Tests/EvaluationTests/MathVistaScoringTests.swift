// Per-pid results against the official script's own written-back fields (docs/answers.md,
// "Correctness" and "Published scores vs today's code") and the scorer's warnings.
import JSON
import TestSupport
import XCTest
@testable import Evaluation
import Answers

final class MathVistaScoringTests: XCTestCase {
    /// The stored `prediction`/`true_false` were written by the official script. The one known
    /// difference is the older integer rule `str(int(x))` (docs/answers.md, "Published scores vs
    /// today's code"), which gave None for "3.4" where today's rule truncates to "3"; those items
    /// are wrong either way.
    func testPredictionsMatchTheStoredOnesPerPid() throws {
        for model in Fixtures.models {
            let file = try MathVistaRecords.readOutputs(
                path: try Fixtures.path("output_\(model).json"), annotationsPath: try Fixtures.path("testmini.json"))
            let scoring = MathVistaScoring(file.outputs)
            let raw = try MathVistaRecords.readKeyedRecords(path: try Fixtures.path("output_\(model).json"))
            XCTAssertEqual(scoring.items.map(\.pid), raw.map(\.pid), "file order is kept")
            for (item, (_, record)) in zip(scoring.items, raw) {
                XCTAssertEqual(item.isCorrect, record["true_false"]?.boolValue, "\(model) pid \(item.pid)")
                if item.prediction == record["prediction"] { continue }
                let extraction = record["extraction"]?.stringValue ?? ""
                let olderRuleFails = PythonNumbers.integerString(parsing: extraction) == nil
                XCTAssertTrue(
                    record["answer_type"] == "integer" && record["prediction"] == .null && olderRuleFails,
                    "\(model) pid \(item.pid): \(item.prediction) vs stored \(String(describing: record["prediction"]))")
            }
            // Stable: scoring twice gives the same bytes.
            XCTAssertEqual(MathVistaScoring(file.outputs).predictionsText, scoring.predictionsText)
        }
    }

    private func output(pid: String, extraction: JSONValue?, answer: JSONValue = "5") -> MathVistaOutput {
        MathVistaOutput(
            problem: MathVistaProblem(
                pid: pid, questionType: "free_form", answerType: "integer", answer: answer,
                attributes: ["question_type": "free_form"]),
            response: "The answer is 5.", extraction: extraction)
    }

    func testMissingExtractionIsAWarningWithTheCount() {
        let scoring = MathVistaScoring([
            output(pid: "2", extraction: nil), output(pid: "4", extraction: nil), output(pid: "5", extraction: "5"),
        ])
        XCTAssertEqual(scoring.warnings, ["2 records have no \"extraction\"; scored as wrong (pids 2, 4)"])
        XCTAssertEqual(scoring.items.map(\.isCorrect), [false, false, true])
        XCTAssertEqual(scoring.items[0].prediction, .null)
    }

    func testExtractionSources() {
        let records = [output(pid: "1", extraction: "  "), output(pid: "2", extraction: "7")]
        XCTAssertEqual(MathVistaScoring(records, options: .init(extraction: .field)).items.map(\.prediction), [.null, "7"])
        XCTAssertEqual(MathVistaScoring(records, options: .init(extraction: .rules)).items.map(\.prediction), ["5", "5"])
        XCTAssertEqual(MathVistaScoring(records, options: .init(extraction: .auto)).items.map(\.prediction), ["5", "7"])
    }

    func testAnswerComparisonIsByCodePoints() {
        let decomposed = MathVistaOutput(
            problem: MathVistaProblem(pid: "1", questionType: "free_form", answerType: "text", answer: "e\u{301}"),
            response: nil, extraction: "é")
        XCTAssertFalse(MathVistaScoring([decomposed]).items[0].isCorrect)
    }
}
