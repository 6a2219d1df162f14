// One DropoutNTP result, a line of an `ntp` artifact (docs/method.md, "DropoutNTP"): the chosen
// response of an open prompt, the prefix kept, and the continuation the model wrote without the
// image.
import JSON
import Problems

public struct NTPRecord: Equatable, Sendable {
    public var pid: String
    /// The chosen sample's index, and which continuation of it this is.
    public var sampleIndex: Int
    public var continuationIndex: Int
    public var seed: UInt64
    public var image: String?
    public var source: String
    /// The user turn the chosen response answered (the original question, no CoT template).
    public var question: String
    public var chosen: String
    public var prefix: String
    public var continuation: String
    public var finishReason: String

    public init(
        pid: String, sampleIndex: Int, continuationIndex: Int, seed: UInt64, image: String?, source: String, question: String,
        chosen: String, prefix: String, continuation: String, finishReason: String
    ) {
        self.pid = pid
        self.sampleIndex = sampleIndex
        self.continuationIndex = continuationIndex
        self.seed = seed
        self.image = image
        self.source = source
        self.question = question
        self.chosen = chosen
        self.prefix = prefix
        self.continuation = continuation
        self.finishReason = finishReason
    }

    /// Rejected = prefix + continuation (plain concatenation).
    public var rejected: String { DropoutNTP.rejected(prefix: prefix, continuation: continuation) }

    public var json: JSONValue {
        [
            "pid": .string(pid), "sample_index": .integer(Int64(sampleIndex)), "continuation_index": .integer(Int64(continuationIndex)),
            "seed": .integer(Int64(bitPattern: seed)), "image": image.map(JSONValue.string) ?? .null, "source": .string(source),
            "question": .string(question), "chosen": .string(chosen), "prefix": .string(prefix),
            "continuation": .string(continuation), "rejected": .string(rejected), "finish_reason": .string(finishReason),
        ]
    }

    public init(json: JSONValue, line: String) throws {
        func string(_ name: String) throws -> String {
            guard let text = json[name]?.stringValue else { throw RecordError("\(line): \"\(name)\" must be a string") }
            return text
        }
        func integer(_ name: String) throws -> Int64 {
            guard let value = json[name]?.integerValue else { throw RecordError("\(line): \"\(name)\" must be an integer") }
            return value
        }
        let image = json["image"]
        guard image == nil || image == .null || image?.stringValue != nil else {
            throw RecordError("\(line): \"image\" must be a string or null")
        }
        self.init(
            pid: try string("pid"), sampleIndex: Int(try integer("sample_index")),
            continuationIndex: Int(try integer("continuation_index")),
            seed: UInt64(bitPattern: try integer("seed")), image: image?.stringValue, source: try string("source"),
            question: try string("question"), chosen: try string("chosen"), prefix: try string("prefix"),
            continuation: try string("continuation"), finishReason: try string("finish_reason"))
    }

    /// The preference pair: the untouched original over its image-free completion.
    public var pair: PairRecord {
        PairRecord(
            kind: .dropntp, pid: pid, source: source, image: image, question: question, chosen: chosen, rejected: rejected,
            answerGroundTruth: nil, chosenSample: sampleIndex, rejectedSample: continuationIndex)
    }
}
