// The description-reading score: items are counted by hand here for every kind of reference
// description the generator writes, and the measured descriptions are the generator's greedy
// output recomputed one request at a time (a second route: no batching, no shared decoder).
import Evaluation
import JSON
import Problems
import VisionLanguage
import XCTest

final class DescriptionReadingTests: XCTestCase {
    func testItemsAreTheNumbersColoursAndShapeKindsInOrder() {
        XCTAssertEqual(
            DescriptionReading.items("A bar chart: red P=9, orange Q=8, orange R=1."), ["red", "9", "orange", "8", "orange", "1"])
        XCTAssertEqual(DescriptionReading.items("A blue line on a grid through (0,-1) and (1,3)."), ["blue", "0", "-1", "1", "3"])
        XCTAssertEqual(DescriptionReading.items("A line plot of 5 days: 7 1 1 6 8."), ["5", "7", "1", "1", "6", "8"])
        XCTAssertEqual(DescriptionReading.items("Shapes: green square, blue circle."), ["green", "square", "blue", "circle"])
        XCTAssertEqual(DescriptionReading.items("A triangle with base angles 30 and 110 marked."), ["triangle", "30", "110"])
        XCTAssertEqual(DescriptionReading.items("A table: A 1 1 7; B 4 4 6."), ["1", "1", "7", "4", "4", "6"])
        XCTAssertEqual(DescriptionReading.items("Slope -3/2=-1.5."), ["-3", "2", "-1.5"])
        XCTAssertEqual(DescriptionReading.items("Reddish squares"), [], "only whole words of the vocabulary")
    }

    func testItemsAreRightOnlyInTheirPlace() {
        let reference = "A bar chart: red P=9, orange Q=8."
        let copy = DescriptionReading.score(reference: reference, response: reference)
        XCTAssertEqual(copy.right, 4)
        XCTAssertEqual(copy.total, 4)
        XCTAssertTrue(copy.whole)
        // red ✓, 9 ✓, blue ≠ orange, 8 ✓; the extra bar makes it not whole.
        let misread = DescriptionReading.score(reference: reference, response: "A bar chart: red P=9, blue Q=8, red R=3.")
        XCTAssertEqual(misread.right, 3)
        XCTAssertFalse(misread.whole)
        // One item missing shifts nothing before it and leaves the rest unnamed.
        let short = DescriptionReading.score(reference: reference, response: "A bar chart: red P=9.")
        XCTAssertEqual(short.right, 2)
        XCTAssertEqual(short.total, 4)
        // A skipped item shifts the others out of place: 9 and 8 are not where the reference has them.
        let shifted = DescriptionReading.score(reference: reference, response: "A bar chart: P=9, orange Q=8.")
        XCTAssertEqual(shifted.right, 0)
    }

    private func record(_ pid: String, image: String, description: String?, imageFree: Bool = false) throws -> ProblemRecord {
        var object: JSONObject = [
            "pid": .string(pid), "question": "Describe the image.", "image": .string(image), "choices": .null, "unit": .null,
            "precision": .null, "answer": .null, "question_type": "free_form", "answer_type": "text",
            "metadata": ["split": "perception", "source": .string(pid.hasPrefix("bar") ? "bar_range" : "shape_count")],
        ]
        if let description { object["reference_description"] = .string(description) }
        if imageFree { object["image_free"] = true }
        return try ProblemRecord(json: .object(object), line: "test \(pid)")
    }

    func testDescriptionsAreTheModelsGreedyAnswersScored() throws {
        let records = [
            try record("bar1", image: "i1", description: "A bar chart: red P=9, orange Q=8."),
            try record("shape1", image: "i2", description: "Shapes: green square, blue circle."),
            try record("bar2", image: "i3", description: "A bar chart: blue P=1."),
            try record("bar3", image: "i1", description: "A bar chart: red P=9.", imageFree: true),
            try record("bar4", image: "i2", description: nil),
        ]
        let measurable = DescriptionReading.measurable(records)
        XCTAssertEqual(
            measurable.map(\.pid), ["bar1", "shape1", "bar2"], "image-free prompts and records without a description are not read")

        let model = try VisionLanguageModel(config: ModelConfig.preset("tiny")!, seed: 5)
        let images = try ["i1": 10, "i2": 200, "i3": 90].mapValues { (shade: UInt8) in
            try PNGCodec.encode(RGBImage(width: 64, height: 64, fill: (shade, 255 - shade, shade / 2)))
        }
        let items = try DescriptionReading.measure(
            records: measurable, images: images, model: model, maxNewTokens: 12, batchSize: 2, file: "test")
        XCTAssertEqual(items.map(\.pid), ["bar1", "shape1", "bar2"])
        for (record, item) in zip(measurable, items) {
            let alone = try Generator(model: model, batchSize: 1).generate(
                [
                    GenerationRequest(
                        recordID: record.pid, sampleIndex: 0, image: try ModelImage.decode(images[record.image]!),
                        question: record.question)
                ], settings: SamplingSettings(maxNewTokens: 12, greedy: true))[0]
            XCTAssertEqual(item.response, alone.text)
            let scored = DescriptionReading.score(reference: record.referenceDescription!, response: alone.text)
            XCTAssertEqual(item.right, scored.right)
            XCTAssertEqual(item.total, scored.total)
        }
        XCTAssertEqual(items.map(\.total), [4, 4, 2])

        let summary = DescriptionReading.summary(items)
        XCTAssertEqual(summary["overall"]?["items"]?.integerValue, 10)
        XCTAssertEqual(summary["overall"]?["items_right"]?.integerValue, Int64(items.map(\.right).reduce(0, +)))
        XCTAssertEqual(summary["by_source"]?["bar_range"]?["images"]?.integerValue, 2)
        XCTAssertEqual(summary["by_source"]?["bar_range"]?["items"]?.integerValue, 6)
    }
}
