// Extraction seen through scoring: a bare option letter scored end to end, and the agreement of
// our rules with stored (GPT-4) extractions (docs/answers.md, "Extraction rules").
import Answers
import TestSupport
import XCTest

@testable import Evaluation

final class ExtractionScoringTests: XCTestCase {
    let choice = MathVistaProblem(
        pid: "1", questionType: "multi_choice", answerType: "text", choices: ["3/11", "8/11", "6/11"], answer: "8/11")
    let integer = MathVistaProblem(pid: "2", questionType: "free_form", answerType: "integer", answer: "5")

    /// Scored end to end: a bare "B" whose option is the answer counts as correct, and a bare "C" does not.
    func testBareLetterScoresAsItsOption() {
        let outputs = [
            MathVistaOutput(problem: choice, response: "B", extraction: nil),
            MathVistaOutput(problem: choice, response: "C", extraction: nil),
        ]
        let scoring = MathVistaScoring(outputs, options: MathVistaScoringOptions(extraction: .rules))
        XCTAssertEqual(scoring.items.map(\.isCorrect), [true, false])
    }

    func testAgreementIsOverNormalisedPredictions() {
        let outputs = [
            MathVistaOutput(problem: choice, response: "The answer is (B).", extraction: "8/11"),  // same prediction, other text
            MathVistaOutput(problem: integer, response: "It is 5", extraction: "5"),
            MathVistaOutput(problem: integer, response: "It is 4", extraction: "5"),
            MathVistaOutput(problem: integer, response: "It is 4", extraction: nil),  // skipped
        ]
        let agreement = ExtractionAgreement(outputs)
        XCTAssertEqual(
            agreement.overall, .init(records: 3, samePrediction: 2, sameText: 1, correctWithStored: 3, correctWithRules: 2))
        XCTAssertEqual(agreement.overall.accuracyDifference, -100.0 / 3, accuracy: 1e-12)
        // The groups split the same records: one multi-choice text item, two free-form integers.
        XCTAssertEqual(agreement.byAnswerType.map(\.name), ["text", "integer"])
        XCTAssertEqual(agreement.byQuestionType.map(\.name), ["multi_choice", "free_form"])
        XCTAssertEqual(
            agreement.byAnswerType[1].tally, .init(records: 2, samePrediction: 1, sameText: 1, correctWithStored: 2, correctWithRules: 1))
        XCTAssertEqual(agreement.byQuestionType.map(\.tally.records), [1, 2])
    }

    /// Against the GPT-4 extractions stored with each fixture model's outputs: the rules give the
    /// same prediction on at least 92 % of the items, and an accuracy within 1 point.
    func testTheRulesAgreeWithGPT4OnEveryFixtureModel() throws {
        for model in Fixtures.models {
            let file = try MathVistaRecords.readOutputs(
                path: try Fixtures.path("output_\(model).json"), annotationsPath: try Fixtures.path("testmini.json"))
            let overall = ExtractionAgreement(file.outputs).overall
            XCTAssertEqual(overall.records, 1000)
            XCTAssertGreaterThanOrEqual(overall.predictionRate, 0.92, model)
            XCTAssertLessThanOrEqual(abs(overall.accuracyDifference), 1.0, model)
        }
    }
}
