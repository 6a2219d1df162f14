// The training loop (docs/method.md, "Losses" and "Training defaults"): SFT on supervised
// sequences, or any preference-loss mix on pairs against cached reference log-probs; AdamW with
// decoupled decay, global-norm clipping, warm-up then cosine decay; a data order that any step can
// recompute, so a resumed run takes exactly the steps an uninterrupted one would. Forward and
// backward of one step sit together.
import Foundation
import JSON
import TensorCore
import VisionLanguage

public final class Trainer {
    public let model: VisionLanguageModel
    public let settings: TrainingSettings
    public let optimizer: AdamW
    /// BCO's δ; carried across steps and checkpoints.
    public private(set) var shift = RewardShift()
    private let decodeImage: ([UInt8]) throws -> Tensor

    /// `decodeImage` turns an example's PNG bytes into the model's [H, W, 3] input in [0, 1].
    public init(model: VisionLanguageModel, settings: TrainingSettings, decodeImage: @escaping ([UInt8]) throws -> Tensor) {
        self.model = model
        self.settings = settings
        self.decodeImage = decodeImage
        optimizer = AdamW(
            parameters: model.parameters,
            config: AdamWConfig(
                beta1: Float(settings.beta1), beta2: Float(settings.beta2), eps: Float(settings.epsilon),
                weightDecay: Float(settings.weightDecay)))
    }

    /// Continues from a checkpoint's optimiser state and δ (the model's weights are already loaded).
    public func restore(_ state: Checkpoint.State, firstMoments: [Tensor], secondMoments: [Tensor]) {
        optimizer.restore(step: state.step, firstMoments: firstMoments, secondMoments: secondMoments)
        shift = RewardShift(mean: state.deltaMean, count: state.deltaCount)
    }

    /// What the loop reports after every step.
    public struct StepReport {
        public var step: Int
        public var totalSteps: Int
        public var metrics: JSONObject
        public var tokens: Int
    }

    /// SFT: the loss is the mean over sequences of each sequence's mean token NLL
    /// (docs/method.md, "Generation term (SFT)").
    public func fit(sft examples: [SequenceExample], report: (StepReport) throws -> Void) throws {
        let lengths = try settings.groupByLength ? examples.map { try length(of: $0.question, $0.response, image: $0.imagePNG) } : nil
        try loop(count: examples.count, hasImage: examples.map { $0.imagePNG != nil }, lengths: lengths, report: report) { indices in
            let chosen = indices.map { examples[$0] }
            let (logProbs, tape) = try forward(chosen.map { ($0.id, $0.question, $0.response, $0.imagePNG) })
            let values = logProbs.values, counts = logProbs.counts
            let scored = counts.filter { $0 > 0 }.count
            guard scored > 0 else {
                throw TrainingError("a batch (\(chosen.map(\.id).joined(separator: ", "))) has no response token left after the prompt")
            }
            // L = (1/B')·Σ −Lᵢ/nᵢ over the sequences with a response;  ∂L/∂Lᵢ = −1/(nᵢ·B')
            let nll = zip(values, counts).filter { $0.1 > 0 }.map { -$0.0 / Double($0.1) }.reduce(0, +) / Double(scored)
            guard nll.isFinite else { throw NonFiniteLoss(term: "sft", value: nll) }
            let seeds = counts.map { $0 == 0 ? Float(0) : Float(-1 / (Double($0) * Double(scored))) }
            tape.backward(from: logProbs.sums, seed: Tensor(shape: [seeds.count], values: seeds))
            return (["loss": .number(nll), "loss/sft": .number(nll), "nll": .number(nll)], counts.reduce(0, +))
        }
    }

