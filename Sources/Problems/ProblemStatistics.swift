// What `mmpr-synth stats` prints: the problems per family × context × answer type in each split,
// and the blind baseline per split (docs/problems.md), as Markdown tables.
import Foundation

public enum ProblemStatistics {
    public static func markdown(_ records: [ProblemRecord]) -> String {
        var lines: [String] = []
        let keyed = Dictionary(grouping: records) { record in
            let kind = record.hasAnswer ? "\(record.questionType)\t\(record.answerType)" : "open prompt\t–"
            return "\(record.source)\t\(record.metadata["context"]?.stringValue ?? "")\t\(kind)"
        }
        let splits = records.reduce(into: [String]()) { if !$0.contains($1.split) { $0.append($1.split) } }
        lines.append("| family | context | question type | answer type | " + splits.joined(separator: " | ") + " |")
        lines.append("|---|---|---|---|" + String(repeating: "---:|", count: splits.count))
        for key in keyed.keys.sorted() {
            let group = keyed[key]!
            let counts = splits.map { split in String(group.filter { $0.split == split }.count) }
            lines.append("| " + key.replacingOccurrences(of: "\t", with: " | ") + " | " + counts.joined(separator: " | ") + " |")
        }
        lines.append(
            "\n| split | records with answers | blind: majority per question text (else template) | blind: majority per template |")
        lines.append("|---|---:|---:|---:|")
        for row in BlindBaseline.rows(records) {
            lines.append(
                String(format: "| %@ | %d | %.1f %% | %.1f %% |", row.split, row.records, row.byQuestionText * 100, row.byTemplate * 100))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
