// Geometry diagrams: the third angle of a triangle (multi_choice, like MathVista's geometry
// items) and the perimeter of a labelled rectangle.
import JSON

/// Two angles are labelled; the third is 180 minus both (read, add, subtract).
public struct TriangleAngleFamily: ProblemFamily {
    public let name = "triangle_angle", context = "geometry diagram", category = "math-targeted-vqa"
    public let task = "geometry problem solving", grade = "high school", skills = ["geometry reasoning", "arithmetic reasoning"]
    public init() {}

    public func generate(_ random: inout ProblemRandom, size: Int) -> GeneratedProblem {
        let a = random.int(3...9) * 10, b = random.int(3...(17 - a / 10 - 1)) * 10
        let c = 180 - a - b
        let names = random.sample(Vocabulary.pointNames, 3)
        var canvas = Canvas(width: size, height: size)
        let left = (4, size - 10), right = (size - 5, size - 10), top = (random.int(size / 4...(3 * size / 4)), 8)
        canvas.line(left.0, left.1, right.0, right.1, .black)
        canvas.line(left.0, left.1, top.0, top.1, .black)
        canvas.line(right.0, right.1, top.0, top.1, .black)
        canvas.text(String(a), x: left.0 + 1, y: left.1 + 3, Vocabulary.colour(named: "blue"))
        canvas.text(String(b), x: right.0 - BitmapFont.textWidth(String(b)), y: right.1 + 3, Vocabulary.colour(named: "blue"))
        canvas.centredText("?", centreX: top.0, y: 1, Vocabulary.colour(named: "red"))
        canvas.text(names[0], x: 0, y: left.1 - 6, .darkGrey)
        canvas.text(names[1], x: size - 4, y: right.1 - 6, .darkGrey)
        canvas.text(names[2], x: min(size - 4, top.0 + 3), y: top.1, .darkGrey)
        let wrong = random.sample(Array(Set([c - 20, c - 10, c + 10, c + 20, 180 - a, 180 - b].filter { $0 > 0 && $0 != c })).sorted(), 3)
        let choices = random.shuffled(([c] + wrong).map(String.init))
        return GeneratedProblem(
            question: "In triangle \(names.joined()), angles \(names[0]) and \(names[1]) are marked in degrees. What is angle \(names[2])?",
            choices: choices, answer: String(c), answerType: "text", precision: nil,
            reasoning: ["\(names[0])=\(a), \(names[1])=\(b).", "Angles sum to 180: 180-\(a)-\(b)=\(c)."],
            scene: ["angles": [.integer(Int64(a)), .integer(Int64(b))]], image: canvas.image,
            description: "A triangle with base angles \(a) and \(b) marked.",
            template: "triangle angle")
    }
}

/// Perimeter of a rectangle with its two side lengths labelled (read both, add, double).
public struct RectanglePerimeterFamily: ProblemFamily {
    public let name = "rectangle_perimeter", context = "geometry diagram", category = "math-targeted-vqa"
    public let task = "geometry problem solving", grade = "elementary school", skills = ["geometry reasoning", "arithmetic reasoning"]
    public init() {}

    public func generate(_ random: inout ProblemRandom, size: Int) -> GeneratedProblem {
        let width = random.int(2...9), height = random.int(1...9)
        let names = random.sample(Vocabulary.pointNames, 4), fill = random.pick(Vocabulary.colours)
        let object = random.pick(["garden", "poster", "table top", "window", "rug", "field", "card", "tile", "photo", "door"])
        var canvas = Canvas(width: size, height: size)
        // Drawn to scale: 5 pixels per unit, centred.
        let unit = max(1, (size - 16) / 9), w = width * unit, h = height * unit
        let x0 = (size - w) / 2, y0 = (size - h) / 2
        canvas.fillRect(
            x0: x0, y0: y0, x1: x0 + w, y1: y0 + h, Colour(fill.colour.r / 2 + 127, fill.colour.g / 2 + 127, fill.colour.b / 2 + 127))
        canvas.line(x0, y0, x0 + w, y0, .black)
        canvas.line(x0, y0 + h, x0 + w, y0 + h, .black)
        canvas.line(x0, y0, x0, y0 + h, .black)
        canvas.line(x0 + w, y0, x0 + w, y0 + h, .black)
        canvas.centredText(String(width), centreX: x0 + w / 2, y: y0 + h + 2, Vocabulary.colour(named: "red"))
        canvas.text(String(height), x: x0 + w + 2, y: y0 + h / 2 - 2, Vocabulary.colour(named: "red"))
        let perimeter = 2 * (width + height)
        return GeneratedProblem(
            question: "Rectangle \(names.joined()) is the plan of a \(object), sides in cm. What is its perimeter in cm?",
            choices: nil, answer: String(perimeter), answerType: "integer", precision: nil,
            reasoning: ["Width \(width), height \(height).", "2x(\(width)+\(height))=\(perimeter)."],
            scene: ["width": .integer(Int64(width)), "height": .integer(Int64(height)), "fill": .string(fill.name)], image: canvas.image,
            description: "A \(fill.name) rectangle, \(width) wide and \(height) high.", template: "rectangle perimeter")
    }
}
