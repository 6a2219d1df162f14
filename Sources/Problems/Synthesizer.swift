// mmpr-synth generate: every split of the synthetic benchmark (docs/problems.md, "Splits").
//
// Problems: each index of a split takes the next family in turn and draws its scene from
// ProblemRandom(seed, split, index, attempt). testmini is made first; a problem of any other
// split whose image or question text also occurs in testmini is drawn again (attempt + 1), so the
// final table is never trained on. sft also holds open prompts with reference descriptions
// (every tenth index); `open` holds open prompts without answers (DropoutNTP's input); `pope`
// holds yes/no probes (PopeProbes). Work is split over threads by index and placed by index, so
// the bytes do not depend on the thread count.
//
// `perception` teaches M0 to look before it reasons (as InternVL pre-trains its projector on
// captions): fresh images of every family with their dense description as the target, yes/no
// existence questions about shape scenes (so POPE's question form is not new to M0; each object
// is asked as often with yes as with no, the scenes come from their own stream, and no POPE probe
// image is reused), and a share of description prompts without the image (so DropoutNTP's
// image-free continuations read like descriptions).
import Artifacts
import Dispatch
import Foundation
import JSON

public struct SynthesisPlan: Sendable {
    public var seed: UInt64 = 1
    /// Problems per split, in the order they are written.
    public var sizes: [(split: String, count: Int)] = SynthesisPlan.defaultSizes
    public var imageSize = 64
    public var threads = 2

    /// The default recipe's sizes: tens of thousands of problems in all.
    public static let defaultSizes: [(split: String, count: Int)] = [
        ("sft", 20000), ("pref", 6000), ("open", 2000), ("val", 1000), ("testmini", 1000), ("pope", 900), ("perception", 0),
    ]
    public init() {}

    public var json: JSONObject {
        [
            "seed": .integer(Int64(bitPattern: seed)), "image_size": .integer(Int64(imageSize)),
            "sizes": .object(JSONObject(sizes.map { ($0.split, .integer(Int64($0.count))) })),
        ]
    }
}

public enum Synthesizer {
    public static let families: [any ProblemFamily] = [
        BarRangeFamily(), BarColourSumFamily(), BarSecondFamily(), BarTallestColourFamily(), LineChangeFamily(), LineSlopeFamily(),
        ShapeCountFamily(), ShapeCompareFamily(), TableSumFamily(), TriangleAngleFamily(), RectanglePerimeterFamily(),
    ]
    /// The splits the generator knows, with what their records hold.
    public static let splits = ["sft", "pref", "open", "val", "testmini", "pope", "perception", "described", "reading"]
    static let openPrompts = [
        "Describe the image.", "Describe the picture in detail.", "What does this image show?", "Write a short description of the figure.",
    ]

    /// One problem: its record (as JSON) and its PNG.
    struct Made {
        var json: JSONObject
        var png: [UInt8]
        var imageHash: ContentHash
        var question: String
    }

    public static func generate(_ plan: SynthesisPlan, progress: (Int, Int) -> Void = { _, _ in }) throws -> (
        records: [ProblemRecord], images: [String: [UInt8]]
    ) {
        for (split, count) in plan.sizes {
            guard splits.contains(split) else {
                throw RecordError("unknown split \(split); the generator makes \(splits.joined(separator: ", "))")
            }
            guard count >= 0 else { throw RecordError("split \(split): a negative size") }
        }
        let total = plan.sizes.map(\.count).reduce(0, +)
        var done = 0
        var made: [String: [Made]] = [:]
        var held = (images: Set<ContentHash>(), questions: Set<String>())
        // testmini first: every other split avoids its images and question texts. Then pope: the
        // training splits also avoid its images (not its few question texts, which existence
        // questions about other scenes share).
        let rank = ["testmini": 0, "pope": 1]
        let order = plan.sizes.sorted { rank[$0.split, default: 2] < rank[$1.split, default: 2] }
        for (split, count) in order {
            let avoid = split == "testmini" ? (images: Set<ContentHash>(), questions: Set<String>()) : held
            made[split] = try parallelMap(count, threads: plan.threads) { index in
                try makeProblem(split: split, index: index, plan: plan, avoiding: avoid)
            }
            if split == "testmini" {
                held = (Set(made[split]!.map(\.imageHash)), Set(made[split]!.map(\.question)))
            } else if split == "pope" {
                held.images.formUnion(made[split]!.map(\.imageHash))
            }
            done += count
            progress(done, total)
        }
        var records: [ProblemRecord] = [], images: [String: [UInt8]] = [:]
        for (split, _) in plan.sizes {
            for item in made[split]! {
                let record = try ProblemRecord(json: .object(item.json), line: "generated \(split)")
                records.append(record)
                images[record.image] = item.png
            }
        }
        return (records, images)
    }

