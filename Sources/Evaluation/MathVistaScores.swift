// Aggregation of per-item results into MathVista's official scores file: the average and nine
// breakdowns, ordered and formatted like v1 (published) or HEAD. See docs/answers.md, "Aggregation",
// "Published scores vs today's code" and "Python semantics".

import Answers
import JSON

public enum MathVistaScores {
    /// The breakdowns, in the order the official script writes them.
    public static let breakdownKeys = [
        "question_type", "answer_type", "language", "source", "category", "task", "context", "grade", "skills",
    ]

    /// One scored row: whether it was right, and the values it is grouped by.
    public struct Row: Sendable {
        public var isCorrect: Bool
        public var attributes: [String: JSONValue]
        public init(isCorrect: Bool, attributes: [String: JSONValue]) {
            self.isCorrect = isCorrect
            self.attributes = attributes
        }
    }

    /// One breakdown entry.
    public struct Group: Sendable, Equatable {
        public var value: String
        public var correct: Int
        public var total: Int
    }

    /// The scores document. `legacy` writes accuracies as strings in percent (average as
    /// Python's repr of round(…, 2), breakdowns as "%.2f") and sorts by the rounded value;
    /// `current` writes the fraction correct/total as a number and sorts by it.
    /// `rows` must not be empty (Python divides by zero there).
    public static func document(_ rows: [Row], version: MathVistaVersion = .legacy) -> JSONValue {
        precondition(!rows.isEmpty, "MathVista scores need at least one row")
        let correct = rows.count(where: \.isCorrect)
        var average: JSONObject = [:]
        average["accuracy"] = averageAccuracy(correct: correct, total: rows.count, version: version)
        average["correct"] = .integer(Int64(correct))
        average["total"] = .integer(Int64(rows.count))
        var scores: JSONObject = ["average": .object(average)]
        for key in breakdownKeys {
            var breakdown = JSONObject()
            for group in sortedGroups(rows, key: key, version: version) {
                var entry = JSONObject()
                entry["accuracy"] = groupAccuracy(group, version: version)
                entry["correct"] = .integer(Int64(group.correct))
                entry["total"] = .integer(Int64(group.total))
                breakdown[group.value] = .object(entry)
            }
            scores[key] = .object(breakdown)
        }
        return .object(scores)
    }

    /// The file bytes: `json.dump(scores, f, indent=4)`, so no trailing newline.
    public static func fileText(_ rows: [Row], version: MathVistaVersion = .legacy) -> String {
        JSONWriter.python(indent: 4).string(document(rows, version: version))
    }

    /// A breakdown's groups in the official order: first appearance (pandas `unique()`), groups
    /// with no rows dropped, then a stable sort by accuracy, highest first.
    public static func sortedGroups(_ rows: [Row], key: String, version: MathVistaVersion = .legacy) -> [Group] {
        var groups: [Group] = []
        var position: [[UInt8]: Int] = [:]  // keyed by code points: Python compares them, not Swift's canonical forms
        for row in rows {
            for value in groupValues(row.attributes[key], isList: key == "skills") {
                let id = Array(value.utf8)
                let index: Int
                if let known = position[id] {
                    index = known
                } else {
                    index = groups.count
                    position[id] = index
                    groups.append(Group(value: value, correct: 0, total: 0))
                }
                groups[index].total += 1
                if row.isCorrect { groups[index].correct += 1 }
            }
        }
        let keys = groups.map { sortKey($0, version: version) }
        return groups.indices.sorted { keys[$0] != keys[$1] ? keys[$0] > keys[$1] : $0 < $1 }.map { groups[$0] }
    }

    /// The values a row counts toward. `skills` is a list and a row counts toward each skill once
    /// (`value in x`); other keys hold one value. Missing values (NaN in pandas) match nothing.
    private static func groupValues(_ value: JSONValue?, isList: Bool) -> [String] {
        switch value {
        case nil, .null?: return []
        case .array(let elements)? where isList:
            var seen = Set<[UInt8]>()
            return elements.filter { $0 != .null }.map(PythonValues.str).filter { seen.insert(Array($0.utf8)).inserted }
        case let scalar?: return isList ? [] : [PythonValues.str(scalar)]
        }
    }

    private static func percent(_ correct: Int, _ total: Int) -> Double { Double(correct) / Double(total) * 100 }

    private static func averageAccuracy(correct: Int, total: Int, version: MathVistaVersion) -> JSONValue {
        switch version {
        case .legacy: return .string(PythonNumbers.repr(PythonNumbers.round(percent(correct, total), digits: 2)!))
        case .current: return .number(Double(correct) / Double(total))
        }
    }

    private static func groupAccuracy(_ group: Group, version: MathVistaVersion) -> JSONValue {
        switch version {
        case .legacy: return .string(PythonNumbers.fixed(percent(group.correct, group.total), decimals: 2))
        case .current: return .number(Double(group.correct) / Double(group.total))
        }
    }

    private static func sortKey(_ group: Group, version: MathVistaVersion) -> Double {
        switch version {
        case .legacy: return Double(PythonNumbers.fixed(percent(group.correct, group.total), decimals: 2))!
        case .current: return Double(group.correct) / Double(group.total)
        }
    }
}
