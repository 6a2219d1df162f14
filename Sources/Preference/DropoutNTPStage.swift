// `mmpr-dropntp` (docs/method.md, "DropoutNTP"): every open-prompt sample that ended on its own is
// a chosen response; its first ⌊DR·n⌋ words are pre-filled into an assistant turn whose user turn
// has NO image, and the same model continues it. Randomness is keyed by (seed, "pid#sample",
// continuation index).
import JSON
import VisionLanguage

public struct DropoutPlan: Sendable {
    public var dropoutRatio = 0.5
    /// Continuations per chosen response (the paper: 1; each becomes its own pair).
    public var continuations = 1
    public var settings = SamplingSettings(temperature: 1, topK: 50, topP: 1, maxNewTokens: 96)
    public var shard = Shard.whole
    public var batchSize = 16

    public init() {}

    public var json: JSONObject {
        [
            "dropout_ratio": .number(dropoutRatio), "continuations": .integer(Int64(continuations)),
            "temperature": .number(settings.temperature), "top_k": .integer(Int64(settings.topK)), "top_p": .number(settings.topP),
            "max_new_tokens": .integer(Int64(settings.maxNewTokens)), "seed": .integer(Int64(bitPattern: settings.seed)),
            "batch_size": .integer(Int64(batchSize)),
        ]
    }
}

public enum DropoutNTPStage {
    /// The chosen responses: open-prompt samples (no answer) that stopped at the end-of-turn token,
    /// in (pid, sample index) order. A response cut by max_new_tokens is not a whole answer.
    public static func chosen(from samples: [SampleRecord]) -> [SampleRecord] {
        samples.filter { $0.answer == nil && $0.finishReason == FinishReason.stop.rawValue }
            .sorted { ($0.pid, $0.sampleIndex) < ($1.pid, $1.sampleIndex) }
    }

    /// The continuation requests for `chosen` responses: the chosen response's user turn with NO
    /// image and its first ⌊DR·n⌋ words pre-filled, `continuations` of them per response, keyed
    /// "pid#sample" so each draws from its own random stream.
    public static func requests(for chosen: [SampleRecord], plan: DropoutPlan) -> [(
        request: GenerationRequest, sample: SampleRecord, prefix: String
    )] {
        chosen.flatMap { sample in
            let prefix = DropoutNTP.prefix(of: sample.response, dropoutRatio: plan.dropoutRatio)
            return (0..<plan.continuations).map { index in
                (
                    GenerationRequest(
                        recordID: "\(sample.pid)#\(sample.sampleIndex)", sampleIndex: index, image: nil, question: sample.prompt,
                        prefill: prefix),
                    sample, prefix
                )
            }
        }
    }

    public static func run(
        samples: [SampleRecord], model: VisionLanguageModel, plan: DropoutPlan, progress: (Int, Int) -> Void = { _, _ in }
    ) throws -> [NTPRecord] {
        let mine = chosen(from: samples).enumerated().filter { plan.shard.contains($0.offset) }.map(\.element)
        let generator = Generator(model: model, batchSize: plan.batchSize)
        var records: [NTPRecord] = []
        var start = 0
        while start < mine.count {
            let group = Array(mine[start..<min(mine.count, start + 256)])
            let planned = requests(for: group, plan: plan)
            let results = try generator.generate(planned.map(\.request), settings: plan.settings)
            for ((_, sample, prefix), result) in zip(planned, results) {
                records.append(
                    NTPRecord(
                        pid: sample.pid, sampleIndex: sample.sampleIndex, continuationIndex: result.sampleIndex, seed: plan.settings.seed,
                        image: sample.image, source: sample.source, question: sample.prompt, chosen: sample.response, prefix: prefix,
                        continuation: result.text, finishReason: result.finishReason.rawValue))
            }
            start += group.count
            progress(start, mine.count)
        }
        return records
    }
}
