// Correctness-based pair building (docs/method.md, "Pair building"; the pitfalls it avoids are under
// "Pitfalls"): judge every sample, bucket by (image, prompt, ground truth), pair each correct
// response with each wrong or unparseable one, draw at most `maxPairsPerKey` of that product with a
// seeded RNG, and drop exact duplicates. Keys whose samples are all correct or all wrong give no
// pairs.
import Answers
import Artifacts
import TensorCore

public struct PairBuilder: Sendable {
    /// The paper's cap per question (3 for sources with over 500K sampled lines).
    public var maxPairsPerKey: Int
    public var seed: UInt64

    public init(maxPairsPerKey: Int = 15, seed: UInt64 = 0) {
        self.maxPairsPerKey = maxPairsPerKey
        self.seed = seed
    }

    /// One judged sample.
    struct Judged {
        let sample: SampleRecord
        let verdict: Verdict
    }

    /// Pairs from samples of problems with answers, in a fixed order (by pid, then by the pair's
    /// sample indices), and the statistics of the buckets.
    public func pairs(from samples: [SampleRecord]) -> (pairs: [PairRecord], stats: PairStatistics) {
        var stats = PairStatistics()
        var buckets: [String: [Judged]] = [:]
        var keyOrder: [String] = []
        for sample in samples {
            guard let answer = sample.answer else { continue }
            let key = [sample.image ?? "", sample.prompt, answer].joined(separator: "\u{0}")
            let verdict = AnswerKey(answer: answer, choices: sample.choices, source: sample.source).verdict(on: sample.response)
            if buckets[key] == nil { keyOrder.append(key) }
            buckets[key, default: []].append(Judged(sample: sample, verdict: verdict))
        }
        var pairs: [PairRecord] = []
        for key in keyOrder {
            let judged = buckets[key]!.sorted { $0.sample.sampleIndex < $1.sample.sampleIndex }
            stats.add(bucket: judged)
            pairs += pairsOfBucket(judged, key: key)
        }
        pairs.sort { ($0.pid, $0.chosenSample, $0.rejectedSample) < ($1.pid, $1.chosenSample, $1.rejectedSample) }
        for pair in pairs { stats.add(pair: pair) }
        return (pairs, stats)
    }

    private func pairsOfBucket(_ bucket: [Judged], key: String) -> [PairRecord] {
        let positives = bucket.filter { if case .correct = $0.verdict { return true } else { return false } }
        let negatives = bucket.filter { if case .correct = $0.verdict { return false } else { return true } }
        var candidates: [(Judged, Judged)] = []
        for positive in positives {
            for negative in negatives where !entails(positive, negative) { candidates.append((positive, negative)) }
        }
        var drawn: [PairRecord] = []
        var seen = Set<[String]>()
        for (positive, negative) in draw(candidates, key: key) {
            guard seen.insert([positive.sample.response, negative.sample.response]).inserted else { continue }
            let sample = positive.sample
            let kind: PairRecord.Kind = if case .unparseable = negative.verdict { .format } else { .correctness }
            drawn.append(
                PairRecord(
                    kind: kind, pid: sample.pid, source: sample.source, image: sample.image, question: sample.prompt,
                    chosen: sample.response, rejected: negative.sample.response, answerGroundTruth: sample.answer,
                    chosenSample: sample.sampleIndex, rejectedSample: negative.sample.sampleIndex))
        }
        return drawn
    }

    /// The entailment filter without MMPR's substring test, which drops "1" vs "10"
    /// (docs/method.md, "Entailment filter"): a wrong answer is skipped only when the judge finds
    /// it equal to the correct one's answer.
    private func entails(_ positive: Judged, _ negative: Judged) -> Bool {
        guard case .correct(let chosen) = positive.verdict, case .wrong(let rejected) = negative.verdict else { return false }
        return CorrectnessJudge(modes: CorrectnessJudge.modes(forSource: positive.sample.source)).isCorrect(rejected, groundTruth: chosen)
    }

    /// At most `maxPairsPerKey` candidates, uniformly without replacement (a partial Fisher–Yates),
    /// from an RNG stream named by the bucket's key: the draw for a question never depends on the
    /// other questions.
    private func draw<T>(_ candidates: [T], key: String) -> [T] {
        guard candidates.count > maxPairsPerKey else { return candidates }
        var generator = PhiloxGenerator(seed: seed, stream: ContentHash.of(Array(key.utf8)).low)
        var pool = candidates
        for position in 0..<maxPairsPerKey {
            let pick = position + Int(generator.next() % UInt64(pool.count - position))
            pool.swapAt(position, pick)
        }
        return Array(pool.prefix(maxPairsPerKey))
    }
}
