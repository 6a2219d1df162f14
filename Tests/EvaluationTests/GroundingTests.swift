// The grounding check: partners are the next problem of the same family, and each gain is the
// difference of two log-probs that the test recomputes one sequence at a time (a second route
// through the model: no batching, no shared forward).
import Evaluation
import JSON
import Preference
import Problems
import TensorCore
import VisionLanguage
import XCTest

final class GroundingTests: XCTestCase {
    private func record(_ pid: String, family: String, image: String) throws -> ProblemRecord {
        try ProblemRecord(
            json: [
                "pid": .string(pid), "question": "How many dots?", "image": .string(image), "choices": .null, "unit": .null,
                "precision": .null, "answer": "3", "question_type": "free_form", "answer_type": "integer",
                "metadata": ["split": "val", "source": .string(family)],
                "solution": .string("I see \(pid).\nFinal answer: 3"), "direct_answer": "3",
            ], line: "test \(pid)")
    }

    private func png(_ shade: UInt8) throws -> [UInt8] {
        try PNGCodec.encode(RGBImage(width: 64, height: 64, fill: (shade, 255 - shade, shade / 2)))
    }

    func testPartnersAreTheNextProblemOfTheSameFamilyWithAnotherImage() throws {
        let records = [
            try record("a1", family: "a", image: "i1"), try record("b1", family: "b", image: "i2"),
            try record("a2", family: "a", image: "i1"), try record("a3", family: "a", image: "i3"),
        ]
        XCTAssertEqual(Grounding.partner(of: 0, in: records), 3)  // a2 shares a1's image
        XCTAssertEqual(Grounding.partner(of: 3, in: records), 0)  // wraps around
        XCTAssertNil(Grounding.partner(of: 1, in: records))  // no other b
    }

    func testGainsAreOwnMinusOtherImageLogProbs() throws {
        let model = try VisionLanguageModel(config: ModelConfig.preset("tiny")!, seed: 5)
        let records = [
            try record("a1", family: "a", image: "i1"), try record("a2", family: "a", image: "i2"),
            try record("b1", family: "b", image: "i3"),
        ]
        let images = ["i1": try png(10), "i2": try png(200), "i3": try png(90)]
        let items = try Grounding.measure(
            records: records, images: images, model: model, modes: [.cot, .direct], batchSize: 3, file: "test")
        XCTAssertEqual(items.map(\.pid), ["a1", "a2", "a1", "a2"])
        XCTAssertEqual(items.map(\.otherPID), ["a2", "a1", "a2", "a1"])

        func logProb(_ record: ProblemRecord, mode: PromptMode, image: String) throws -> Double {
            let response = mode == .cot ? record.solution! : record.directAnswer!
            let sequence = try model.template.example(question: mode.prompt(for: record), response: response, withImage: true)
            let batch = try SequenceBatch(sequences: [sequence], images: [try ModelImage.decode(images[image]!)])
            return model.sequenceLogProbs(batch, tape: Tape(recording: false)).values[0]
        }
        for item in items {
            let own = records.first { $0.pid == item.pid }!, other = records.first { $0.pid == item.otherPID }!
            let expectedOwn = try logProb(own, mode: item.mode, image: own.image),
                expectedOther = try logProb(own, mode: item.mode, image: other.image)
            XCTAssertEqual(item.withOwnImage, expectedOwn, accuracy: 1e-3 * abs(expectedOwn))
            XCTAssertEqual(item.withOtherImage, expectedOther, accuracy: 1e-3 * abs(expectedOther))
            XCTAssertNotEqual(item.gain, 0, "two different images give two different log-probs")
        }
        // a1 and a2 swap images, so their gains are measured on the two orders of one image pair.
        let summary = Grounding.Summary(items.filter { $0.mode == .cot })
        XCTAssertEqual(summary.count, 2)
        XCTAssertEqual(summary.meanGain, (items[0].gain + items[1].gain) / 2, accuracy: 1e-12)
        XCTAssertEqual(summary.winShare, Double([items[0], items[1]].filter { $0.gain > 0 }.count) / 2)
        let json = Grounding.summary(items)
        XCTAssertEqual(json["cot"]?["by_source"]?["a"]?["count"]?.integerValue, 2)
        XCTAssertNil(json["cot"]?["by_source"]?["b"])
    }
}
