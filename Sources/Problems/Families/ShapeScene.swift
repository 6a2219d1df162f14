// A synthetic scene of coloured shapes on a 3×3 layout (no overlaps), shared by the shape
// families and the POPE probes.
import JSON

public struct ShapeScene: Equatable, Sendable {
    public struct Object: Equatable, Sendable {
        public var shape: String
        public var colour: String
        public var cell: Int
    }
    public var objects: [Object]

    /// First sentences that vary the question text without changing the task.
    static let openings: [String] = Vocabulary.owners.flatMap { owner in
        ["picture", "drawing", "sticker sheet", "poster"].map { "The \($0) from \(owner) shows some shapes." }
    }

    public var json: JSONObject {
        ["objects": .array(objects.map { ["shape": .string($0.shape), "colour": .string($0.colour), "cell": .integer(Int64($0.cell))] })]
    }

    /// `count` objects in distinct cells of a 3×3 layout, shapes and colours at random.
    static func draw(_ random: inout ProblemRandom, count: Int, colours: [String] = Vocabulary.colours.map(\.name)) -> ShapeScene {
        ShapeScene(
            objects: random.sample(Array(0..<9), count).map { cell in
                Object(shape: random.pick(Vocabulary.shapes), colour: random.pick(colours), cell: cell)
            })
    }

    func render(size: Int) -> RGBImage {
        var canvas = Canvas(width: size, height: size, background: Colour(245, 245, 235))
        let cell = size / 3, radius = cell / 2 - 3
        for object in objects {
            let cx = (object.cell % 3) * cell + cell / 2, cy = (object.cell / 3) * cell + cell / 2
            let colour = Vocabulary.colour(named: object.colour)
            switch object.shape {
            case "circle": canvas.fillCircle(cx: cx, cy: cy, radius: radius, colour)
            case "square": canvas.fillRect(x0: cx - radius + 1, y0: cy - radius + 1, x1: cx + radius, y1: cy + radius, colour)
            default: canvas.fillTriangle((cx, cy - radius), (cx - radius, cy + radius - 1), (cx + radius, cy + radius - 1), colour)
            }
        }
        return canvas.image
    }

    var description: String {
        "Shapes: " + objects.sorted { $0.cell < $1.cell }.map { "\($0.colour) \($0.shape)" }.joined(separator: ", ") + "."
    }
}

/// Count with a condition: shapes of one colour, or shapes that are not of one kind (2–3 steps).
public struct ShapeCountFamily: ProblemFamily {
    public let name = "shape_count", context = "synthetic scene", category = "general-vqa"
    public let task = "visual question answering", grade = "elementary school", skills = ["arithmetic reasoning", "logical reasoning"]
    public init() {}

    public func generate(_ random: inout ProblemRandom, size: Int) -> GeneratedProblem {
        let scene = ShapeScene.draw(&random, count: random.int(3...8), colours: random.sample(Vocabulary.colours.map(\.name), 3))
        let question: String, matching: [ShapeScene.Object], rule: String, template: String, condition: JSONObject
        if random.int(0...1) == 0 {
            let colour = random.pick(scene.objects).colour
            matching = scene.objects.filter { $0.colour == colour }
            question = "\(random.pick(ShapeScene.openings)) How many \(colour) shapes are there?"
            rule = "\(colour) shapes"
            template = "count colour"
            condition = ["colour_is": .string(colour)]
        } else {
            let shape = random.pick(Vocabulary.shapes)
            matching = scene.objects.filter { $0.shape != shape }
            question = "\(random.pick(ShapeScene.openings)) How many of the shapes are not \(shape)s?"
            rule = "not \(shape)s"
            template = "count not shape"
            condition = ["shape_is_not": .string(shape)]
        }
        return GeneratedProblem(
            question: question, choices: nil, answer: String(matching.count), answerType: "integer", precision: nil,
            reasoning: [
                "\(rule.prefix(1).uppercased() + rule.dropFirst()): "
                    + (matching.isEmpty ? "none" : matching.map(\.shape).joined(separator: ", ")) + ".",
                "Count: \(matching.count).",
            ],
            scene: scene.json.merging(condition), image: scene.render(size: size), description: scene.description,
            template: template)
    }
}

/// More of one shape than another? Count both, compare (multi_choice Yes / No).
public struct ShapeCompareFamily: ProblemFamily {
    public let name = "shape_compare", context = "synthetic scene", category = "general-vqa"
    public let task = "visual question answering", grade = "elementary school", skills = ["logical reasoning", "arithmetic reasoning"]
    public init() {}

    public func generate(_ random: inout ProblemRandom, size: Int) -> GeneratedProblem {
        let scene = ShapeScene.draw(&random, count: random.int(4...8))
        let kinds = random.sample(Vocabulary.shapes, 2)
        let first = scene.objects.filter { $0.shape == kinds[0] }.count, second = scene.objects.filter { $0.shape == kinds[1] }.count
        let answer = first > second ? "Yes" : "No"
        return GeneratedProblem(
            question: "\(random.pick(ShapeScene.openings)) Are there more \(kinds[0])s than \(kinds[1])s?", choices: ["Yes", "No"],
            answer: answer,
            answerType: "text", precision: nil,
            reasoning: ["\(first) \(kinds[0])s, \(second) \(kinds[1])s.", "\(first) \(first > second ? ">" : "<=") \(second)."],
            scene: scene.json.merging(["compared": .array(kinds.map(JSONValue.string))]), image: scene.render(size: size),
            description: scene.description, template: "shape compare")
    }
}
