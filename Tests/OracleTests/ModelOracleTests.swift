// The model against its PyTorch twin (scripts/oracle/twin.py): the chat template's token ids,
// the logits and log-probs of batches with and without images, and the gradient of the MPO loss
// (TRL 0.9.6's sigmoid and BCO-pair terms, torch's cross-entropy) for every parameter.
import TensorCore
@testable import Training
@testable import VisionLanguage
import XCTest

struct ForwardGolden: GoldenModelFile {
    struct Sequence: Decodable {
        let question: String
        let response: String
        let image: Int?
        let ids: [Int]
        let logitPositions: [Int]
        let logits: [[Double]]
        let tokenLogProbs: [Double]
        let summedLogProb: Double

        enum CodingKeys: String, CodingKey {
            case question, response, image, ids, logits
            case logitPositions = "logit_positions", tokenLogProbs = "token_log_probs", summedLogProb = "summed_log_prob"
        }
    }

    struct Case: Decodable {
        let withImage: Bool
        let sequences: [Sequence]
        enum CodingKeys: String, CodingKey { case sequences, withImage = "with_image" }
    }

    let model: ModelDescription
    let checksums: [String: TensorSummary]
    let cases: [Case]
}

struct GradientsGolden: GoldenModelFile {
    let model: ModelDescription
    let checksums: [String: TensorSummary]
    let pairs: [GoldenPair]
    /// (chosen, rejected) summed log-probs of the frozen reference, per pair.
    let reference: [[Double]]
    let beta: Double
    let loss: Double
    let terms: GoldenTerms
    let delta: Double
    let gradients: [String: TensorSummary]
}

final class ModelOracleTests: XCTestCase {
    // Tolerances, fp32 against fp32: both sides round every product and sum to float32, in
    // different orders (BLAS blocking against torch's kernels). Measured differences: logits
    // ≤ 1.3e-6, token log-probs ≤ 1e-6, summed log-probs (≈ 40 tokens) ≤ 3e-5, gradient samples
    // ≤ 4e-7 absolute. The bounds are about 15× those, and far below what a wrong formula gives
    // (a flipped loss sign or a late δ update fails hundreds of these checks).
    static let logitTolerance = 2e-5
    static let tokenLogProbTolerance = 2e-5
    static let summedLogProbTolerance = 5e-4
    /// Gradients go through one more chain of float32 products: relative to the tensor's scale.
    static let gradientTolerance = 1e-4

    func testTemplateLogitsAndLogProbsMatchPyTorch() throws {
        let golden = try Golden.load("forward.json", as: ForwardGolden.self)
        let model = try Golden.model(of: golden)
        for goldenCase in golden.cases {
            let sequences = try goldenCase.sequences.map {
                try model.template.example(question: $0.question, response: $0.response, withImage: goldenCase.withImage)
            }
            for (sequence, expected) in zip(sequences, goldenCase.sequences) {
                XCTAssertEqual(sequence.ids, expected.ids, "template ids of \(expected.question)")
            }
            let images = goldenCase.withImage ? goldenCase.sequences.map { Golden.image($0.image!, size: model.config.imageSize) } : nil
            let batch = try SequenceBatch(sequences: sequences, images: images)
            let tape = Tape(recording: false)
            let logits = model.logits(batch, tape: tape).value
            let logProbs = model.sequenceLogProbs(batch, tape: tape)
            let v = model.config.vocabularySize, t = batch.length
            for (b, expected) in goldenCase.sequences.enumerated() {
                for (position, row) in zip(expected.logitPositions, expected.logits) {
                    for j in 0..<v {
                        let ours = Double(logits.pointer[(b * t + position) * v + j])
                        XCTAssertEqual(ours, row[j], accuracy: Self.logitTolerance * max(1, abs(row[j])), "logit [\(b), \(position), \(j)]")
                    }
                }
                // Per-token log-probs of the supervised tokens, in order.
                let targets = (0..<t).filter { batch.mask.pointer[b * t + $0] == 1 }
                XCTAssertEqual(targets.count, expected.tokenLogProbs.count, "supervised tokens of sequence \(b)")
                let full = Tape(recording: false).logProbs(Variable(logits.reshaped([batch.count * t, v])), targets: batch.targets).value
                for (position, value) in zip(targets, expected.tokenLogProbs) {
                    XCTAssertEqual(Double(full.pointer[b * t + position]), value, accuracy: Self.tokenLogProbTolerance * max(1, abs(value)))
                }
                XCTAssertEqual(logProbs.values[b], expected.summedLogProb, accuracy: Self.summedLogProbTolerance, "summed log-prob of \(b)")
            }
        }
    }

    func testMPOLossGradientOfEveryParameterMatchesPyTorchAndTRL() throws {
        let golden = try Golden.load("gradients.json", as: GradientsGolden.self)
        let model = try Golden.model(of: golden)
        let chosen = try golden.pairs.map { try model.template.example(question: $0.question, response: $0.chosen, withImage: true) }
        let rejected = try golden.pairs.map { try model.template.example(question: $0.question, response: $0.rejected, withImage: true) }
        let images = golden.pairs.map { Golden.image($0.image, size: model.config.imageSize) }
        let batch = try SequenceBatch(sequences: chosen + rejected, images: images + images)
        let tape = Tape()
        let logProbs = model.sequenceLogProbs(batch, tape: tape)
        let b = golden.pairs.count, values = logProbs.values, counts = logProbs.counts
        let pairs = (0..<b).map {
            PairLogProbs(
                policyChosen: values[$0], policyRejected: values[b + $0], referenceChosen: golden.reference[$0][0],
                referenceRejected: golden.reference[$0][1], chosenTokens: counts[$0], rejectedTokens: counts[b + $0])
        }
        var shift = RewardShift()
        var mix = LossMix.mpo
        mix.beta = golden.beta
        let result = try mix.evaluate(pairs, shift: &shift)
        XCTAssertEqual(result.loss, golden.loss, accuracy: 1e-5 * abs(golden.loss))
        XCTAssertEqual(result.terms["sigmoid"]!, golden.terms.sigmoid, accuracy: 1e-5)
        XCTAssertEqual(result.terms["bco_pair"]!, golden.terms.bcoPair, accuracy: 1e-5)
        XCTAssertEqual(result.terms["sft"]!, golden.terms.sft, accuracy: 1e-5 * abs(golden.terms.sft))
        XCTAssertEqual(result.delta, golden.delta, accuracy: 1e-6)

        let seeds = (result.dPolicyChosen + result.dPolicyRejected).map(Float.init)
        tape.backward(from: logProbs.sums, seed: Tensor(shape: [seeds.count], values: seeds))
        for p in model.parameters {
            let expected = try XCTUnwrap(golden.gradients[p.name], p.name)
            if expected.norm == 0 {
                // Embedding rows of tokens that never occur, for instance: exactly zero on both sides.
                XCTAssertTrue(p.grad == nil || p.grad!.scalars.allSatisfy { $0 == 0 }, "\(p.name): gradient should be 0")
                continue
            }
            Golden.assertMatches(try XCTUnwrap(p.grad, p.name), expected, relative: Self.gradientTolerance, "∂L/∂\(p.name)")
        }
    }
}
