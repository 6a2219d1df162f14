// The bar-chart renderer the bar families share: axes, light grid lines every 2 units, one bar
// per value with its value above it and its label below, on a 64×64-style canvas of any size.
import JSON

struct BarChartScene {
    var labels: [String]
    var values: [Int]
    var colours: [String]

    var json: JSONObject {
        [
            "labels": .array(labels.map(JSONValue.string)), "values": .array(values.map { .integer(Int64($0)) }),
            "colours": .array(colours.map(JSONValue.string)),
        ]
    }

    /// Values are 1...9; each unit is (size − 19) / 9 pixels tall.
    func render(size: Int) -> RGBImage {
        var canvas = Canvas(width: size, height: size)
        let left = 4, bottom = size - 8, unit = max(1, (size - 19) / 9)
        for level in stride(from: 2, through: 9, by: 2) {
            canvas.line(left, bottom - level * unit, size - 2, bottom - level * unit, .grey)
        }
        canvas.line(left, bottom, size - 2, bottom, .black)
        canvas.line(left, 2, left, bottom, .black)
        let slot = (size - left - 3) / labels.count, width = max(3, slot - 4)
        for (index, value) in values.enumerated() {
            let x0 = left + 2 + index * slot, centre = x0 + width / 2
            canvas.fillRect(x0: x0, y0: bottom - value * unit, x1: x0 + width, y1: bottom, Vocabulary.colour(named: colours[index]))
            canvas.centredText(String(value), centreX: centre, y: bottom - value * unit - 6, .black)
            canvas.centredText(labels[index], centreX: centre, y: bottom + 2, .black)
        }
        return canvas.image
    }

    var readout: String { zip(labels, values).map { "\($0)=\($1)" }.joined(separator: " ") }

    var description: String {
        "A bar chart: " + zip(zip(labels, values), colours).map { "\($1) \($0.0)=\($0.1)" }.joined(separator: ", ") + "."
    }

    /// Distinct values, so "tallest", "shortest" and "second highest" are well defined.
    static func draw(_ random: inout ProblemRandom, count: Int, colours: [String]) -> BarChartScene {
        let labels = Array(["P", "Q", "R", "S", "T"].prefix(count))
        return BarChartScene(labels: labels, values: random.sample(Array(1...9), count), colours: colours)
    }
}
