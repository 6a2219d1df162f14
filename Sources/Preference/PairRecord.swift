// One preference pair, a line of a `pairs` artifact's records.jsonl: InternVL's pair fields
// (spec §d.1: image, question, chosen, rejected, answer_gt) plus where the pair came from.
import JSON

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
}
