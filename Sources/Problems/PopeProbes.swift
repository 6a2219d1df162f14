// POPE-style hallucination probes (Li et al., 2023) on scenes of shapes: "Is there a {colour}
// {shape} in the image?" (the direct prompt adds the one yes/no suffix). Probes come in pairs per scene — one object
// that is there (yes), one that is not (no) — so yes and no are balanced. The absent object is
// chosen by POPE's three samplings, in turn: random (any absent object), popular (the absent
// object most frequent over all probe scenes) and adversarial (the absent object that most often
// appears together with the scene's own objects). Colours are drawn with unequal weights, so
// "popular" differs from "random".
import JSON

public enum PopeProbes {
    public static let settings = ["random", "popular", "adversarial"]

    /// What an existence question names: one colour ("a red shape"), one kind of shape ("a
    /// triangle"), or both — an object, as POPE asks ("a red triangle").
    enum Attribute: CaseIterable {
        case colour, shape, object

        /// Each is its own family, so that a curriculum can teach one at a time.
        var family: ExistenceFamily {
            switch self {
            case .colour: ExistenceFamily(name: "exists_colour")
            case .shape: ExistenceFamily(name: "exists_shape")
            case .object: ExistenceFamily(name: "pope_shapes")
            }
        }
    }

    struct ExistenceFamily: ProblemFamily {
        let name: String
        let context = "synthetic scene", category = "general-vqa"
        let task = "visual question answering", grade = "not applicable", skills = ["logical reasoning"]
        func generate(_ random: inout ProblemRandom, size: Int) -> GeneratedProblem {
            fatalError("existence questions are made by PopeProbes.probe and PopeProbes.trainingProbe")
        }
    }

    struct Probe {
        var question: String
        var answer: String
        var setting: String
        var family: ExistenceFamily
        var image: RGBImage
        var scene: JSONObject
        /// What the scene shows, as the shape families describe it: the reasoning of a CoT answer.
        var description: String

        init(asking asked: String, _ attribute: Attribute, about scene: ShapeScene, answer: String, setting: String, size: Int) {
            let article = asked.first.map { "aeiou".contains($0) } == true ? "an" : "a"
            question = "Is there \(article) \(asked) in the image?"
            self.answer = answer
            self.setting = setting
            family = attribute.family
            image = scene.render(size: size)
            self.scene = scene.json.merging(["asked": .string(asked)])
            description = scene.description
        }
    }

    /// Colour weights: red and blue common, purple and orange rare.
    static let colourWeights = [4, 3, 2, 2, 1, 1]
    static var objects: [String] { Vocabulary.colours.flatMap { colour in Vocabulary.shapes.map { "\(colour.name) \($0)" } } }

    /// A probe scene: 3–5 objects, colours by weight.
    static func scene(drawingFrom random: inout ProblemRandom) -> ShapeScene {
        let cells = random.sample(Array(0..<9), random.int(3...5))
        let weighted = zip(Vocabulary.colours.map(\.name), colourWeights).flatMap { Array(repeating: $0, count: $1) }
        return ShapeScene(
            objects: cells.map { ShapeScene.Object(shape: random.pick(Vocabulary.shapes), colour: random.pick(weighted), cell: $0) })
    }

    /// The scene of pair `pair` of a split, from its own stream (so both probes of the pair see it).
    static func scene(pair: Int, seed: UInt64, attempt: Int, sceneStream: String) -> ShapeScene {
        var random = ProblemRandom(seed: seed, split: sceneStream, index: pair, attempt: attempt)
        return scene(drawingFrom: &random)
    }

    /// The names of what `scene` holds, as questions about `attribute` ask for them.
    static func names(of scene: ShapeScene, _ attribute: Attribute) -> [String] {
        let names = scene.objects.map { object in
            switch attribute {
            case .colour: "\(object.colour) shape"
            case .shape: object.shape
            case .object: "\(object.colour) \(object.shape)"
            }
        }
        return Array(Set(names)).sorted()
    }

    /// How often each object appears, and with which others, over a reference pool of scenes
    /// (a fixed seed, so it is the same for every split and run).
    static let statistics: (frequency: [String: Int], together: [String: [String: Int]]) = {
        var frequency: [String: Int] = [:], together: [String: [String: Int]] = [:]
        for pair in 0..<2000 {
            let objects = names(of: scene(pair: pair, seed: 0x504F_5045, attempt: 0, sceneStream: "pope-statistics"), .object)
            for name in objects {
                frequency[name, default: 0] += 1
                for other in objects where other != name { together[name, default: [:]][other, default: 0] += 1 }
            }
        }
        return (frequency, together)
    }()

    /// Probe `index` of the split: its pair's scene comes from (seed, pair, attempt), so both
    /// probes of a pair ask about the same image; the probe's own draws come from `random`.
    /// `sceneStream` keeps the POPE split's scenes apart from the existence questions M0 trains on.
    static func probe(index: Int, seed: UInt64, attempt: Int, random: inout ProblemRandom, size: Int, sceneStream: String) -> Probe {
        let pair = index / 2, setting = settings[pair % settings.count]
        let scene = scene(pair: pair, seed: seed, attempt: attempt, sceneStream: sceneStream)
        let present = names(of: scene, .object)
        let absent = objects.filter { !present.contains($0) }
        let asked: String, answer: String
        if index % 2 == 0 {
            asked = random.pick(present)
            answer = "yes"
        } else {
            answer = "no"
            switch setting {
            case "popular":
                asked = absent.max { (statistics.frequency[$0] ?? 0, $1) < (statistics.frequency[$1] ?? 0, $0) }!
            case "adversarial":
                func score(_ name: String) -> Int { present.map { statistics.together[$0]?[name] ?? 0 }.reduce(0, +) }
                asked = absent.max { (score($0), $1) < (score($1), $0) }!
            default:
                asked = random.pick(absent)
            }
        }
        return Probe(asking: asked, .object, about: scene, answer: answer, setting: setting, size: size)
    }

    /// Existence question `index` for M0's training: pair `index / 2` asks the same question about
    /// two scenes, one that holds what it names (yes) and one drawn until it does not (no). So
    /// every question is asked as often with either answer, and the question alone tells nothing.
    /// POPE's own samplings would not do for training: their absent objects are mostly the
    /// frequent ones, so "Is there a red square?" would mostly mean no and a rare object yes —
    /// a model trained on them answered POPE from the question text (docs/model.md, "Existence
    /// questions that need the image").
    ///
    /// The pairs take turns at naming a colour, a kind of shape and an object (both), each its own
    /// family: a model trained on objects alone never learned to answer them directly, one that
    /// had learned single colours first did (docs/model.md, "One attribute before two").
    static func trainingProbe(index: Int, seed: UInt64, attempt: Int, size: Int, sceneStream: String) -> Probe {
        let pair = index / 2, attribute = Attribute.allCases[pair % Attribute.allCases.count]
        let holding = scene(pair: pair, seed: seed, attempt: attempt, sceneStream: sceneStream)
        var random = ProblemRandom(seed: seed, split: "\(sceneStream)-asked", index: pair, attempt: attempt)
        let asked = random.pick(names(of: holding, attribute))
        if index % 2 == 0 { return Probe(asking: asked, attribute, about: holding, answer: "yes", setting: "training", size: size) }
        var without = scene(drawingFrom: &random)
        while names(of: without, attribute).contains(asked) { without = scene(drawingFrom: &random) }
        return Probe(asking: asked, attribute, about: without, answer: "no", setting: "training", size: size)
    }
}
