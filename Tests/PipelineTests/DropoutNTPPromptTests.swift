// DropoutNTP's continuation must not see the image (docs/method.md, "DropoutNTP"): the requests the
// stage makes carry no image, and the token sequence the generator prefills them with holds no
// image token, while ending with the chosen response's prefix.
import Preference
import TensorCore
import VisionLanguage
import XCTest

final class DropoutNTPPromptTests: XCTestCase {
    func testTheContinuationPromptHasNoImageAndEndsWithThePrefix() throws {
        let model = try VisionLanguageModel(config: ModelConfig.preset("tiny")!, seed: 1)
        let sample = SampleRecord(
            pid: "open-1", sampleIndex: 2, seed: 0, image: "images/1.png", questionOriginal: "Describe the picture.",
            prompt: "Describe the picture.", response: "A black square with three white dots in a row", answer: nil, choices: nil,
            source: "fixture", tokens: 12, finishReason: "stop", meanLogProb: -1)
        var plan = DropoutPlan()
        plan.continuations = 2
        let planned = DropoutNTPStage.requests(for: [sample], plan: plan)
        XCTAssertEqual(planned.count, 2)
        let generator = Generator(model: model)
        for (request, _, prefix) in planned {
            XCTAssertNil(request.image)
            XCTAssertEqual(prefix, "A black square with three")  // ⌊0.5 · 10⌋ = 5 words
            let prompt = try generator.prompt(for: request)
            XCTAssertNil(prompt.imageOffset)
            for forbidden in [Tokenizer.imageStart, Tokenizer.imageEnd, model.tokenizer.imageContext] {
                XCTAssertFalse(prompt.ids.contains(forbidden), "token \(forbidden) in the continuation prompt")
            }
            XCTAssertEqual(Array(prompt.ids.suffix(prefix.utf8.count)), model.tokenizer.encode(prefix))
        }
        // The same request with an image does carry image tokens: the check above can fail.
        var withImage = planned[0].request
        withImage.image = Tensor(zeros: [64, 64, 3])
        XCTAssertTrue(try generator.prompt(for: withImage).ids.contains(model.tokenizer.imageContext))
    }
}
