// The trainer against torch and TRL 0.9.6: ten MPO steps (TRL's sigmoid and BCO-pair losses with
// its RunningMoments δ, torch's AdamW and clip_grad_norm_), and TRL's losses and δ alone on fixed
// log-probs over three micro-batches.
import TensorCore
@testable import Training
@testable import VisionLanguage
import XCTest

struct TrainingGolden: GoldenModelFile {
    struct Settings: Decodable {
        let steps: Int
        let learningRate: Double
        let warmupSteps: Int
        let weightDecay: Double
        let betas: [Double]
        let eps: Double
        let maxGradNorm: Double

        enum CodingKeys: String, CodingKey {
            case steps, betas, eps
            case learningRate = "learning_rate", warmupSteps = "warmup_steps", weightDecay = "weight_decay", maxGradNorm = "max_grad_norm"
        }
    }

    struct Step: Decodable {
        let step: Int
        let lr: Double
        let loss: Double
        let terms: GoldenTerms
        let delta: Double
        let gradNorm: Double

        enum CodingKeys: String, CodingKey { case step, lr, loss, terms, delta, gradNorm = "grad_norm" }
    }

    let model: ModelDescription
    let checksums: [String: TensorSummary]
    let pairs: [GoldenPair]
    let reference: [[Double]]
    let beta: Double
    let settings: Settings
    let noDecay: [String]
    let steps: [Step]
    let final: [String: TensorSummary]

    enum CodingKeys: String, CodingKey {
        case model, checksums, pairs, reference, beta, settings, steps, final
        case noDecay = "no_decay"
    }
}

struct LossesGolden: Decodable {
    struct Batch: Decodable {
        /// Rows of (policy chosen, policy rejected, reference chosen, reference rejected).
        let pairs: [[Double]]
        let sigmoid: [Double]
        let bcoPair: [Double]
        let delta: Double

        enum CodingKeys: String, CodingKey { case pairs, sigmoid, delta, bcoPair = "bco_pair" }
    }

    let beta: Double
    let batches: [Batch]
}

final class TrainingOracleTests: XCTestCase {
    func testTenMPOStepsMatchTorchAdamWAndTRL() throws {
        let golden = try Golden.load("training.json", as: TrainingGolden.self)
        let model = try Golden.model(of: golden)
        // The oracle decays every parameter except these; so must we.
        XCTAssertEqual(Set(model.parameters.filter { !$0.decay }.map(\.name)), Set(golden.noDecay))

        var settings = TrainingSettings()
        settings.learningRate = golden.settings.learningRate
        settings.epochs = golden.settings.steps
        settings.batchSize = golden.pairs.count  // one batch of every pair per step: the data order cannot matter
        settings.warmupRatio = Double(golden.settings.warmupSteps) / Double(golden.settings.steps)
        settings.weightDecay = golden.settings.weightDecay
        settings.beta1 = golden.settings.betas[0]
        settings.beta2 = golden.settings.betas[1]
        settings.epsilon = golden.settings.eps
        settings.clipNorm = golden.settings.maxGradNorm
        // The "PNG" of pair i is just its test-image number; the decoder below draws that image.
        let size = model.config.imageSize
        let trainer = Trainer(model: model, settings: settings) { bytes in Golden.image(Int(bytes[0]), size: size) }
        let pairs = golden.pairs.enumerated().map {
            PairExample(
                id: "pair\($0.offset)", imagePNG: [UInt8($0.element.image)], question: $0.element.question,
                chosen: $0.element.chosen, rejected: $0.element.rejected)
        }
        let tokens = try pairs.map { pair in
            try [pair.chosen, pair.rejected].map {
                try model.template.example(question: pair.question, response: $0, withImage: true).supervised.filter { $0 }.count
            }
        }
        let reference = zip(golden.reference, tokens).map {
            ReferenceLogProbs(chosen: $0.0[0], rejected: $0.0[1], chosenTokens: $0.1[0], rejectedTokens: $0.1[1])
        }
        var mix = LossMix.mpo
        mix.beta = golden.beta
        var reports: [Trainer.StepReport] = []
        try trainer.fit(pairs: pairs, reference: reference, loss: mix) { reports.append($0) }
        XCTAssertEqual(reports.count, golden.steps.count)

        // Tolerances: the forward matches to ~1e-6 relative (ModelOracleTests); ten updates of
        // AdamW compound that, and Adam's normalised step amplifies the rounding of gradient
        // elements near zero. Measured over the ten steps: losses ≤ 5e-6 relative, δ ≤ 3e-5
        // absolute (5e-6 relative), final weights within 1e-4 of each tensor's RMS.
        for (report, expected) in zip(reports, golden.steps) {
            func metric(_ name: String) -> Double { report.metrics[name]?.doubleValue ?? .nan }
            let step = "step \(expected.step)"
            XCTAssertEqual(report.step, expected.step)
            XCTAssertEqual(metric("lr"), expected.lr, accuracy: 1e-12, "\(step): learning rate")
            XCTAssertEqual(metric("loss"), expected.loss, accuracy: 1e-4 * abs(expected.loss), "\(step): loss")
            XCTAssertEqual(
                metric("loss/sigmoid"), expected.terms.sigmoid, accuracy: 1e-4 * abs(expected.terms.sigmoid) + 1e-6, "\(step): sigmoid")
            XCTAssertEqual(
                metric("loss/bco_pair"), expected.terms.bcoPair, accuracy: 1e-4 * abs(expected.terms.bcoPair), "\(step): bco_pair")
            XCTAssertEqual(metric("loss/sft"), expected.terms.sft, accuracy: 1e-4 * abs(expected.terms.sft), "\(step): sft")
            XCTAssertEqual(metric("delta"), expected.delta, accuracy: 1e-4 * abs(expected.delta) + 1e-6, "\(step): δ")
            XCTAssertEqual(metric("grad_norm"), expected.gradNorm, accuracy: 1e-4 * expected.gradNorm, "\(step): gradient norm")
        }
        for p in model.parameters {
            Golden.assertMatches(p.value, try XCTUnwrap(golden.final[p.name], p.name), relative: 1e-4, "\(p.name) after 10 steps")
        }
    }

    func testSigmoidBCOPairAndDeltaMatchTRLOnFixedLogProbs() throws {
        let golden = try Golden.load("losses.json", as: LossesGolden.self)
        var shift = RewardShift()
        for (index, batch) in golden.batches.enumerated() {
            let pairs = batch.pairs.map {
                PairLogProbs(
                    policyChosen: $0[0], policyRejected: $0[1], referenceChosen: $0[2], referenceRejected: $0[3], chosenTokens: 1,
                    rejectedTokens: 1)
            }
            // TRL keeps δ in float32; everything else is float64 on both sides.
            shift.update(with: pairs, beta: golden.beta)
            XCTAssertEqual(shift.mean, batch.delta, accuracy: 1e-7, "batch \(index): δ")
            let sigmoid = SigmoidLoss().evaluate(pairs, beta: golden.beta)
            let bco = BCOPairLoss(delta: shift.mean).evaluate(pairs, beta: golden.beta)
            for i in pairs.indices {
                XCTAssertEqual(sigmoid[i].value, batch.sigmoid[i], accuracy: 1e-12, "batch \(index) pair \(i): sigmoid")
                XCTAssertEqual(bco[i].value, batch.bcoPair[i], accuracy: 1e-6, "batch \(index) pair \(i): bco_pair")
            }
        }
    }
}
