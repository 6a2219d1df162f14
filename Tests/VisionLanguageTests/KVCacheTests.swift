// KV-cache decoding against the teacher-forced full forward over the same prefix, at every step
// of a generation (tolerance: max abs diff ≤ 1e-4), with and without the image.
import XCTest
import TensorCore
@testable import VisionLanguage

final class KVCacheTests: XCTestCase {
    func check(image: Tensor?, prefill: String) throws {
        let model = try ModelFixtures.tinyModel()
        let request = GenerationRequest(recordID: "kv", sampleIndex: 0, image: image, question: "How many bars?", prefill: prefill)
        let prompt = try model.template.prompt(question: request.question, withImage: image != nil, prefill: prefill)
        var observed: [[Float]] = []
        let result = try Generator(model: model).generateBatch(
            [request], settings: SamplingSettings(maxNewTokens: 40, seed: 5),
            decoder: Decoder(model: model, slots: 1)
        ) { _, logits in observed.append(Array(logits)) }[0]
        XCTAssertEqual(observed.count, result.tokens.count)
        var worst: Float = 0, spread: Float = 0
        for (step, logits) in observed.enumerated() {
            var sequence = prompt
            sequence.ids += result.tokens[..<step]
            sequence.supervised += [Bool](repeating: false, count: step)
            let batch = try SequenceBatch(sequences: [sequence], images: image.map { [$0] })
            let full = model.logits(batch, tape: Tape(recording: false)).value
            let v = model.config.vocabularySize, last = full.pointer + (sequence.ids.count - 1) * v
            for j in 0..<v { worst = max(worst, abs(last[j] - logits[j])) }
            spread = max(spread, logits.max()! - logits.min()!)
        }
        XCTAssertGreaterThan(spread, 1, "logits nearly uniform: the comparison would be vacuous")
        XCTAssertLessThanOrEqual(worst, 1e-4, "KV-cache logits differ from the full forward by \(worst) over \(observed.count) steps")
    }

    func testCachedLogitsMatchFullForwardWithImage() throws {
        try check(image: ModelFixtures.noiseImage(seed: 1), prefill: "")
    }

    func testCachedLogitsMatchFullForwardTextOnlyWithPrefill() throws {
        try check(image: nil, prefill: "The answer")
    }
}
