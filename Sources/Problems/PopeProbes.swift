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
    static let family = PopeFamily()

    struct PopeFamily: ProblemFamily {
        let name = "pope_shapes", context = "synthetic scene", category = "general-vqa"
        let task = "visual question answering", grade = "not applicable", skills = ["logical reasoning"]
        func generate(_ random: inout ProblemRandom, size: Int) -> GeneratedProblem {
            fatalError("POPE probes are made by PopeProbes.probe")
        }
    }

    struct Probe {
        var question: String
        var answer: String
        var setting: String
        var image: RGBImage
        var scene: JSONObject
        /// What the scene shows, as the shape families describe it: the reasoning of a CoT answer.
        var description: String
    }

    /// Colour weights: red and blue common, purple and orange rare.
    static let colourWeights = [4, 3, 2, 2, 1, 1]
    static var objects: [String] { Vocabulary.colours.flatMap { colour in Vocabulary.shapes.map { "\(colour.name) \($0)" } } }

    /// The scene of probe pair `pair`: 3–5 objects, colours by weight; drawn from its own stream.
    static func scene(pair: Int, seedOf random: ProblemRandom) -> ShapeScene {
        var own = random
        let cells = own.sample(Array(0..<9), own.int(3...5))
        let weighted = zip(Vocabulary.colours.map(\.name), colourWeights).flatMap { Array(repeating: $0, count: $1) }
        return ShapeScene(
            objects: cells.map { ShapeScene.Object(shape: own.pick(Vocabulary.shapes), colour: own.pick(weighted), cell: $0) })
    }

    /// How often each object appears, and with which others, over a reference pool of scenes
    /// (a fixed seed, so it is the same for every split and run).
    static let statistics: (frequency: [String: Int], together: [String: [String: Int]]) = {
        var frequency: [String: Int] = [:], together: [String: [String: Int]] = [:]
        for pair in 0..<2000 {
            let scene = scene(pair: pair, seedOf: ProblemRandom(seed: 0x504F_5045, split: "pope-statistics", index: pair))
            let names = Set(scene.objects.map { "\($0.colour) \($0.shape)" })
            for name in names {
                frequency[name, default: 0] += 1
                for other in names where other != name { together[name, default: [:]][other, default: 0] += 1 }
            }
        }
        return (frequency, together)
    }()

    /// Probe `index` of the split: its pair's scene comes from (seed, pair, attempt), so both
    /// probes of a pair ask about the same image; the probe's own draws come from `random`.
    /// `sceneStream` keeps the POPE split's scenes apart from the existence questions M0 trains on.
    static func probe(index: Int, seed: UInt64, attempt: Int, random: inout ProblemRandom, size: Int, sceneStream: String) -> Probe {
        let pair = index / 2, setting = settings[pair % settings.count]
        let scene = scene(pair: pair, seedOf: ProblemRandom(seed: seed, split: sceneStream, index: pair, attempt: attempt))
        let present = Array(Set(scene.objects.map { "\($0.colour) \($0.shape)" })).sorted()
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
        let article = asked.first.map { "aeiou".contains($0) } == true ? "an" : "a"
        return Probe(
            question: "Is there \(article) \(asked) in the image?", answer: answer, setting: setting,
            image: scene.render(size: size), scene: scene.json.merging(["asked": .string(asked)]), description: scene.description)
    }
}
