// Does the model look at the image? For each problem, the summed log-prob of its reference
// response (the CoT solution, or the direct answer) given its own image, minus the same given
// another image of the same family: the question, the prompt and the response are identical,
// so only the picture differs. A model that ignores its images scores 0 nats and wins half the
// problems by chance; one that reads them puts more mass on the true reading.
import JSON

import Problems
import TensorCore
import VisionLanguage

public enum Grounding {
    /// One problem in one prompt mode.
    public struct Item: Sendable, Equatable {
        public var pid: String
        public var source: String
        public var mode: PromptMode
        /// The problem whose image stands in for the true one.
        public var otherPID: String
        /// log p(response | own image), log p(response | other image), in nats.
        public var withOwnImage: Double
        public var withOtherImage: Double
        public var tokens: Int

        /// How much more likely the own image makes the reference response.
        public var gain: Double { withOwnImage - withOtherImage }
    }

    /// The problem whose image is swapped in for `records[index]`: the next record of the same
    /// family (`source`) in split order, wrapping around; nil when the family has no other record
    /// with a different image. Fixed by the split alone, so every model is measured on the same swaps.
    public static func partner(of index: Int, in records: [ProblemRecord]) -> Int? {
        let count = records.count
        for step in 1..<max(count, 1) {
            let other = (index + step) % count
            if records[other].source == records[index].source, records[other].image != records[index].image { return other }
        }
        return nil
    }

    /// The reference response a mode scores: the CoT solution or the direct answer.
    static func response(of record: ProblemRecord, mode: PromptMode) -> String? {
        mode == .cot ? record.solution : record.directAnswer
    }

    /// Scores every record of `records` that has a reference response and a partner, in each mode;
    /// `batchSize` problems (2 × batchSize sequences) a forward.
    public static func measure(
        records: [ProblemRecord], images: [String: [UInt8]], model: VisionLanguageModel, modes: [PromptMode], batchSize: Int,
        file: String, progress: (Int, Int) -> Void = { _, _ in }
    ) throws -> [Item] {
        var decoded: [String: Tensor] = [:]
        func image(_ record: ProblemRecord) throws -> Tensor {
            if let tensor = decoded[record.image] { return tensor }
            guard let png = images[record.image] else { throw RecordError("\(file): \(record.pid): no image entry \(record.image)") }
            let tensor = try ModelImage.decode(png, of: "\(file): \(record.pid): image \(record.image)", for: model.config)
            decoded[record.image] = tensor
            return tensor
        }
        let work = modes.flatMap { mode in
            records.indices.compactMap { index -> (mode: PromptMode, index: Int, other: Int, response: String)? in
                guard let response = response(of: records[index], mode: mode), let other = partner(of: index, in: records) else {
                    return nil
                }
                return (mode, index, other, response)
            }
        }
        var items: [Item] = []
        for start in stride(from: 0, to: work.count, by: batchSize) {
            let batch = work[start..<min(work.count, start + batchSize)]
            // Sequences: every problem with its own image, then every problem with its partner's.
            let sequences = try batch.map {
                try model.template.example(question: $0.mode.prompt(for: records[$0.index]), response: $0.response, withImage: true)
            }
            let pictures = try batch.map { try image(records[$0.index]) } + batch.map { try image(records[$0.other]) }
            let logProbs = model.sequenceLogProbs(
                try SequenceBatch(sequences: sequences + sequences, images: pictures), tape: Tape(recording: false))
            let values = logProbs.values, counts = logProbs.counts, b = batch.count
            for (position, job) in batch.enumerated() {
                items.append(
                    Item(
                        pid: records[job.index].pid, source: records[job.index].source, mode: job.mode, otherPID: records[job.other].pid,
                        withOwnImage: values[position], withOtherImage: values[b + position], tokens: counts[position]))
            }
            progress(start + b, work.count)
        }
        return items
    }

    /// Mean gain (nats per response) and the share of problems where the own image wins, with n.
    public struct Summary: Sendable, Equatable {
        public var count: Int
        public var meanGain: Double
        public var winShare: Double

        public init(_ items: [Item]) {
            count = items.count
            meanGain = items.isEmpty ? 0 : items.map(\.gain).reduce(0, +) / Double(items.count)
            winShare = items.isEmpty ? 0 : Double(items.filter { $0.gain > 0 }.count) / Double(items.count)
        }

        var json: JSONValue {
            ["count": .integer(Int64(count)), "mean_gain_nats": .number(meanGain), "win_share": .number(winShare)]
        }
    }

    /// summary.json: per mode, overall and per family.
    public static func summary(_ items: [Item]) -> JSONValue {
        var modes = JSONObject()
        for mode in PromptMode.allCases {
            let own = items.filter { $0.mode == mode }
            guard !own.isEmpty else { continue }
            let families = Dictionary(grouping: own, by: \.source)
            modes[mode.rawValue] = [
                "overall": Summary(own).json,
                "by_source": .object(JSONObject(families.keys.sorted().map { ($0, Summary(families[$0]!).json) })),
            ]
        }
        return .object(modes)
    }

    /// records.jsonl: one line per problem and mode, so any figure can be recomputed by hand.
    public static func records(_ items: [Item]) -> [JSONValue] {
        items.map { item in
            [
                "pid": .string(item.pid), "source": .string(item.source), "mode": .string(item.mode.rawValue),
                "other_pid": .string(item.otherPID),
                "logp_own_image": .number(item.withOwnImage), "logp_other_image": .number(item.withOtherImage),
                "tokens": .integer(Int64(item.tokens)),
            ]
        }
    }
}
