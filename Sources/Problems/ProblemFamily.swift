// A question family: draws a scene (plain values) from the problem's randomness, renders it,
// and states the question, the answer, a short chain of thought grounded in what the image
// shows, and a description for open prompts. The scene is kept in the record (`scene`) so the
// tests can recompute every answer without the text generator.
import JSON

/// What a family makes for one problem.
public struct GeneratedProblem {
    public var question: String
    /// Options for multi_choice; the answer is one of them and the direct answer its letter.
    public var choices: [String]?
    public var answer: String
    /// integer, float or text.
    public var answerType: String
    /// Decimal places of a float answer.
    public var precision: Int?
    /// Steps grounded in the image, without the final line (added by the generator).
    public var reasoning: [String]
    public var scene: JSONObject
    public var image: RGBImage
    /// A reference description of the image, for open prompts.
    public var description: String
    /// The question with its variable parts masked: the blind baseline's "template".
    public var template: String
}

public protocol ProblemFamily: Sendable {
    /// Our generator family name: MathVista's `source`.
    var name: String { get }
    /// MathVista vocabulary.
    var context: String { get }
    var category: String { get }
    var task: String { get }
    var grade: String { get }
    var skills: [String] { get }
    func generate(_ random: inout ProblemRandom, size: Int) -> GeneratedProblem
}

/// Names, colours and shapes the families draw from.
public enum Vocabulary {
    public static let colours: [(name: String, colour: Colour)] = [
        ("red", Colour(220, 40, 40)), ("blue", Colour(40, 80, 220)), ("green", Colour(40, 170, 60)),
        ("yellow", Colour(230, 200, 30)), ("purple", Colour(140, 60, 180)), ("orange", Colour(240, 130, 20)),
    ]
    public static func colour(named name: String) -> Colour { colours.first { $0.name == name }!.colour }
    public static let shapes = ["circle", "square", "triangle"]
    /// Things a chart counts: makes question texts varied without changing the reasoning.
    public static let items = [
        "apples", "books", "cars", "birds", "tickets", "boxes", "coins", "lamps", "chairs", "shirts", "plants", "stamps",
        "bikes", "cups", "pens", "hats", "shells", "kites", "clocks", "rings",
    ]
    public static let owners = [
        "a shop", "a class", "a farm", "a club", "a team", "a school", "a market", "a museum", "a library", "a bakery",
    ]
    /// Names of points and vertices (no I or O, which read like digits).
    public static let pointNames = [
        "A", "B", "C", "D", "E", "F", "G", "H", "J", "K", "L", "M", "N", "P", "Q", "R", "S", "T", "U", "V", "W", "X", "Y", "Z",
    ]
}
