// A table of digits: find the row or column named in the question, read it, add (3 steps).
import JSON

public struct TableSumFamily: ProblemFamily {
    public let name = "table_sum", context = "table", category = "math-targeted-vqa"
    public let task = "math word problem", grade = "elementary school", skills = ["arithmetic reasoning"]
    public init() {}

    public func generate(_ random: inout ProblemRandom, size: Int) -> GeneratedProblem {
        let rows = ["A", "B", "C"], columns = ["X", "Y", "Z"]
        let cells = (0..<3).map { _ in (0..<3).map { _ in random.int(1...9) } }
        var canvas = Canvas(width: size, height: size)
        let pitch = size / 4
        for k in 0...4 {
            canvas.line(0, min(size - 1, k * pitch), size - 1, min(size - 1, k * pitch), .black)
            canvas.line(min(size - 1, k * pitch), 0, min(size - 1, k * pitch), size - 1, .black)
        }
        canvas.fillRect(x0: 1, y0: 1, x1: size - 1, y1: pitch, Colour(220, 230, 245))
        canvas.fillRect(x0: 1, y0: 1, x1: pitch, y1: size - 1, Colour(220, 230, 245))
        for (c, name) in columns.enumerated() { canvas.centredText(name, centreX: (c + 1) * pitch + pitch / 2, y: pitch / 2 - 2, .black) }
        for (r, name) in rows.enumerated() {
            canvas.centredText(name, centreX: pitch / 2, y: (r + 1) * pitch + pitch / 2 - 2, .black)
            for c in 0..<3 {
                canvas.centredText(String(cells[r][c]), centreX: (c + 1) * pitch + pitch / 2, y: (r + 1) * pitch + pitch / 2 - 2, .black)
            }
        }
        let byRow = random.int(0...1) == 0, pick = random.int(0...2)
        let values = byRow ? cells[pick] : cells.map { $0[pick] }
        let name = byRow ? "row \(rows[pick])" : "column \(columns[pick])"
        let total = values.reduce(0, +)
        let item = random.pick(Vocabulary.items), owner = random.pick(Vocabulary.owners)
        return GeneratedProblem(
            question: "The table counts \(item) at \(owner). What is the sum of the numbers in \(name)?",
            choices: nil, answer: String(total), answerType: "integer", precision: nil,
            reasoning: [
                "\(name.prefix(1).uppercased() + name.dropFirst()): " + values.map(String.init).joined(separator: " ") + ".",
                values.map(String.init).joined(separator: "+") + "=\(total).",
            ],
            scene: [
                "cells": .array(cells.map { .array($0.map { .integer(Int64($0)) }) }), "by_row": .bool(byRow),
                "index": .integer(Int64(pick)),
            ],
            image: canvas.image,
            description: "A table: "
                + (0..<3).map { "\(rows[$0]) " + cells[$0].map(String.init).joined(separator: " ") }.joined(separator: "; ") + ".",
            template: byRow ? "table row sum" : "table column sum")
    }
}
