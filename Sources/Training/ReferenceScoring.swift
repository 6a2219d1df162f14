// The frozen reference model's summed log-probs of every pair (docs/method.md, "Reference model"):
// computed once with a no-grad forward (no backward state is allocated), stored as a `reflogps`
// artifact so runs that change only policy-side settings reuse them through the stage cache.
import JSON
import TensorCore
import VisionLanguage

public enum ReferenceScoring {
    public static let kind = "reflogps"

    /// Scores pairs in order, `batchSize` pairs (2·batchSize sequences) a forward; consecutive
    /// pairs share a batch only when they agree on having an image.
    public static func score(
        _ pairs: [PairExample], model: VisionLanguageModel, batchSize: Int, decodeImage: ([UInt8]) throws -> Tensor,
        progress: (Int) -> Void = { _ in }
    ) throws -> [ReferenceLogProbs] {
        var results: [ReferenceLogProbs] = []
        var start = 0
        while start < pairs.count {
            var end = start + 1
            while end < pairs.count, end - start < batchSize, (pairs[end].imagePNG == nil) == (pairs[start].imagePNG == nil) { end += 1 }
            let batch = Array(pairs[start..<end])
            let sequences = try (batch.map { ($0.question, $0.chosen) } + batch.map { ($0.question, $0.rejected) }).map {
                try model.template.example(question: $0.0, response: $0.1, withImage: batch[0].imagePNG != nil)
            }
            let images =
                batch[0].imagePNG == nil
                ? nil
                : try (batch + batch).map { pair in
                    let image: Tensor
                    do { image = try decodeImage(pair.imagePNG!) } catch { throw TrainingError("pair \(pair.id): its image: \(error)") }
                    try ModelImage.check(image, of: "pair \(pair.id)", for: model.config)
                    return image
                }
            let logProbs = model.sequenceLogProbs(try SequenceBatch(sequences: sequences, images: images), tape: Tape(recording: false))
            let values = logProbs.values, counts = logProbs.counts, b = batch.count
            for position in 0..<b {
                results.append(
                    ReferenceLogProbs(
                        chosen: values[position], rejected: values[b + position], chosenTokens: counts[position],
                        rejectedTokens: counts[b + position]))
            }
            start = end
            progress(start)
        }
        return results
    }

    public static func records(_ scores: [ReferenceLogProbs], ids: [String]) -> [JSONValue] {
        zip(ids, scores).map { id, score in
            [
                "id": .string(id), "chosen_logp": .number(score.chosen), "rejected_logp": .number(score.rejected),
                "chosen_tokens": .integer(Int64(score.chosenTokens)), "rejected_tokens": .integer(Int64(score.rejectedTokens)),
            ]
        }
    }

    /// Reads records back, checking they are for `ids`, in order.
    public static func parse(_ records: [JSONValue], ids: [String], file: String) throws -> [ReferenceLogProbs] {
        guard records.count == ids.count else {
            throw TrainingError("\(file): \(records.count) reference log-probs for \(ids.count) pairs; were they computed for other pairs?")
        }
        return try zip(records, ids).enumerated().map { line, item in
            let (record, id) = item
            guard record["id"]?.stringValue == id, let chosen = record["chosen_logp"]?.doubleValue,
                let rejected = record["rejected_logp"]?.doubleValue,
                let chosenTokens = record["chosen_tokens"]?.integerValue, let rejectedTokens = record["rejected_tokens"]?.integerValue
            else { throw TrainingError("\(file): records.jsonl line \(line + 1): expected the log-probs of pair \(id)") }
            return ReferenceLogProbs(
                chosen: chosen, rejected: rejected, chosenTokens: Int(chosenTokens), rejectedTokens: Int(rejectedTokens))
        }
    }
}
