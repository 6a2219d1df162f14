// Plots: a line plot of values by day (read two points, subtract), and a straight line on a
// unit grid (read two lattice points, divide rise by run).
import JSON

/// Change between two days of a line plot (read, read, subtract).
public struct LineChangeFamily: ProblemFamily {
    public let name = "line_change", context = "line plot", category = "math-targeted-vqa"
    public let task = "figure question answering", grade = "elementary school", skills = ["statistical reasoning", "arithmetic reasoning"]
    public init() {}

    public func generate(_ random: inout ProblemRandom, size: Int) -> GeneratedProblem {
        let values = (0..<5).map { _ in random.int(0...9) }
        var days = random.sample(Array(1...5), 2).sorted()
        // Ask about an increase: the later day must be higher; redraw the pair until it is.
        var guardCount = 0
        while values[days[1] - 1] <= values[days[0] - 1] && guardCount < 20 {
            days = random.sample(Array(1...5), 2).sorted()
            guardCount += 1
        }
        let (first, second) = (values[days[0] - 1], values[days[1] - 1])
        let answer = second - first
        var canvas = Canvas(width: size, height: size)
        let left = 6, bottom = size - 8, unit = max(1, (size - 14) / 9), step = (size - left - 4) / 4
        for level in stride(from: 0, through: 9, by: 3) { canvas.line(left, bottom - level * unit, size - 2, bottom - level * unit, .grey) }
        for level in [0, 3, 6, 9] { canvas.text(String(level), x: 1, y: bottom - level * unit - 2, .darkGrey) }
        canvas.line(left, bottom, size - 2, bottom, .black)
        canvas.line(left, 1, left, bottom, .black)
        let points = values.enumerated().map { (left + 2 + $0.offset * step, bottom - $0.element * unit) }
        for index in 0..<4 {
            canvas.line(points[index].0, points[index].1, points[index + 1].0, points[index + 1].1, Vocabulary.colour(named: "blue"))
        }
        for (index, point) in points.enumerated() {
            canvas.fillRect(x0: point.0 - 1, y0: point.1 - 1, x1: point.0 + 2, y1: point.1 + 2, Vocabulary.colour(named: "red"))
            canvas.centredText(String(index + 1), centreX: point.0, y: bottom + 2, .black)
        }
        let item = random.pick(Vocabulary.items)
        let readout = values.map(String.init).joined(separator: " ")
        return GeneratedProblem(
            question: "The plot shows \(item) sold per day. By how much did sales rise from day \(days[0]) to day \(days[1])?",
            choices: nil, answer: String(answer), answerType: "integer", precision: nil,
            reasoning: ["Day \(days[0])=\(first), day \(days[1])=\(second).", "\(second)-\(first)=\(answer)."],
            scene: ["values": .array(values.map { .integer(Int64($0)) }), "days": .array(days.map { .integer(Int64($0)) })],
            image: canvas.image, description: "A line plot of 5 days: \(readout).", template: "line change")
    }
}

/// Slope of a line through two lattice points of a unit grid (read two points, rise over run).
public struct LineSlopeFamily: ProblemFamily {
    public let name = "line_slope", context = "function plot", category = "math-targeted-vqa"
    public let task = "textbook question answering", grade = "high school", skills = ["algebraic reasoning"]
    public init() {}

    public func generate(_ random: inout ProblemRandom, size: Int) -> GeneratedProblem {
        let run = random.pick([1, 2, 4]), rise = random.pick([-4, -3, -2, -1, 1, 2, 3, 4])
        let x0 = random.int(-3...(3 - run)), y0 = random.int(max(-3, -3 - rise)...min(3, 3 - rise))
        let x1 = x0 + run, y1 = y0 + rise
        let slope = Double(rise) / Double(run)
        let names = random.sample(Vocabulary.pointNames, 3)
        let answer = String(format: "%.1f", slope)
        var canvas = Canvas(width: size, height: size)
        let cell = size / 8, centre = size / 2
        func pixel(_ x: Int, _ y: Int) -> (Int, Int) { (centre + x * cell, centre - y * cell) }
        for k in -4...4 {
            canvas.line(centre + k * cell, 0, centre + k * cell, size - 1, .grey)
            canvas.line(0, centre + k * cell, size - 1, centre + k * cell, .grey)
        }
        canvas.line(centre, 0, centre, size - 1, .black)
        canvas.line(0, centre, size - 1, centre, .black)
        // Extend the line across the whole grid: x from -4 to 4.
        let start = pixel(-4, 0), end = pixel(4, 0)
        let yAt = { (x: Double) -> Int in centre - Int((Double(y0) + slope * (x - Double(x0))) * Double(cell)) }
        canvas.line(start.0, yAt(-4), end.0, yAt(4), Vocabulary.colour(named: "blue"))
        for (x, y) in [(x0, y0), (x1, y1)] {
            let p = pixel(x, y)
            canvas.fillRect(x0: p.0 - 1, y0: p.1 - 1, x1: p.0 + 2, y1: p.1 + 2, Vocabulary.colour(named: "red"))
        }
        return GeneratedProblem(
            question:
                "Line \(names[0].lowercased()) passes through the red points \(names[1]) and \(names[2]). What is its slope, to one decimal place?",
            choices: nil, answer: answer, answerType: "float", precision: 1,
            reasoning: ["\(names[1])=(\(x0),\(y0)), \(names[2])=(\(x1),\(y1)).", "Slope \(rise)/\(run)=\(answer)."],
            scene: ["points": [[.integer(Int64(x0)), .integer(Int64(y0))], [.integer(Int64(x1)), .integer(Int64(y1))]]],
            image: canvas.image, description: "A blue line on a grid through (\(x0),\(y0)) and (\(x1),\(y1)).", template: "line slope")
    }
}
