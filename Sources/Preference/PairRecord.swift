// One preference pair, a line of a `pairs` artifact's records.jsonl: InternVL's pair fields
// (image, question, chosen, rejected, answer_gt: docs/method.md, "InternVL data format") plus where
// the pair came from.
import JSON
import Problems

public struct PairRecord: Equatable, Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        /// correct × parsed-but-wrong (`*_pairs_vqa_correctness_rules`)
        case correctness
        /// correct × unparseable (`*_pairs_vqa_format_rules`)
        case format
        /// original × its image-free continuation (DropoutNTP)
        case dropntp
    }

    public var kind: Kind
    public var pid: String
    public var source: String
    public var image: String?
    /// The user turn as the model saw it (for correctness pairs: the CoT prompt), without any
    /// `<image>` placeholder; exports add it.
    public var question: String
    public var chosen: String
    public var rejected: String
    public var answerGroundTruth: String?
    /// Which samples the two sides are (sample indices), for tracing a pair back.
    public var chosenSample: Int
    public var rejectedSample: Int

    public init(
        kind: Kind, pid: String, source: String, image: String?, question: String, chosen: String, rejected: String,
        answerGroundTruth: String?, chosenSample: Int, rejectedSample: Int
    ) {
        self.kind = kind
        self.pid = pid
        self.source = source
        self.image = image
        self.question = question
        self.chosen = chosen
        self.rejected = rejected
        self.answerGroundTruth = answerGroundTruth
        self.chosenSample = chosenSample
        self.rejectedSample = rejectedSample
    }

    public var json: JSONValue {
        [
            "type": .string(kind.rawValue), "pid": .string(pid), "source": .string(source),
            "image": image.map(JSONValue.string) ?? .null, "question": .string(question),
            "chosen": .string(chosen), "rejected": .string(rejected),
            "answer_gt": answerGroundTruth.map(JSONValue.string) ?? .null,
            "chosen_sample": .integer(Int64(chosenSample)), "rejected_sample": .integer(Int64(rejectedSample)),
        ]
    }

    public init(json: JSONValue, line: String) throws {
        func string(_ name: String) throws -> String {
            guard let text = json[name]?.stringValue else { throw RecordError("\(line): \"\(name)\" must be a string") }
            return text
        }
        func optionalString(_ name: String) throws -> String? {
            guard let value = json[name], !value.isNull else { return nil }
            guard let text = value.stringValue else { throw RecordError("\(line): \"\(name)\" must be a string or null") }
            return text
        }
        func integer(_ name: String) throws -> Int {
            guard let value = json[name]?.integerValue else { throw RecordError("\(line): \"\(name)\" must be an integer") }
            return Int(value)
        }
        guard let kind = Kind(rawValue: try string("type")) else {
            throw RecordError("\(line): \"type\" must be one of \(Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self.init(
            kind: kind, pid: try string("pid"), source: try string("source"), image: try optionalString("image"),
            question: try string("question"), chosen: try string("chosen"), rejected: try string("rejected"),
            answerGroundTruth: try optionalString("answer_gt"), chosenSample: try integer("chosen_sample"),
            rejectedSample: try integer("rejected_sample"))
    }
}
