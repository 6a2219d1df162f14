// The image reaches the answer: a tiny model overfits (image, question, answer) triples in which
// two images share a question but not an answer; the same model trained text-only cannot.
import XCTest
import TensorCore
@testable import VisionLanguage

final class ImagesMatterTests: XCTestCase {
    /// Trains a fresh tiny model with AdamW on the per-sequence mean NLL (the SFT term) and
    /// returns the final mean NLL over the data.
    func train(withImage: Bool, steps: Int) throws -> Double {
        let model = try VisionLanguageModel(config: ModelConfig.preset("tiny")!, seed: 1)
        let data: [(Tensor, String, String)] = [
            (ModelFixtures.image((1, 0.1, 0.1)), "Which colour?", "red"),
            (ModelFixtures.image((0.1, 0.1, 1)), "Which colour?", "blue"),
            (ModelFixtures.image((1, 1, 1), cell: 8), "Which pattern?", "grid"),
            (ModelFixtures.image((0.1, 0.1, 0.1)), "Which pattern?", "flat"),
        ]
        let sequences = try data.map { try model.template.example(question: $0.1, response: $0.2, withImage: withImage) }
        let batch = try SequenceBatch(sequences: sequences, images: withImage ? data.map(\.0) : nil)
        let optimizer = AdamW(parameters: model.parameters, config: AdamWConfig(weightDecay: 0))
        // d(mean over sequences of −sum_b/n_b)/d sum_b = −1/(B·n_b)
        let seed = Tensor(shape: [batch.count], values: batch.counts.map { -1 / Float(batch.count * $0) })
        for _ in 0..<steps {
            model.parameters.forEach { $0.zeroGrad() }
            let tape = Tape()
            let result = model.sequenceLogProbs(batch, tape: tape)
            tape.backward(from: result.sums, seed: seed)
            optimizer.update(lr: 1e-2)
        }
        let final = model.sequenceLogProbs(batch, tape: Tape(recording: false)).meanNLL
        return final.reduce(0, +) / Double(final.count)
    }

    func testImagesAreNeededToFitTheAnswers() throws {
        let withImage = try train(withImage: true, steps: 150)
        let textOnly = try train(withImage: false, steps: 150)
        XCTAssertLessThan(withImage, 0.05, "with the image the mean NLL reached \(withImage) (text-only: \(textOnly))")
        // Text-only, two answers per question: at best ln 2 on the first differing token, ≈ 0.14 per token here.
        XCTAssertGreaterThan(textOnly, 0.1, "text-only the mean NLL reached \(textOnly) (with the image: \(withImage))")
    }
}
