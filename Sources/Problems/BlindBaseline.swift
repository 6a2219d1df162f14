// The blind baseline (docs/problems.md): the best accuracy reachable without looking at the image,
// so we know the benchmark needs it. For each evaluated record, predict the most frequent answer
// the training splits give to the same question text — or, when the text never occurs in training,
// to the same question template (the question with its variable words masked) — and count how often
// that prediction equals the answer. A second column uses the template alone.
public struct BlindBaselineRow: Equatable, Sendable {
    public var split: String
    public var records: Int
    /// Accuracy (0–1) of the majority answer per question text, falling back to the template.
    public var byQuestionText: Double
    /// Accuracy of the majority answer per template.
    public var byTemplate: Double
}

public enum BlindBaseline {
    /// Every split a model trains on with answers; perception's (and reading's) are its yes/no
    /// existence questions, so the pope row says how far the question text alone gets on POPE. (Described
    /// problems state their scene in the question: their texts never recur, only their templates.)
    public static let trainingSplits: Set<String> = ["sft", "pref", "perception", "described", "reading"]

    /// The template of a record: our generator stores it; imported records use question_type and
    /// answer_type, which is all a text-only guesser could condition on beyond the text.
    public static func template(of record: ProblemRecord) -> String {
        (record.json["template"]?.stringValue).map { "\(record.source)/\($0)" } ?? "\(record.questionType)/\(record.answerType)"
    }

    public static func rows(_ records: [ProblemRecord]) -> [BlindBaselineRow] {
        let training = records.filter { trainingSplits.contains($0.split) && $0.answer != nil }
        func majority(_ key: (ProblemRecord) -> String) -> [String: String] {
            var counts: [String: [String: Int]] = [:]
            for record in training { counts[key(record), default: [:]][record.answer!, default: 0] += 1 }
            // Ties go to the smallest answer, so the baseline is deterministic.
            return counts.mapValues { answers in answers.max { ($0.value, $1.key) < ($1.value, $0.key) }!.key }
        }
        let byText = majority(\.question), byTemplate = majority(template(of:))
        var splits: [String] = []
        for record in records where record.answer != nil && !splits.contains(record.split) { splits.append(record.split) }
        return splits.map { split in
            let evaluated = records.filter { $0.split == split && $0.answer != nil }
            func accuracy(_ predict: (ProblemRecord) -> String?) -> Double {
                Double(evaluated.filter { predict($0) == $0.answer }.count) / Double(max(1, evaluated.count))
            }
            return BlindBaselineRow(
                split: split, records: evaluated.count,
                byQuestionText: accuracy { byText[$0.question] ?? byTemplate[template(of: $0)] },
                byTemplate: accuracy { byTemplate[template(of: $0)] })
        }
    }
}