    /// Index `index` of `split`, drawn again while its image or question is one to avoid.
    static func makeProblem(split: String, index: Int, plan: SynthesisPlan, avoiding: (images: Set<ContentHash>, questions: Set<String>))
        throws -> Made
    {
        for attempt in 0..<1000 {
            var random = ProblemRandom(seed: plan.seed, split: split, index: index, attempt: attempt)
            let candidate = try make(split: split, index: index, seed: plan.seed, attempt: attempt, random: &random, size: plan.imageSize)
            if !avoiding.images.contains(candidate.imageHash) && !avoiding.questions.contains(candidate.question) { return candidate }
        }
        throw RecordError(
            "split \(split) index \(index): every draw repeats a testmini image or question; the family has too little variety")
    }

    static func make(split: String, index: Int, seed: UInt64, attempt: Int, random: inout ProblemRandom, size: Int) throws -> Made {
        let pid = "\(split)-\(index + 1)", image = "images/\(pid).png"
        if split == "pope" {
            // The two probes of a pair share one image entry.
            let image = "images/pope-pair-\(index / 2 + 1)-\(attempt).png"
            let probe = PopeProbes.probe(index: index, seed: seed, attempt: attempt, random: &random, size: size, sceneStream: "pope-scene")
            let png = try PNGCodec.encode(probe.image)
            var json = record(
                pid: pid, question: probe.question, image: image, choices: nil, precision: nil, answer: probe.answer,
                answerType: "text", split: split, family: probe.family, size: size)
            json["pope_setting"] = .string(probe.setting)
            json["scene"] = .object(probe.scene)
            return Made(json: json, png: png, imageHash: ContentHash.of(png), question: probe.question)
        }
        if split == "perception" || split == "reading" {
            return try makePerception(split: split, index: index, seed: seed, attempt: attempt, random: &random, size: size)
        }
        let family = families[index % families.count]
        let problem = family.generate(&random, size: size)
        let png = try PNGCodec.encode(problem.image)
        let isOpen = split == "open" || (split == "sft" && index % 10 == 9)
        if isOpen {
            let question = random.pick(openPrompts)
            var json = record(
                pid: pid, question: question, image: image, choices: nil, precision: nil, answer: nil, answerType: "text",
                split: split, family: family, size: size)
            if split == "sft" { json["reference_description"] = .string(problem.description) }
            json["scene"] = .object(problem.scene)
            // Open prompts repeat by design; only their images must stay out of testmini.
            return Made(json: json, png: png, imageHash: ContentHash.of(png), question: "\(pid): \(question)")
        }
        // A described problem states its scene in words before the question and is shown without
        // its image: the language model learns to reason over values it is given.
        let described = split == "described"
        let question = described ? "\(problem.description)\n\(problem.question)" : problem.question
        var json = record(
            pid: pid, question: question, image: image, choices: problem.choices, precision: problem.precision,
            answer: problem.answer, answerType: problem.answerType, split: split, family: family, size: size)
        if described { json["image_free"] = .bool(true) }
        let final = problem.choices.map { PromptLetters.letter(of: problem.answer, in: $0) } ?? problem.answer
        json["solution"] = .string((problem.reasoning + ["Final answer: \(final)"]).joined(separator: "\n"))
        json["direct_answer"] = .string(final)
        json["template"] = .string(problem.template)
        json["scene"] = .object(problem.scene)
        return Made(json: json, png: png, imageHash: ContentHash.of(png), question: question)
    }

