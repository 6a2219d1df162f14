// How often our rule-based extraction agrees with the stored GPT-4 extraction of an output file,
// and what each gives as accuracy. Rules: docs/answers.md, "MathVista's official scoring"; results:
// docs/answers.md, "Agreement with the stored GPT-4 extraction (`mpo-eval extract-agreement`)".

import Answers
import JSON

/// Agreement over the records that carry a stored extraction.
/// - `predictionAgreement`: both extractions normalise (docs/answers.md, "Normalisation") to the
///   same prediction, None included — what matters for the score.
/// - `rawAgreement`: the two strings are equal after Python's strip.
public struct ExtractionAgreement: Sendable {
    public var records = 0
    public var samePrediction = 0
    public var sameText = 0
    public var correctWithStored = 0
    public var correctWithRules = 0
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
            records += 1
            if PythonValues.equal(storedPrediction, rulesPrediction) {
                samePrediction += 1
            } else {
                disagreements.append((problem.pid, PythonValues.str(stored), ours))
            }
            if PythonValues.sameCodePoints(PythonNumbers.strip(PythonValues.str(stored)), PythonNumbers.strip(ours)) { sameText += 1 }
            if storedPrediction != .null && PythonValues.equal(storedPrediction, problem.answer) { correctWithStored += 1 }
            if rulesPrediction != .null && PythonValues.equal(rulesPrediction, problem.answer) { correctWithRules += 1 }
        }
    }

    public var predictionRate: Double { records == 0 ? 0 : Double(samePrediction) / Double(records) }
    public var textRate: Double { records == 0 ? 0 : Double(sameText) / Double(records) }
}
