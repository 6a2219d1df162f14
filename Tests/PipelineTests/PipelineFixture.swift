// A small hand-built problems artifact for running the pipeline's tools end to end: counting
// problems whose answer is in the image (n white squares on black), open prompts, testmini
// copies and two POPE probes. Built here, not by mmpr-synth, so these tests stand alone.
import Artifacts
import JSON
import Problems
import TestSupport

enum PipelineFixture {
    /// A 64×64 image with `count` white 8×8 squares on a diagonal over black.
    static func squares(_ count: Int) throws -> [UInt8] {
        var image = RGBImage(width: 64, height: 64, fill: (0, 0, 0))
        for square in 0..<count {
            for y in 0..<8 {
                for x in 0..<8 {
                    let offset = ((square * 12 + y) * 64 + square * 12 + x) * 3
                    image.pixels[offset] = 255
                    image.pixels[offset + 1] = 255
                    image.pixels[offset + 2] = 255
                }
            }
        }
        return try PNGCodec.encode(image)
    }

    static func record(
        pid: String, split: String, count: Int, answer: Bool = true, pope: String? = nil, image: String? = nil
    ) throws -> ProblemRecord {
        var object: JSONObject = [
            "pid": .string(pid),
            "question": .string(
                pope == nil ? "How many white squares are there?" : "Is there a white square in the image? Please answer yes or no."),
            "image": .string(image ?? "images/\(count).png"), "choices": .null, "unit": .null, "precision": .null,
            "answer": answer ? .string(pope == nil ? "\(count)" : (count > 0 ? "yes" : "no")) : .null,
            "question_type": "free_form", "answer_type": .string(pope == nil ? "integer" : "text"),
            "metadata": ["split": .string(split), "language": "english", "source": "fixture_squares", "task": "figure question answering"],
        ]
        if answer, pope == nil {
            object["solution"] = .string("I count \(count) white squares.\nFinal answer: \(count)")
            object["direct_answer"] = .string("\(count)")
        } else if !answer {
            object["reference_description"] = .string("A black picture with \(count) white squares on a diagonal.")
        }
        if let pope { object["pope_setting"] = .string(pope) }
        return try ProblemRecord(json: .object(object), line: "fixture \(pid)")
    }

    /// sft and pref: counts 1–4; open: 2 prompts; testmini: counts 1–4 again; pope: yes and no.
    /// `corruptImage`: image 3 is not a PNG (bytes that start like one); `wrongSizeImage`: image 3
    /// is a valid 48×40 PNG; both for the refusal tests.
    static func write(to path: String, corruptImage: Bool = false, wrongSizeImage: Bool = false) throws {
        var records: [ProblemRecord] = []
        for count in 1...4 {
            records.append(try record(pid: "sft-\(count)", split: "sft", count: count))
            records.append(try record(pid: "pref-\(count)", split: "pref", count: count))
            records.append(try record(pid: "test-\(count)", split: "testmini", count: count))
        }
        records.append(try record(pid: "open-1", split: "open", count: 2, answer: false))
        records.append(try record(pid: "open-2", split: "open", count: 3, answer: false))
        records.append(try record(pid: "pope-1", split: "pope", count: 1, pope: "random"))
        records.append(try record(pid: "pope-2", split: "pope", count: 0, pope: "random"))
        var images: [String: [UInt8]] = [:]
        for count in 0...4 { images["images/\(count).png"] = try squares(count) }
        if corruptImage { images["images/3.png"] = Array(try squares(3).prefix(40)) }
        if wrongSizeImage { images["images/3.png"] = try PNGCodec.encode(RGBImage(width: 48, height: 40, fill: (9, 9, 9))) }
        try ProblemArtifact.writer(records: records, images: images, tool: .init(name: "pipeline-fixture", version: "0"))
            .write(to: .path(path))
    }

    /// One problem of every split (sft, pref, open, testmini, pope) per image, named by the image:
    /// for running every tool over images of any size and kind.
    static func write(to path: String, images: [(name: String, bytes: [UInt8])]) throws {
        var records: [ProblemRecord] = []
        for (index, image) in images.enumerated() {
            let count = index % 4 + 1
            records.append(try record(pid: "sft-\(image.name)", split: "sft", count: count, image: image.name))
            records.append(try record(pid: "pref-\(image.name)", split: "pref", count: count, image: image.name))
            records.append(try record(pid: "test-\(image.name)", split: "testmini", count: count, image: image.name))
            records.append(try record(pid: "open-\(image.name)", split: "open", count: count, answer: false, image: image.name))
            records.append(try record(pid: "pope-\(image.name)", split: "pope", count: index % 2, pope: "random", image: image.name))
        }
        try ProblemArtifact.writer(
            records: records, images: Dictionary(uniqueKeysWithValues: images.map { ($0.name, $0.bytes) }),
            tool: .init(name: "pipeline-fixture", version: "0")
        ).write(to: .path(path))
    }
}