    /// Preference training: each batch of B pairs is one forward over 2B sequences (chosen, then
    /// rejected); the mix gives ∂L/∂L_c and ∂L/∂L_r per pair, which seed the backward directly.
    /// `reference` is nil for mixes that never look at the reference (sft, orpo).
    public func fit(pairs: [PairExample], reference: [ReferenceLogProbs]?, loss mix: LossMix, report: (StepReport) throws -> Void) throws {
        precondition(
            reference == nil || pairs.count == reference!.count,
            "Trainer.fit: \(pairs.count) pairs but \(reference!.count) reference log-probs")
        precondition(reference != nil || !mix.usesReference, "Trainer.fit: --loss \(mix.description) needs reference log-probs")
        try refuseIdenticalSides(pairs)
        let lengths =
            try settings.groupByLength
            ? pairs.map {
                max(
                    try length(of: $0.question, $0.chosen, image: $0.imagePNG), try length(of: $0.question, $0.rejected, image: $0.imagePNG)
                )
            } : nil
        try loop(count: pairs.count, hasImage: pairs.map { $0.imagePNG != nil }, lengths: lengths, report: report) { indices in
            let batch = indices.map { pairs[$0] }
            let (logProbs, tape) = try forward(
                batch.map { ($0.id, $0.question, $0.chosen, $0.imagePNG) } + batch.map { ($0.id, $0.question, $0.rejected, $0.imagePNG) })
            let values = logProbs.values, counts = logProbs.counts, b = batch.count
            let pairLogProbs = try indices.enumerated().map { position, index in
                let ref =
                    reference?[index]
                    ?? ReferenceLogProbs(chosen: 0, rejected: 0, chosenTokens: counts[position], rejectedTokens: counts[b + position])
                guard ref.chosenTokens == counts[position], ref.rejectedTokens == counts[b + position] else {
                    throw TrainingError(
                        "pair \(pairs[index].id): the reference log-probs cover \(ref.chosenTokens)/\(ref.rejectedTokens) tokens but the policy scores \(counts[position])/\(counts[b + position]); were they computed for other pairs or another tokenizer?"
                    )
                }
                return PairLogProbs(
                    policyChosen: values[position], policyRejected: values[b + position], referenceChosen: ref.chosen,
                    referenceRejected: ref.rejected, chosenTokens: counts[position], rejectedTokens: counts[b + position])
            }
            let result = try mix.evaluate(pairLogProbs, shift: &shift)
            let seeds = (result.dPolicyChosen + result.dPolicyRejected).map(Float.init)
            tape.backward(from: logProbs.sums, seed: Tensor(shape: [seeds.count], values: seeds))

            let preference = PreferenceMetrics(pairLogProbs, beta: mix.beta)
            var metrics: JSONObject = [
                "loss": .number(result.loss), "rewards/chosen": .number(preference.rewardsChosen),
                "rewards/rejected": .number(preference.rewardsRejected), "rewards/accuracies": .number(preference.rewardsAccuracy),
                "rewards/margins": .number(preference.rewardsMargin), "logps/chosen": .number(preference.logpsChosen),
                "logps/rejected": .number(preference.logpsRejected), "delta": .number(result.delta),
                "nll": .number(pairLogProbs.map { -$0.policyChosen / Double($0.chosenTokens) }.reduce(0, +) / Double(b)),
            ]
            for (name, value) in result.terms { metrics["loss/\(name)"] = .number(value) }
            return (metrics, counts.reduce(0, +))
        }
    }

    /// The positions a sequence takes in a batch (its padded cost), for grouping by length.
    private func length(of question: String, _ response: String, image: [UInt8]?) throws -> Int {
        try model.template.example(question: question, response: response, withImage: image != nil).ids.count
    }

    /// One teacher-forced forward over (id, question, response, image), recorded for backward.
    private func forward(_ items: [(id: String, question: String, response: String, image: [UInt8]?)]) throws -> (SequenceLogProbs, Tape) {
        let sequences = try items.map {
            try model.template.example(question: $0.question, response: $0.response, withImage: $0.image != nil)
        }
        let images =
            items.first?.image == nil
            ? nil
            : try items.map { item in
                let image: Tensor
                do { image = try decodeImage(item.image!) } catch { throw TrainingError("example \(item.id): its image: \(error)") }
                try ModelImage.check(image, of: "example \(item.id)", for: model.config)
                return image
            }
        let batch = try SequenceBatch(sequences: sequences, images: images)
        let tape = Tape()
        return (model.sequenceLogProbs(batch, tape: tape), tape)
    }

    /// Steps from the optimiser's current step to the end: batch, forward+backward (`step`), clip,
    /// schedule, update, report. Nothing is updated when a loss or the gradient is not finite.
    private func loop(
        count: Int, hasImage: [Bool], lengths: [Int]?, report: (StepReport) throws -> Void,
        step body: ([Int]) throws -> (metrics: JSONObject, tokens: Int)
    ) throws {
        guard count > 0 else { throw TrainingError("no training examples") }
        func order(of epoch: Int) -> [[Int]] {
            DataOrder(hasImage: hasImage, lengths: lengths, batchSize: settings.batchSize, seed: settings.seed, epoch: epoch).batches
        }
        let perEpoch = order(of: 0).count
        let total = perEpoch * settings.epochs
        let schedule = LearningRateSchedule(
            peak: settings.learningRate, warmupSteps: Int((settings.warmupRatio * Double(total)).rounded()), totalSteps: total,
            floor: settings.minimumLearningRate)
        var current: (epoch: Int, batches: [[Int]])?
        while optimizer.step < total {
            let step = optimizer.step + 1
            let epoch = (step - 1) / perEpoch
            if current?.epoch != epoch { current = (epoch, order(of: epoch)) }
            model.parameters.forEach { $0.zeroGrad() }
            let outcome: (metrics: JSONObject, tokens: Int)
            do {
                outcome = try body(current!.batches[(step - 1) % perEpoch])
            } catch let error as NonFiniteLoss {
                throw TrainingError("step \(step): \(error); stopped before updating anything")
            }
            let gradientNorm = clipGradientNorm(model.parameters, maxNorm: settings.clipNorm)
            guard gradientNorm.isFinite else {
                throw TrainingError("step \(step): the gradient norm is \(gradientNorm); stopped before updating anything")
            }
            let rate = schedule.rate(at: step)
            optimizer.update(lr: Float(rate))
            var metrics = outcome.metrics
            metrics["step"] = .integer(Int64(step))
            metrics["epoch"] = .number(Double(step) / Double(perEpoch))
            metrics["lr"] = .number(rate)
            metrics["grad_norm"] = .number(gradientNorm)
            try report(StepReport(step: step, totalSteps: total, metrics: metrics, tokens: outcome.tokens))
        }
    }
}
