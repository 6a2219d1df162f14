// What the pair builder saw and made, per source (the `pairs` manifest's stats; docs/method.md,
// "Pair building"):
// problems, samples, correct rate, all-correct / all-wrong / mixed problems, pairs by type and
// the mean lengths of chosen and rejected responses.
import Answers
import JSON

public struct PairStatistics: Sendable {
    public struct Source: Sendable {
        public var problems = 0
        public var samples = 0
        public var correct = 0
        public var unparseable = 0
        public var allCorrect = 0
        public var allWrong = 0
        public var mixed = 0
        /// Problems by their share of correct samples: 0, below ¼, ¼ to ¾, above ¾ (not all), all.
        /// Pairs with signal need the middle: a problem all right or all wrong makes no correctness pair.
        public var correctShares = [0, 0, 0, 0, 0]
        public var pairs: [PairRecord.Kind: Int] = [:]
        public var chosenCharacters = 0
        public var rejectedCharacters = 0
    }

    public private(set) var sources: [String: Source] = [:]

    mutating func add(bucket: [PairBuilder.Judged]) {
        guard let source = bucket.first?.sample.source else { return }
        let correct = bucket.filter { if case .correct = $0.verdict { return true } else { return false } }.count
        let unparseable = bucket.filter { if case .unparseable = $0.verdict { return true } else { return false } }.count
        sources[source, default: Source()].problems += 1
        sources[source]!.samples += bucket.count
        sources[source]!.correct += correct
        sources[source]!.unparseable += unparseable
        if correct == bucket.count {
            sources[source]!.allCorrect += 1
        } else if correct == 0 {
            sources[source]!.allWrong += 1
        } else {
            sources[source]!.mixed += 1
        }
        sources[source]!.correctShares[Self.shareBucket(correct: correct, of: bucket.count)] += 1
    }

    mutating func add(pair: PairRecord) {
        sources[pair.source, default: Source()].pairs[pair.kind, default: 0] += 1
        sources[pair.source]!.chosenCharacters += pair.chosen.count
        sources[pair.source]!.rejectedCharacters += pair.rejected.count
    }

    /// The bucket of `correct` out of `count` samples: 0 | (0, ¼) | [¼, ¾] | (¾, 1) | 1, in
    /// integers (4·correct against count) so no rounding decides a border.
    static func shareBucket(correct: Int, of count: Int) -> Int {
        if correct == 0 { return 0 }
        if correct == count { return 4 }
        if 4 * correct < count { return 1 }
        return 4 * correct <= 3 * count ? 2 : 3
    }

    /// For the manifest: one object per source, keys sorted by the canonical writer.
    public var json: JSONValue {
        .object(
            JSONObject(
                sources.sorted { $0.key < $1.key }.map { name, source in
                    let pairCount = source.pairs.values.reduce(0, +)
                    func rate(_ part: Int, _ whole: Int) -> JSONValue {
                        whole == 0 ? .null : .number((Double(part) / Double(whole) * 1e4).rounded() / 1e4)
                    }
                    return (
                        name,
                        [
                            "problems": .integer(Int64(source.problems)), "samples": .integer(Int64(source.samples)),
                            "correct_rate": rate(source.correct, source.samples),
                            "unparseable_rate": rate(source.unparseable, source.samples),
                            "problems_all_correct": .integer(Int64(source.allCorrect)),
                            "problems_all_wrong": .integer(Int64(source.allWrong)),
                            "problems_mixed": .integer(Int64(source.mixed)),
                            "problems_by_correct_share": [
                                "none": .integer(Int64(source.correctShares[0])), "below_quarter": .integer(Int64(source.correctShares[1])),
                                "quarter_to_three_quarters": .integer(Int64(source.correctShares[2])),
                                "above_three_quarters": .integer(Int64(source.correctShares[3])),
                                "all": .integer(Int64(source.correctShares[4])),
                            ],
                            "pairs": .object(
                                JSONObject(PairRecord.Kind.allCases.map { ($0.rawValue, .integer(Int64(source.pairs[$0] ?? 0))) })),
                            "mean_chosen_chars": pairCount == 0
                                ? .null : .number((Double(source.chosenCharacters) / Double(pairCount)).rounded()),
                            "mean_rejected_chars": pairCount == 0
                                ? .null : .number((Double(source.rejectedCharacters) / Double(pairCount)).rounded()),
                        ] as JSONValue
                    )
                }))
    }
}
