import ArgumentParser
import Foundation
import Problems
import ToolSupport

extension MMPRSynth {
    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the family × context × answer-type counts and the blind baseline per split.",
            discussion: """
                The blind baseline is the best accuracy without the image: the majority training \
                answer (sft and pref splits) for the same question text, else for the same question \
                template. It should stay far below what a model that reads the image reaches.
                """)

        @Argument(help: "A problems artifact ('-' for stdin).") var problems: String

        func run() throws {
            let records = try ProblemArtifact.read(path: problems) { _ in false }.records
            let keyed = Dictionary(grouping: records) { record in
                let kind = record.hasAnswer ? "\(record.questionType)\t\(record.answerType)" : "open prompt\t–"
                return "\(record.source)\t\(record.metadata["context"]?.stringValue ?? "")\t\(kind)"
            }
            let splits = records.reduce(into: [String]()) { if !$0.contains($1.split) { $0.append($1.split) } }
            print("| family | context | question type | answer type | " + splits.joined(separator: " | ") + " |")
            print("|---|---|---|---|" + String(repeating: "---:|", count: splits.count))
            for key in keyed.keys.sorted() {
                let group = keyed[key]!
                let counts = splits.map { split in String(group.filter { $0.split == split }.count) }
                print("| " + key.replacingOccurrences(of: "\t", with: " | ") + " | " + counts.joined(separator: " | ") + " |")
            }
            print("\n| split | records with answers | blind: majority per question text (else template) | blind: majority per template |")
            print("|---|---:|---:|---:|")
            for row in BlindBaseline.rows(records) {
                print(
                    String(
                        format: "| %@ | %d | %.1f %% | %.1f %% |", row.split, row.records, row.byQuestionText * 100, row.byTemplate * 100))
            }
        }
    }
}
