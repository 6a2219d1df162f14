// A MathVista problem as extraction and scoring see it (docs/answers.md, "Python semantics"):
// the fields an extraction rule reads. Reading it from the benchmark's files is Evaluation's
// MathVistaRecords.
import JSON

/// One problem as the scorer sees it: every field from the output record, falling back to the
/// annotations only when the output record lacks the key (docs/answers.md, "Python semantics").
public struct MathVistaProblem: Sendable {
    public var pid: String
    public var questionType: String
    public var answerType: String
    /// The options of a multi-choice item (trailing spaces and duplicates kept); empty otherwise.
    public var choices: [String]
    /// As stored: an integer in testmini, but HF exports carry floats (docs/answers.md,
    /// "Normalisation", the v1 quirk).
    public var precision: JSONValue?
    public var answer: JSONValue
    public var query: String
    /// The values the breakdowns group by (docs/answers.md, "Aggregation"): the record's own fields
    /// with its `metadata` flattened over them, as `results[pid].update(metadata)` does.
    public var attributes: [String: JSONValue]

    public init(
        pid: String, questionType: String, answerType: String, choices: [String] = [], precision: JSONValue? = nil,
        answer: JSONValue, query: String = "", attributes: [String: JSONValue] = [:]
    ) {
        self.pid = pid
        self.questionType = questionType
        self.answerType = answerType
        self.choices = choices
        self.precision = precision
        self.answer = answer
        self.query = query
        self.attributes = attributes
    }
}
