import JSON
import TensorCore
import VisionLanguage
import XCTest
@testable import Training

/// The trainer on the `tiny` model with hand-made data. Images are fake "PNG bytes" of one byte,
/// decoded by the test into a flat colour, so the tests need no codec and images still matter.
final class TrainerTests: XCTestCase {
    private static func decode(_ bytes: [UInt8]) throws -> Tensor {
        let level = Float(bytes[0]) / 255
        return Tensor(shape: [64, 64, 3], values: (0..<(64 * 64 * 3)).map { $0 % 3 == 0 ? level : 1 - level })
    }

    private func tinyModel(seed: UInt64 = 1) throws -> VisionLanguageModel {
        try VisionLanguageModel(config: ModelConfig.preset("tiny")!, seed: seed)
    }

    private func settings(batch: Int = 4, epochs: Int, lr: Double = 3e-3, groupByLength: Bool = false) -> TrainingSettings {
        var settings = TrainingSettings()
        settings.groupByLength = groupByLength
        settings.batchSize = batch
        settings.epochs = epochs
        settings.learningRate = lr
        settings.warmupRatio = 0.1
        settings.seed = 5
        return settings
    }

    /// Hand-made pairs: the chosen answer names the image's colour, the rejected one the other.
    private let pairs: [PairExample] = (0..<8).map { index in
        let dark = index % 2 == 0
        return PairExample(
            id: "p\(index)", imagePNG: [dark ? 10 : 240], question: "What colour is it? (\(index % 4))",
            chosen: dark ? "It is red. Final answer: red" : "It is cyan. Final answer: cyan",
            rejected: dark ? "It is cyan. Final answer: cyan" : "It is red. Final answer: red")
    }

    private func referenceLogProbs(_ model: VisionLanguageModel) throws -> [ReferenceLogProbs] {
        try ReferenceScoring.score(pairs, model: model, batchSize: 3, decodeImage: Self.decode)
    }

    func testSFTDrivesTheNLLDown() throws {
        let examples = pairs.map { SequenceExample(id: $0.id, imagePNG: $0.imagePNG, question: $0.question, response: $0.chosen) }
        let trainer = Trainer(model: try tinyModel(), settings: settings(epochs: 30), decodeImage: Self.decode)
        var nll: [Double] = []
        try trainer.fit(sft: examples) { nll.append($0.metrics["nll"]!.doubleValue!) }
        let first = nll.prefix(2).reduce(0, +) / 2, last = nll.suffix(2).reduce(0, +) / 2
        XCTAssertLessThan(last, first / 4, "NLL went from \(first) to \(last); expected at least a factor of 4")
    }

    /// MPO on the hand-made pairs, starting from the reference itself: the policy learns to prefer
    /// the chosen side on nearly every pair.
    func testMPOLearnsToPreferTheChosenSide() throws {
        let reference = try tinyModel()
        let trainer = Trainer(model: try tinyModel(), settings: settings(epochs: 25), decodeImage: Self.decode)
        var accuracies: [Double] = []
        var first: JSONObject?
        try trainer.fit(pairs: pairs, reference: try referenceLogProbs(reference), loss: .mpo) {
            if first == nil { first = $0.metrics }
            accuracies.append($0.metrics["rewards/accuracies"]!.doubleValue!)
        }
        // Step 1 runs with policy = reference: ρ = 0, so the MPO loss is 1.2·ln 2 + NLL
        // (docs/method.md, "Step-0 check").
        let firstLoss = first!["loss"]!.doubleValue!, firstNLL = first!["nll"]!.doubleValue!
        XCTAssertEqual(firstLoss, 1.2 * log(2.0) + firstNLL, accuracy: 1e-6)
        let final = accuracies.suffix(4).reduce(0, +) / 4
        XCTAssertGreaterThanOrEqual(final, 0.9, "rewards/accuracies over the last 4 steps: \(accuracies.suffix(4))")
    }

    /// Interrupt after 5 of 12 steps, save, resume in a fresh trainer: same final weights, bit for
    /// bit, in the plain data order and grouped by length.
    func testResumeIsBitIdentical() throws {
        for grouped in [false, true] { try checkResume(groupByLength: grouped) }
    }

