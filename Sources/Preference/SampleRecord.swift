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
    public var seed: UInt64
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
    public var tokens: Int
    /// "stop" (end-of-turn) or "length" (max_new_tokens reached).
    public var finishReason: String
    public var meanLogProb: Double

    public init(
        pid: String, sampleIndex: Int, seed: UInt64, image: String?, questionOriginal: String, prompt: String,
        response: String, answer: String?, choices: [String]?, source: String, tokens: Int, finishReason: String,
        meanLogProb: Double
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

    public var json: JSONValue {
        [
            "pid": .string(pid), "sample_index": .integer(Int64(sampleIndex)), "seed": .integer(Int64(bitPattern: seed)),
            "image": image.map(JSONValue.string) ?? .null, "question_orig": .string(questionOriginal),
            "question": .string(prompt), "response": .string(response), "answer": answer.map(JSONValue.string) ?? .null,
            "choices": choices.map { .array($0.map(JSONValue.string)) } ?? .null, "source": .string(source),
            "tokens": .integer(Int64(tokens)), "finish_reason": .string(finishReason), "mean_logprob": .number(meanLogProb),
        ]
    }

    /// Reads one record; `line` names it in errors.
    public init(json: JSONValue, line: String) throws {
        func field(_ name: String) throws -> JSONValue {
            guard let value = json[name] else { throw RecordError("\(line): missing field \"\(name)\"") }
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
        func integer(_ name: String) throws -> Int64 {
            guard let value = try field(name).integerValue else { throw RecordError("\(line): \"\(name)\" must be an integer") }
            return value
        }
        let choicesValue = try field("choices")
        var choices: [String]?
        if !choicesValue.isNull {
            guard let list = choicesValue.arrayValue?.compactMap(\.stringValue), list.count == choicesValue.arrayValue?.count else {
                throw RecordError("\(line): \"choices\" must be a list of strings or null")
            }
            choices = list
        }
        guard let meanLogProb = try field("mean_logprob").doubleValue else {
            throw RecordError("\(line): \"mean_logprob\" must be a number")
        }
        self.init(
            pid: try string("pid"), sampleIndex: Int(try integer("sample_index")), seed: UInt64(bitPattern: try integer("seed")),
            image: try optionalString("image"), questionOriginal: try string("question_orig"), prompt: try string("question"),
            response: try string("response"), answer: try optionalString("answer"), choices: choices,
            source: try string("source"), tokens: Int(try integer("tokens")), finishReason: try string("finish_reason"),
            meanLogProb: meanLogProb)
    }
}
