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

    /// With the older integer rule, every stored prediction is reproduced exactly, the 11 integer
    /// items that today's rule truncates included; and the published scores are unchanged.
    func testTheLegacyIntegerRuleReproducesEveryStoredPrediction() throws {
        var differingToday: [String: Int] = [:]
        for model in Fixtures.models {
            let file = try MathVistaRecords.readOutputs(
                path: try Fixtures.path("output_\(model).json"), annotationsPath: try Fixtures.path("testmini.json"))
            let raw = try MathVistaRecords.readKeyedRecords(path: try Fixtures.path("output_\(model).json"))
            let legacy = MathVistaScoring(file.outputs, options: .init(integerRule: .legacy))
            let today = MathVistaScoring(file.outputs)
            for ((item, current), (_, record)) in zip(zip(legacy.items, today.items), raw) {
                XCTAssertEqual(item.prediction, record["prediction"], "\(model) pid \(item.pid)")
                XCTAssertEqual(item.isCorrect, record["true_false"]?.boolValue, "\(model) pid \(item.pid)")
                if current.prediction != item.prediction { differingToday[model, default: 0] += 1 }
            }
        }
        XCTAssertEqual(differingToday, ["bard": 3, "claude_2shot_solution": 3, "minigpt4_llama2": 5])
    }

    func testTheLegacyIntegerRuleIsPythonsInt() {
        func predict(_ extraction: JSONValue, _ rule: IntegerRule) -> JSONValue {
            MathVistaNormalization.normalize(
                extraction: extraction, choices: [], questionType: "free_form", answerType: "integer", precision: nil, integerRule: rule)
        }
        // str(int(x)) in Python: strings must spell an integer; numbers truncate.
        let cases: [(JSONValue, JSONValue, JSONValue)] = [
            ("3.4", .null, "3"), ("2.0", .null, "2"), (" +12 ", "12", "12"), ("1_000", "1000", "1000"), ("1e3", .null, "1000"),
            (.number(3.9), "3", "3"), (.integer(-7), "-7", "-7"), ("", .null, .null), ("x", .null, .null),
        ]
        for (extraction, legacy, current) in cases {
            XCTAssertEqual(predict(extraction, .legacy), legacy, "legacy \(extraction)")
            XCTAssertEqual(predict(extraction, .current), current, "current \(extraction)")
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