    /// Index `index` of the perception split, or of the reading split (the same kinds of records,
    /// drawn from their own stream). Of every ten: seven describe an image of the next family, two
    /// ask one yes/no existence question about two shape scenes (one holds the object, one does
    /// not), and one asks for a description without showing the image.
    static func makePerception(split: String, index: Int, seed: UInt64, attempt: Int, random: inout ProblemRandom, size: Int) throws
        -> Made
    {
        let pid = "\(split)-\(index + 1)", image = "images/\(pid).png", kind = index % 10
        if kind == 7 || kind == 8 {
            let probe = PopeProbes.trainingProbe(
                index: 2 * (index / 10) + kind - 7, seed: seed, attempt: attempt, size: size, sceneStream: "\(split)-scene")
            let png = try PNGCodec.encode(probe.image)
            var json = record(
                pid: pid, question: probe.question, image: image, choices: nil, precision: nil, answer: probe.answer,
                answerType: "text", split: split, family: probe.family, size: size)
            json["solution"] = .string("\(probe.description)\nFinal answer: \(probe.answer)")
            json["direct_answer"] = .string(probe.answer)
            json["scene"] = .object(probe.scene)
            return Made(json: json, png: png, imageHash: ContentHash.of(png), question: "\(pid): \(probe.question)")
        }
        let family = families[index % families.count]
        let problem = family.generate(&random, size: size)
        let png = try PNGCodec.encode(problem.image)
        var json = record(
            pid: pid, question: random.pick(openPrompts), image: image, choices: nil, precision: nil, answer: nil,
            answerType: "text", split: split, family: family, size: size)
        json["reference_description"] = .string(problem.description)
        json["scene"] = .object(problem.scene)
        if kind == 9 { json["image_free"] = .bool(true) }
        return Made(json: json, png: png, imageHash: ContentHash.of(png), question: "\(pid)")
    }

    /// The MathVista fields, in MathVista's order.
    static func record(
        pid: String, question: String, image: String, choices: [String]?, precision: Int?, answer: String?, answerType: String,
        split: String, family: any ProblemFamily, size: Int
    ) -> JSONObject {
        [
            "pid": .string(pid), "question": .string(question), "image": .string(image),
            "choices": choices.map { .array($0.map(JSONValue.string)) } ?? .null, "unit": .null,
            "precision": precision.map { .integer(Int64($0)) } ?? .null, "answer": answer.map(JSONValue.string) ?? .null,
            "question_type": .string(choices == nil ? "free_form" : "multi_choice"), "answer_type": .string(answerType),
            "metadata": [
                "split": .string(split), "language": "english", "img_width": .integer(Int64(size)), "img_height": .integer(Int64(size)),
                "source": .string(family.name), "category": .string(family.category), "task": .string(family.task),
                "context": .string(family.context), "grade": .string(family.grade), "skills": .array(family.skills.map(JSONValue.string)),
            ],
        ]
    }

    /// `body(i)` for i in 0..<count on `threads` threads, results in index order.
    static func parallelMap<T>(_ count: Int, threads: Int, _ body: @Sendable (Int) throws -> T) throws -> [T] {
        var results = [T?](repeating: nil, count: count)
        let failure = FirstError()
        let workers = max(1, min(threads, count))
        results.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                do {
                    for index in stride(from: worker, to: count, by: workers) { out[index] = try body(index) }
                } catch {
                    failure.keep(error)
                }
            }
        }
        if let error = failure.error { throw error }
        return results.map { $0! }
    }
}

/// The first error thrown by any worker of `parallelMap`.
private final class FirstError: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var error: Error?
    func keep(_ error: Error) {
        lock.lock()
        if self.error == nil { self.error = error }
        lock.unlock()
    }
}

/// Option letters, as the direct prompt asks for them and CoT solutions end with them.
enum PromptLetters {
    static func letter(of answer: String, in choices: [String]) -> String {
        String(UnicodeScalar(UInt8(ascii: "A") + UInt8(choices.firstIndex(of: answer)!)))
    }
}
