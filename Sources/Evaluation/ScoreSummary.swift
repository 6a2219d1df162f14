// The short summary `mpo-eval score` prints on standard error: overall, by question type, by
// task, with MathVista's own group order and its Python-formatted percentages.
import Answers
import Foundation

extension MathVistaScoring {
    public func summaryTable(name: String) -> String {
        let rows = items.map { MathVistaScores.Row(isCorrect: $0.isCorrect, attributes: $0.attributes) }
        var lines = ["\(name): \(correctCount)/\(items.count) correct, accuracy \(Self.percent(correctCount, items.count))"]
        for key in ["question_type", "task"] {
            lines.append("  by \(key):")
            for group in MathVistaScores.sortedGroups(rows, key: key, version: version) {
                let label = group.value.padding(toLength: max(30, group.value.count), withPad: " ", startingAt: 0)
                lines.append(
                    "    \(label) \(Self.padded(String(group.correct), 4))/\(Self.padded(String(group.total), 4))  \(Self.padded(Self.percent(group.correct, group.total), 6))"
                )
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func percent(_ correct: Int, _ total: Int) -> String {
        PythonNumbers.fixed(Double(correct) / Double(total) * 100, decimals: 2)
    }

    static func padded(_ text: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - text.count)) + text }
}
