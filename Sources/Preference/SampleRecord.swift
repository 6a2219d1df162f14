// One sampled response, a line of a `samples` artifact's records.jsonl (docs/method.md,
// "Sampling"): the problem it answers, the prompt the model saw, what it wrote, and how the
// sampling ended.
import JSON
import Problems

public struct SampleRecord: Equatable, Sendable {
    /// The problem's id (MathVista `pid`).
    public var pid: String
    /// Which of the N samples of this problem (0-based); with `seed`, it fixes the RNG stream.
    public var sampleIndex: Int
    /// The sampler's seed; nil for samples from elsewhere.
    public var seed: UInt64?
    /// The image entry (`images/<pid>.png`), or nil for a text-only prompt.
    public var image: String?
    /// The problem's own question, options included (`question_orig`).
    public var questionOriginal: String
    /// The prompt the model answered (`question`): for correctness samples, the CoT template.
    public var prompt: String
    public var response: String
    /// The ground truth, or nil for open prompts (whose samples feed DropoutNTP, never judging).
    public var answer: String?
    public var choices: [String]?
    /// The data source or generator family, which picks the judge's modes and groups the stats.
    public var source: String
    /// The response's length in tokens; nil for samples from elsewhere.
    public var tokens: Int?
    /// "stop" (end-of-turn) or "length" (max_new_tokens reached); samples from elsewhere are
    /// taken as whole answers ("stop") unless they say otherwise.
    public var finishReason: String
    /// The mean log-probability of the response's tokens; nil for samples from elsewhere.
    public var meanLogProb: Double?

    public init(
        pid: String, sampleIndex: Int, seed: UInt64?, image: String?, questionOriginal: String, prompt: String,
        response: String, answer: String?, choices: [String]?, source: String, tokens: Int?, finishReason: String,
        meanLogProb: Double?
    ) {
        self.pid = pid
        self.sampleIndex = sampleIndex
        self.seed = seed
        self.image = image
        self.questionOriginal = questionOriginal
        self.prompt = prompt
        self.response = response
        self.answer = answer
        self.choices = choices
        self.source = source
        self.tokens = tokens
        self.finishReason = finishReason
        self.meanLogProb = meanLogProb
    }

    /// The record as a line of records.jsonl; the sampler-only fields only when known.
    public var json: JSONValue {
        var object: JSONObject = [
            "pid": .string(pid), "sample_index": .integer(Int64(sampleIndex)),
            "image": image.map(JSONValue.string) ?? .null, "question_orig": .string(questionOriginal),
            "question": .string(prompt), "response": .string(response), "answer": answer.map(JSONValue.string) ?? .null,
            "choices": choices.map { .array($0.map(JSONValue.string)) } ?? .null, "source": .string(source),
            "finish_reason": .string(finishReason),
        ]
        if let seed { object["seed"] = .integer(Int64(bitPattern: seed)) }
        if let tokens { object["tokens"] = .integer(Int64(tokens)) }
        if let meanLogProb { object["mean_logprob"] = .number(meanLogProb) }
        return .object(object)
    }

    /// The fields a sample may leave out because its problem has them (docs/import.md,
    /// "Samples from any model"): an absent field is the problem's, a null one means none.
    public static let problemFields = ["image", "question_orig", "answer", "choices", "source"]

    /// The records of a samples artifact, in order. Only `pid`, `question` and `response` are
    /// required: a missing `sample_index` is the record's position among its pid's records in
    /// this file, and a missing problem field (`problemFields`) is taken from the problem.
    public static func read(_ records: [JSONValue], file: String, problems: ProblemIndex?) throws -> [SampleRecord] {
        var seen: [String: Int] = [:]
        return try records.enumerated().map { index, json in
            let line = "\(file): records.jsonl line \(index + 1)"
            let pid = json["pid"]?.stringValue
            let position = pid.map { pid in
                defer { seen[pid, default: 0] += 1 }
                return seen[pid, default: 0]
            }
            return try SampleRecord(json: json, line: line, position: position ?? 0, problems: problems)
        }
    }

    /// Reads one record; `line` names it in errors, `position` is its index among its pid's
    /// records (the sample index when the record has none).
    public init(json: JSONValue, line: String, position: Int = 0, problems: ProblemIndex? = nil) throws {
        guard case .object(let object) = json else { throw RecordError("\(line): expected a JSON object") }
        func field(_ name: String) throws -> JSONValue {
            guard let value = object[name] else { throw RecordError("\(line): missing field \"\(name)\"") }
            return value
        }
        func string(_ name: String) throws -> String {
            guard let text = try field(name).stringValue else { throw RecordError("\(line): \"\(name)\" must be a string") }
            return text
        }
        func optionalString(_ name: String) throws -> String? {
            let value = try field(name)
            if value.isNull { return nil }
            guard let text = value.stringValue else { throw RecordError("\(line): \"\(name)\" must be a string or null") }
            return text
        }
        func optionalInteger(_ name: String) throws -> Int64? {
            guard let value = object[name], !value.isNull else { return nil }
            guard let integer = value.integerValue else { throw RecordError("\(line): \"\(name)\" must be an integer") }
            return integer
        }
        let pid = try string("pid")
        // The problem, looked up once a field is absent that only the problem can give.
        var problem: ProblemRecord?
        func fromProblem(_ name: String) throws -> ProblemRecord {
            if let problem { return problem }
            guard let problems else {
                throw RecordError("\(line): missing field \"\(name)\" (pass --problems to take it from the problem)")
            }
            guard let found = try problems.problem(pid) else {
                throw RecordError("\(line): missing field \"\(name)\", and \(problems.path) has no problem with pid \(pid)")
            }
            problem = found
            return found
        }
        func choicesField() throws -> [String]? {
            guard let value = object["choices"] else { return try fromProblem("choices").choices }
            if value.isNull { return nil }
            guard let list = value.arrayValue?.compactMap(\.stringValue), list.count == value.arrayValue?.count else {
                throw RecordError("\(line): \"choices\" must be a list of strings or null")
            }
            return list
        }
        func originalQuestion() throws -> String {
            if object["question_orig"] != nil { return try string("question_orig") }
            let problem = try fromProblem("question_orig")
            return PromptTemplates.questionWithChoices(problem.question, choices: problem.choices)
        }
        // In the order of `problemFields`, so a refusal names the first field missing.
        let image = object["image"] == nil ? try fromProblem("image").image : try optionalString("image")
        let questionOriginal = try originalQuestion()
        let answer = object["answer"] == nil ? try fromProblem("answer").answer : try optionalString("answer")
        let choices = try choicesField()
        let source = object["source"] == nil ? try fromProblem("source").source : try string("source")
        var meanLogProb: Double?
        if let value = object["mean_logprob"], !value.isNull {
            guard let number = value.doubleValue else { throw RecordError("\(line): \"mean_logprob\" must be a number") }
            meanLogProb = number
        }
        let sampleIndex = try optionalInteger("sample_index") ?? Int64(position)
        guard sampleIndex >= 0 else { throw RecordError("\(line): \"sample_index\" must not be negative") }
        self.init(
            pid: pid, sampleIndex: Int(sampleIndex), seed: try optionalInteger("seed").map { UInt64(bitPattern: $0) }, image: image,
            questionOriginal: questionOriginal, prompt: try string("question"), response: try string("response"), answer: answer,
            choices: choices, source: source, tokens: try optionalInteger("tokens").map { Int($0) },
            finishReason: object["finish_reason"] == nil ? "stop" : try string("finish_reason"), meanLogProb: meanLogProb)
    }
}