    private func checkResume(groupByLength: Bool) throws {
        let reference = try referenceLogProbs(try tinyModel())
        let straight = Trainer(
            model: try tinyModel(), settings: settings(epochs: 6, groupByLength: groupByLength), decodeImage: Self.decode)
        try straight.fit(pairs: pairs, reference: reference, loss: .mpo) { _ in }

        struct Stop: Error {}
        let first = Trainer(model: try tinyModel(), settings: settings(epochs: 6, groupByLength: groupByLength), decodeImage: Self.decode)
        let checkpoint = FileManager.default.temporaryDirectory.appendingPathComponent("ckpt-\(UUID().uuidString).mmpr").path
        defer { try? FileManager.default.removeItem(atPath: checkpoint) }
        XCTAssertThrowsError(
            try first.fit(pairs: pairs, reference: reference, loss: .mpo) { step in
                if step.step == 5 {
                    try Checkpoint.writer(
                        trainer: first, metrics: [], includeState: true, tool: .init(name: "t", version: "1"), parameters: [:], inputs: [],
                        stats: [:]
                    )
                    .write(to: .path(checkpoint))
                    throw Stop()
                }
            })
        let resumedModel = try ModelArtifact.load(path: checkpoint)
        let resumption = try Checkpoint.resumption(from: checkpoint, for: resumedModel)
        XCTAssertEqual(resumption.state.step, 5)
        let second = Trainer(model: resumedModel, settings: settings(epochs: 6, groupByLength: groupByLength), decodeImage: Self.decode)
        second.restore(resumption.state, firstMoments: resumption.firstMoments, secondMoments: resumption.secondMoments)
        try second.fit(pairs: pairs, reference: reference, loss: .mpo) { _ in }

        XCTAssertEqual(second.optimizer.step, straight.optimizer.step)
        XCTAssertEqual(second.shift, straight.shift)
        for (a, b) in zip(straight.model.parameters, second.model.parameters) {
            XCTAssertTrue(a.value.bitwiseEqual(b.value), "\(a.name) differs after resume (grouped: \(groupByLength))")
        }
    }

    func testOneAndTwoThreadsGiveTheSameWeights() throws {
        defer { ComputeThreads.configure(threads: ComputeThreads.defaultCount) }
        var models: [VisionLanguageModel] = []
        for threads in [1, 2] {
            ComputeThreads.configure(threads: threads)
            let trainer = Trainer(model: try tinyModel(), settings: settings(epochs: 2), decodeImage: Self.decode)
            try trainer.fit(pairs: pairs, reference: try referenceLogProbs(try tinyModel()), loss: .mpo) { _ in }
            models.append(trainer.model)
        }
        for (a, b) in zip(models[0].parameters, models[1].parameters) {
            XCTAssertTrue(a.value.bitwiseEqual(b.value), "\(a.name) differs between 1 and 2 threads")
        }
    }

    func testGuards() throws {
        var broken = pairs
        broken[3].rejected = broken[3].chosen
        let trainer = Trainer(model: try tinyModel(), settings: settings(epochs: 1), decodeImage: Self.decode)
        XCTAssertThrowsError(try trainer.fit(pairs: broken, reference: try referenceLogProbs(try tinyModel()), loss: .mpo) { _ in }) {
            error in
            XCTAssertTrue("\(error)".contains("chosen == rejected: p3"), "\(error)")
        }
        // A NaN reference log-prob makes the loss NaN: training stops naming the step and the term.
        var reference = try referenceLogProbs(try tinyModel())
        reference[0].chosen = .nan
        reference[1].chosen = .nan
        XCTAssertThrowsError(try trainer.fit(pairs: pairs, reference: reference, loss: .mpo) { _ in }) { error in
            XCTAssertTrue("\(error)".hasPrefix("step 1: loss term 'sigmoid' is nan"), "\(error)")
        }
        XCTAssertEqual(trainer.optimizer.step, 0, "nothing was updated")
    }

    /// Held-out metrics: β·mean(Lc − Rc) etc., recomputed here in Double from the two models'
    /// separately scored log-probs (same batches: padding changes the float sums); a policy equal
    /// to its reference has zero margins.
    func testHeldOutMetricsFollowTRLsFormulas() throws {
        let policy = try tinyModel(seed: 1), reference = try tinyModel(seed: 2)
        let referenceScores = try referenceLogProbs(reference), policyScores = try referenceLogProbs(policy)
        let beta = 0.1
        let metrics = try PreferenceValidation.metrics(
            policy: policy, pairs: pairs, reference: referenceScores, beta: beta, batchSize: 3, decodeImage: Self.decode)
        let n = Double(pairs.count)
        let chosen = zip(policyScores, referenceScores).map { beta * ($0.chosen - $1.chosen) }
        let rejected = zip(policyScores, referenceScores).map { beta * ($0.rejected - $1.rejected) }
        XCTAssertEqual(metrics["eval/rewards/chosen"]?.doubleValue ?? .nan, chosen.reduce(0, +) / n, accuracy: 1e-9)
        XCTAssertEqual(metrics["eval/rewards/rejected"]?.doubleValue ?? .nan, rejected.reduce(0, +) / n, accuracy: 1e-9)
        XCTAssertEqual(
            metrics["eval/rewards/margins"]?.doubleValue ?? .nan, zip(chosen, rejected).map { $0 - $1 }.reduce(0, +) / n, accuracy: 1e-9)
        XCTAssertEqual(metrics["eval/rewards/accuracies"]?.doubleValue, Double(zip(chosen, rejected).filter { $0 > $1 }.count) / n)
        XCTAssertEqual(metrics["eval/logps/chosen"]?.doubleValue ?? .nan, policyScores.map(\.chosen).reduce(0, +) / n, accuracy: 1e-9)
        let same = try PreferenceValidation.metrics(
            policy: reference, pairs: pairs, reference: referenceScores, beta: beta, batchSize: 3, decodeImage: Self.decode)
        XCTAssertEqual(same["eval/rewards/margins"]?.doubleValue, 0)
        XCTAssertEqual(same["eval/rewards/accuracies"]?.doubleValue, 0)
    }
}
