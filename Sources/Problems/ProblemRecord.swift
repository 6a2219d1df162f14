// One problem, in MathVista's own schema (docs/problems.md, "Records") so the same scorer serves
// the synthetic benchmark and the real testmini:
//
//   pid, question, image, choices, unit, precision, answer, question_type, answer_type,
//   metadata{split, language, source, category, task, context, grade, skills, …}
//
// plus what only this toolkit uses, as extra top-level keys MathVista's scripts ignore:
//   solution               reference chain of thought ending in "Final answer: X" (SFT only)
//   direct_answer          the short answer the direct prompt is trained to give
//   reference_description  an open prompt's reference text (SFT only; never used for pairs)
//   pope_setting           random | popular | adversarial, for POPE-style yes/no probes
//
// The JSON object is kept whole (`json`), so fields we do not know survive an import and export
// (artifacts store it as canonical JSON, keys sorted; export-mathvista restores MathVista's order).
import JSON

public struct ProblemRecord: Equatable, Sendable {
    /// The record as read or built, every key kept in its order.
    public let json: JSONValue

    public let pid: String
    public let question: String
    /// The image's path inside the problems artifact (and in MathVista's layout), e.g. `images/12.png`.
    public let image: String
    /// The options of a multi_choice problem; nil for free_form.
    public let choices: [String]?
    public let unit: String?
    /// Decimal places a float answer is compared at (MathVista stores an integer or null).
    public let precision: JSONValue?
    /// nil only for open prompts, which have no answer.
    public let answer: String?
    /// `multi_choice` or `free_form`.
    public let questionType: String
    /// `text`, `integer`, `float` or `list`.
    public let answerType: String
    public let metadata: JSONObject

    public let solution: String?
    public let directAnswer: String?
    public let referenceDescription: String?
    public let popeSetting: String?
    /// A training prompt shown without its image (perception split): teaches M0 to continue a
    /// description it cannot see, as DropoutNTP's rejected side does.
    public let imageFree: Bool

    public static let questionTypes = ["multi_choice", "free_form"]
    public static let answerTypes = ["text", "integer", "float", "list"]

    /// The split this record belongs to (`metadata.split`): sft, pref, open, val, testmini, pope, …
    public var split: String { metadata["split"]?.stringValue ?? "" }
    /// The dataset or generator family the record comes from (`metadata.source`).
    public var source: String { metadata["source"]?.stringValue ?? "" }
    /// Whether the record has an answer to check responses against (open prompts do not).
    public var hasAnswer: Bool { answer != nil }
    /// A free-form question answered yes or no (POPE's form): its direct prompt asks for Yes or No.
    public var isYesNoQuestion: Bool { choices == nil && ["yes", "no"].contains(answer?.lowercased()) }

    /// Validates `json` against the schema; `line` names the record in errors ("file: line 3").
    public init(json: JSONValue, line: String) throws {
        guard case .object(let object) = json else { throw RecordError("\(line): a problem record must be a JSON object") }
        func string(_ key: String) throws -> String {
            guard let value = object[key]?.stringValue else { throw RecordError("\(line): \"\(key)\" must be a string") }
            return value
        }
        func optionalString(_ key: String) throws -> String? {
            guard let value = object[key], value != .null else { return nil }
            guard let text = value.stringValue else { throw RecordError("\(line): \"\(key)\" must be a string or null") }
            return text
        }
        let pid = try string("pid")
        guard !pid.isEmpty else { throw RecordError("\(line): \"pid\" must not be empty") }
        let named = "\(line) (pid \(pid))"
        self.json = json
        self.pid = pid
        question = try string("question")
        image = try string("image")
        if let value = object["choices"], value != .null {
            guard let items = value.arrayValue, let texts = Optional(items.compactMap(\.stringValue)), texts.count == items.count else {
                throw RecordError("\(named): \"choices\" must be a list of strings or null")
            }
            choices = texts
        } else {
            choices = nil
        }
        unit = try optionalString("unit")
        if let value = object["precision"], value != .null {
            guard value.doubleValue != nil else { throw RecordError("\(named): \"precision\" must be a number or null") }
            precision = value
        } else {
            precision = nil
        }
        answer = try optionalString("answer")
        questionType = try string("question_type")
        guard Self.questionTypes.contains(questionType) else {
            throw RecordError(
                "\(named): \"question_type\" must be one of \(Self.questionTypes.joined(separator: ", ")); got \"\(questionType)\"")
        }
        answerType = try string("answer_type")
        guard Self.answerTypes.contains(answerType) else {
            throw RecordError("\(named): \"answer_type\" must be one of \(Self.answerTypes.joined(separator: ", ")); got \"\(answerType)\"")
        }
        if questionType == "multi_choice" {
            guard let choices, (2...26).contains(choices.count) else {
                throw RecordError("\(named): a multi_choice problem needs 2 to 26 choices")
            }
        }
        guard let metadata = object["metadata"]?.objectValue else { throw RecordError("\(named): \"metadata\" must be an object") }
        guard metadata["split"]?.stringValue != nil else { throw RecordError("\(named): \"metadata.split\" must be a string") }
        self.metadata = metadata
        solution = try optionalString("solution")
        directAnswer = try optionalString("direct_answer")
        referenceDescription = try optionalString("reference_description")
        popeSetting = try optionalString("pope_setting")
        if let value = object["image_free"], value != .null {
            guard let flag = value.boolValue else { throw RecordError("\(named): \"image_free\" must be true, false or null") }
            imageFree = flag
        } else {
            imageFree = false
        }
    }
}
