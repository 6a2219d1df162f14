// Does the model read its images? The grounding check asks whether the true image makes the
// reference answer more likely; this one asks what the model says it sees. For every image of a
// split that has a reference description (the perception split: "A bar chart: red P=9, orange
// Q=8, …"), the model describes the image greedily, and the description is scored item by item:
// the items are the words the image fixes — numbers, colour names, shape kinds — and item i of
// the response is right when it equals item i of the reference. A model that names every value
// of every bar scores 100 %; one that writes a plausible chart it did not read scores what its
// guesses share with the truth, position by position (docs/model.md, "Reading lines and shapes").
import JSON
import Problems
import TensorCore
import VisionLanguage

public enum DescriptionReading {
    /// One image: its reference description, the model's description, and how many items agree.
    public struct Item: Sendable, Equatable {
        public var pid: String
        public var source: String
        public var reference: String
        public var response: String
        /// Items of the reference named right, in place.
        public var right: Int
        /// Items of the reference.
        public var total: Int
        /// Whether the response names exactly the reference's items (no fewer, no more).
        public var whole: Bool
    }

    /// The words a description's image fixes, in order: signed numbers, colour names and shape
    /// kinds of the generator's vocabulary. "A bar chart: red P=9, orange Q=8." → red 9 orange 8.
    public static func items(_ text: String) -> [String] {
        text.matches(of: #/-?[0-9]+(?:\.[0-9]+)?|[A-Za-z]+/#).map { String($0.output) }.filter {
            $0.first!.isLetter ? vocabulary.contains($0) : true
        }
    }

    static let vocabulary = Set(Vocabulary.colours.map(\.name) + Vocabulary.shapes)

    /// Items of `reference` that `response` names in the same place, and whether it names all of
    /// them and nothing more.
    public static func score(reference: String, response: String) -> (right: Int, total: Int, whole: Bool) {
        let expected = items(reference), named = items(response)
        let right = zip(expected, named).filter { $0 == $1 }.count
        return (right, expected.count, expected == named)
    }

    /// The records a reading score is measured on: those with a reference description whose
    /// prompt shows the image (image-free prompts teach continuation, not reading).
    public static func measurable(_ records: [ProblemRecord]) -> [ProblemRecord] {
        records.filter { $0.referenceDescription != nil && !$0.imageFree }
    }

    /// Greedy descriptions of `records` (their own prompts, with their images), scored.
    public static func measure(
        records: [ProblemRecord], images: [String: [UInt8]], model: VisionLanguageModel, maxNewTokens: Int, batchSize: Int,
        file: String, progress: (Int, Int) -> Void = { _, _ in }
    ) throws -> [Item] {
        let generator = Generator(model: model, batchSize: batchSize)
        let settings = SamplingSettings(maxNewTokens: maxNewTokens, greedy: true)
        var items: [Item] = []
        for start in stride(from: 0, to: records.count, by: 64) {
            let chunk = records[start..<min(records.count, start + 64)]
            let requests = try chunk.map { record in
                guard let png = images[record.image] else { throw RecordError("\(file): \(record.pid): no image entry \(record.image)") }
                let image = try ModelImage.decode(png, of: "\(file): \(record.pid): image \(record.image)", for: model.config)
                return GenerationRequest(recordID: record.pid, sampleIndex: 0, image: image, question: record.question)
            }
            for (record, result) in zip(chunk, try generator.generate(requests, settings: settings)) {
                let reference = record.referenceDescription ?? ""
                let (right, total, whole) = score(reference: reference, response: result.text)
                items.append(
                    Item(
                        pid: record.pid, source: record.source, reference: reference, response: result.text, right: right, total: total,
                        whole: whole))
            }
            progress(start + chunk.count, records.count)
        }
        return items
    }

    /// Items named right over items, and descriptions named whole, over a set of images.
    public struct Summary: Sendable, Equatable {
        public var images: Int
        public var right: Int
        public var total: Int
        public var whole: Int
        public var share: Double { total == 0 ? 0 : Double(right) / Double(total) }

        public init(_ items: [Item]) {
            images = items.count
            right = items.map(\.right).reduce(0, +)
            total = items.map(\.total).reduce(0, +)
            whole = items.filter(\.whole).count
        }

        var json: JSONValue {
            [
                "images": .integer(Int64(images)), "items_right": .integer(Int64(right)), "items": .integer(Int64(total)),
                "share": .number(share), "whole": .integer(Int64(whole)),
            ]
        }
    }

    /// summary.json: overall and per family.
    public static func summary(_ items: [Item]) -> JSONValue {
        let families = Dictionary(grouping: items, by: \.source)
        return [
            "overall": Summary(items).json,
            "by_source": .object(JSONObject(families.keys.sorted().map { ($0, Summary(families[$0]!).json) })),
        ]
    }

    /// records.jsonl: one line per image, with both texts, so every count can be redone by hand.
    public static func records(_ items: [Item]) -> [JSONValue] {
        items.map { item in
            [
                "pid": .string(item.pid), "source": .string(item.source), "reference": .string(item.reference),
                "response": .string(item.response), "items_right": .integer(Int64(item.right)), "items": .integer(Int64(item.total)),
                "whole": .bool(item.whole),
            ]
        }
    }
}
