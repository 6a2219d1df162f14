// How often our rule-based extraction agrees with the stored GPT-4 extraction of an output file,
// and what each gives as accuracy. Rules: docs/answers.md, "MathVista's official scoring"; results:
// docs/answers.md, "Agreement with the stored GPT-4 extraction (`mpo-eval extract-agreement`)".

import Answers
import JSON

/// Agreement over the records that carry a stored extraction, overall and per answer type and
/// question type.
/// - `samePrediction`: both extractions normalise (docs/answers.md, "Normalisation") to the same
///   prediction, None included — what matters for the score.
/// - `sameText`: the two strings are equal after Python's strip.
public struct ExtractionAgreement: Sendable {
    /// The counts of one group of records.
    public struct Tally: Sendable, Equatable {
        public var records = 0
        public var samePrediction = 0
        public var sameText = 0
        public var correctWithStored = 0
        public var correctWithRules = 0

        public var predictionRate: Double { records == 0 ? 0 : Double(samePrediction) / Double(records) }
        public var textRate: Double { records == 0 ? 0 : Double(sameText) / Double(records) }
        /// Accuracy with our rules minus accuracy with the stored extraction, in points.
        public var accuracyDifference: Double {
            records == 0 ? 0 : Double(correctWithRules - correctWithStored) / Double(records) * 100
        }
    }

    public var overall = Tally()
    /// Per `answer_type` and per `question_type`, in order of first appearance.
    public var byAnswerType: [(name: String, tally: Tally)] = []
    public var byQuestionType: [(name: String, tally: Tally)] = []
    /// Records whose predictions differ: (pid, stored extraction, ours).
    public var disagreements: [(pid: String, stored: String, rules: String)] = []

    public init(_ outputs: [MathVistaOutput], version: MathVistaVersion = .legacy) {
        for output in outputs {
            guard let stored = output.extraction, stored != .null else { continue }
            let problem = output.problem
            let ours = MathVistaExtractionRules.extract(response: output.response ?? "", problem: problem)
            func predict(_ extraction: JSONValue) -> JSONValue {
                MathVistaNormalization.normalize(
                    extraction: extraction, choices: problem.choices, questionType: problem.questionType,
                    answerType: problem.answerType, precision: problem.precision, version: version)
            }
            let storedPrediction = predict(stored)
            let rulesPrediction = predict(.string(ours))
            var item = Tally(records: 1)
            if PythonValues.equal(storedPrediction, rulesPrediction) {
                item.samePrediction = 1
            } else {
                disagreements.append((problem.pid, PythonValues.str(stored), ours))
            }
            if PythonValues.sameCodePoints(PythonNumbers.strip(PythonValues.str(stored)), PythonNumbers.strip(ours)) { item.sameText = 1 }
            if storedPrediction != .null && PythonValues.equal(storedPrediction, problem.answer) { item.correctWithStored = 1 }
            if rulesPrediction != .null && PythonValues.equal(rulesPrediction, problem.answer) { item.correctWithRules = 1 }
            overall.add(item)
            Self.add(item, to: &byAnswerType, group: problem.answerType)
            Self.add(item, to: &byQuestionType, group: problem.questionType)
        }
    }

    private static func add(_ item: Tally, to groups: inout [(name: String, tally: Tally)], group: String) {
        if let index = groups.firstIndex(where: { $0.name == group }) {
            groups[index].tally.add(item)
        } else {
            groups.append((group, item))
        }
    }
}

extension ExtractionAgreement.Tally {
    mutating func add(_ other: Self) {
        records += other.records
        samePrediction += other.samePrediction
        sameText += other.sameText
        correctWithStored += other.correctWithStored
        correctWithRules += other.correctWithRules
    }
}
