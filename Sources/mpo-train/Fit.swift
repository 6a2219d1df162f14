// `mpo-train fit`: SFT or preference training of a model artifact (docs/method.md, "Losses",
// "Training defaults", "Pitfalls").
import ArgumentParser
import Artifacts
import Foundation
import JSON
import TensorCore
import ToolSupport
import Preference
import Training
import VisionLanguage

extension TrainingData.SFTPrompts: ExpressibleByArgument {}

extension MPOTrain {
    struct Fit: ParsableCommand, ComputesOnTensorCore {
        static let configuration = CommandConfiguration(
            abstract: "Train a model: SFT on problems or pairs, or a preference-loss mix on pairs.",
            discussion: """
                --loss takes `sft`, `mpo` (= sigmoid=0.8,bco_pair=0.2,sft=1.0, the paper's mix), a \
                single TRL loss name, or a weighted list such as sigmoid=1,sft=1. Losses: \
                \(LossName.allCases.map(\.rawValue).joined(separator: ", ")). Preference terms use \
                summed log-probs of response + <|im_end|>; the sft term is the per-sequence mean NLL \
                averaged over sequences.

                Data: a problems artifact (SFT on the reference solutions of --split) or a pairs \
                artifact (preference pairs; with --loss sft, SFT on their chosen responses). Losses \
                against the reference need --reflogps (from `mpo-train reflogps`) or --reference.

                The output is a model artifact with metrics.jsonl (one line per step, TRL's names: \
                loss, loss/<term>, rewards/chosen|rejected|accuracies|margins, logps/chosen|rejected, \
                delta, nll, lr, grad_norm). Throughput goes to stderr only, so the artifact's bytes \
                do not depend on the machine's speed.
                """)

        @Option(help: "The model to start from (a model artifact: `mpo-train init` or an earlier fit).")
        var model: String

        @Option(help: "Training data: a problems or a pairs artifact.")
        var data: String

        @Option(help: "sft, mpo, a loss name, or a weighted list (name=w,…).")
        var loss: String = "sft"

        @Option(help: "With problems data: the split to train on, or several mixed (sft,perception).")
        var split: String = "sft"

        @Option(help: "With problems data: both (CoT and direct examples), cot or direct.")
        var sftPrompts: TrainingData.SFTPrompts = .both

        @Option(help: "With pairs data: train on these pair kinds only (correctness, format, dropntp; comma-separated), e.g. MPO without DropoutNTP pairs.")
        var pairKinds: String?

        @Option(help: "Reference log-probs of the pairs (a reflogps artifact).")
        var reflogps: String?

        @Option(help: "The reference model, when no --reflogps is given (scored at start).")
        var reference: String?

        @Option(help: "β, the KL coefficient of the preference terms (also ORPO's λ).")
        var beta: Double = 0.1

        @Option(help: "Label smoothing ε (cDPO, robust, exo_pair, aot).")
        var labelSmoothing: Double = 0

        @Option(help: "Peak learning rate.") var lr: Double = 1e-3
        @Option(help: "Learning rate at the end of the cosine decay.") var minLr: Double = 0
        @Option(help: "Warm-up steps as a share of all steps.") var warmupRatio: Double = 0.05
        @Option(help: "AdamW weight decay (never on norms and biases).") var weightDecay: Double = 0.05
        @Option(help: "Clip the global gradient norm to this.") var maxGradNorm: Double = 1.0
        @Option(help: "Examples (or pairs) per step.") var batchSize: Int = 8
        @Option(help: "Passes over the data.") var epochs: Int = 1
        @Option(help: "Seed of the data order.") var seed: UInt64 = 0

        @Option(help: "Write a resumable checkpoint here every --checkpoint-every steps.")
        var checkpoint: String?
        @Option(help: "Steps between checkpoints (0: none).")
        var checkpointEvery: Int = 0
        @Option(help: "Continue from this checkpoint (same data and settings).")
        var resume: String?

        @Option(help: "Held-out pairs (a pairs artifact): TRL's eval/ preference metrics every --val-every steps and at the end.")
        var val: String?
        @Option(help: "Reference log-probs of the --val pairs (else scored with --reference at start).")
        var valReflogps: String?
        @Option(help: "Steps between held-out evaluations (0: only at the end).")
        var valEvery: Int = 0

        @OptionGroup var stage: StageOptions
        @OptionGroup var threads: ThreadOptions

        func validate() throws {
            // Every number is checked before any work: a NaN or an absurd size must not reach a
            // conversion or an allocation deep in training.
            guard (1...65_536).contains(batchSize), (1...10_000).contains(epochs) else {
                throw ValidationError("--batch-size must be in 1...65536 and --epochs in 1...10000; got \(batchSize) and \(epochs)")
            }
            guard lr.isFinite, lr > 0, beta.isFinite, beta > 0 else { throw ValidationError("--lr and --beta must be positive numbers; got \(lr) and \(beta)") }
            guard minLr.isFinite, minLr >= 0, minLr <= lr else { throw ValidationError("--min-lr must be in [0, --lr]; got \(minLr)") }
            guard (0...1).contains(warmupRatio) else { throw ValidationError("--warmup-ratio must be in [0, 1]; got \(warmupRatio)") }
            guard weightDecay.isFinite, weightDecay >= 0 else { throw ValidationError("--weight-decay must be 0 or more; got \(weightDecay)") }
            guard maxGradNorm.isFinite, maxGradNorm > 0 else { throw ValidationError("--max-grad-norm must be a positive number; got \(maxGradNorm)") }
            guard labelSmoothing >= 0, labelSmoothing < 0.5 else { throw ValidationError("--label-smoothing must be in [0, 0.5); got \(labelSmoothing)") }
            guard checkpointEvery >= 0, valEvery >= 0 else { throw ValidationError("--checkpoint-every and --val-every must be 0 or more") }
            if checkpointEvery > 0, checkpoint == nil { throw ValidationError("--checkpoint-every needs --checkpoint PATH") }
            if val != nil, valReflogps == nil, reference == nil { throw ValidationError("--val needs --val-reflogps or --reference for the held-out rewards") }
            if val == nil, valReflogps != nil || valEvery > 0 { throw ValidationError("--val-reflogps and --val-every go with --val PAIRS") }
            if let pairKinds, pairKinds.split(separator: ",", omittingEmptySubsequences: false).contains(where: { PairRecord.Kind(rawValue: String($0)) == nil }) {
                throw ValidationError("--pair-kinds takes \(PairRecord.Kind.allCases.map(\.rawValue).joined(separator: ", ")), comma-separated; got '\(pairKinds)'")
            }
        }

        /// The reference's log-probs of `pairs`: read from a reflogps artifact, else scored now with
        /// the --reference model; nil when there is neither.
        private func referenceLogProbs(of pairs: [PairExample], reflogps: String?) throws -> [ReferenceLogProbs]? {
            if let reflogps {
                let (_, records) = try ArtifactReader.records(in: reflogps, kind: ReferenceScoring.kind)
                return try ReferenceScoring.parse(records, ids: pairs.map(\.id), file: reflogps)
            }
            guard let reference else { return nil }
            return try ReferenceScoring.score(pairs, model: try ModelArtifact.load(path: reference), batchSize: batchSize, decodeImage: ModelImage.decode)
        }

        var settings: TrainingSettings {
            var settings = TrainingSettings()
            settings.learningRate = lr
            settings.minimumLearningRate = minLr
            settings.warmupRatio = warmupRatio
            settings.weightDecay = weightDecay
            settings.clipNorm = maxGradNorm
            settings.batchSize = batchSize
            settings.epochs = epochs
            settings.seed = seed
            return settings
        }

        /// Whether a pair (id "kind:pid:…", as TrainingData.pairExamples names it) is of a kind --pair-kinds keeps.
        private func keeps(_ id: String) -> Bool {
            guard let pairKinds else { return true }
            return pairKinds.split(separator: ",").contains { id.hasPrefix("\($0):") }
        }

        func run() throws {
            ComputeThreads.configure(threads: threads.threads ?? ComputeThreads.defaultCount)
            let sftOnly = loss == "sft"
            let mix = try LossMix(parsing: loss, beta: beta, labelSmoothing: labelSmoothing)
            var parameters = settings.json
            parameters["loss"] = .string(sftOnly ? "sft" : mix.description)
            parameters["beta"] = .number(beta)
            parameters["label_smoothing"] = .number(labelSmoothing)
            parameters["split"] = .string(split)
            parameters["sft_prompts"] = .string(sftPrompts.rawValue)
            if let pairKinds { parameters["pair_kinds"] = .string(pairKinds) }
            var inputs = [("model", model), ("data", data)]
            if let reflogps { inputs.append(("reflogps", reflogps)) }
            if let reference { inputs.append(("reference", reference)) }
            if let val {
                inputs.append(("val", val))
                parameters["val_every"] = .integer(Int64(valEvery))
            }
            if let valReflogps { inputs.append(("val_reflogps", valReflogps)) }
            let run = try StageRun(tool: "mpo-train fit", parameters: parameters, inputs: inputs.map { (role: $0.0, path: $0.1) }, options: stage)
            if try run.reuseCachedOutput() { return }

            let policy = try ModelArtifact.load(path: resume ?? model)
            let trainer = Trainer(model: policy, settings: settings, decodeImage: ModelImage.decode)
            var metrics: [JSONObject] = []
            if let resume {
                let resumption = try Checkpoint.resumption(from: resume, for: policy)
                trainer.restore(resumption.state, firstMoments: resumption.firstMoments, secondMoments: resumption.secondMoments)
                metrics = resumption.metrics
                StandardError.write("mpo-train fit: resuming at step \(resumption.state.step) from \(resume)\n")
            }
            let kind = try ArtifactReader(path: data).manifest.kind
            let tool = Manifest.Tool(name: "mpo-train fit", version: ToolkitVersion.current)
            let manifestInputs = run.manifestInputs(kinds: ["model": "model", "data": kind, "reflogps": "reflogps", "reference": "model", "val": "pairs", "val_reflogps": "reflogps"])
            var progress: ProgressReporter?
            var window = (tokens: 0, start: Date())
            let validation = try val.map { path -> (pairs: [PairExample], reference: [ReferenceLogProbs]) in
                let pairs = try TrainingData.pairExamples(pairs: path)
                // validate() made sure there is --val-reflogps or --reference.
                return (pairs, try referenceLogProbs(of: pairs, reflogps: valReflogps)!)
            }
            let report: (Trainer.StepReport) throws -> Void = { step in
                var stepMetrics = step.metrics
                if let validation, step.step == step.totalSteps || (valEvery > 0 && step.step % valEvery == 0) {
                    for (name, value) in try PreferenceValidation.metrics(
                        policy: policy, pairs: validation.pairs, reference: validation.reference, beta: beta, batchSize: batchSize,
                        decodeImage: ModelImage.decode) { stepMetrics[name] = value }
                }
                metrics.append(stepMetrics)
                if progress == nil { progress = ProgressReporter(label: "mpo-train fit", total: step.totalSteps, unit: "steps", startedAt: window.start) }
                window.tokens += step.tokens
                let seconds = Date().timeIntervalSince(window.start)
                let detail = String(format: "loss %.4f", step.metrics["loss"]?.doubleValue ?? .nan)
                    + (step.metrics["rewards/accuracies"]?.doubleValue.map { String(format: ", acc %.2f", $0) } ?? "")
                    + String(format: ", %.0f tokens/s", Double(window.tokens) / max(seconds, 1e-9))
                progress!.update(step.step, detail: detail)
                if checkpointEvery > 0, step.step % checkpointEvery == 0, step.step < step.totalSteps, let checkpoint {
                    try Checkpoint.writer(trainer: trainer, metrics: metrics, includeState: true, tool: tool, parameters: parameters,
                                          inputs: manifestInputs, stats: ["checkpoint_step": .integer(Int64(step.step))])
                        .write(to: .path(checkpoint))
                }
            }

            switch kind {
            case "problems":
                guard sftOnly else { throw InputError("\(data): a problems artifact trains with --loss sft only; preference losses need a pairs artifact") }
                try trainer.fit(sft: try TrainingData.sftExamples(problems: data, splits: split.split(separator: ",").map(String.init), prompts: sftPrompts), report: report)
            case "pairs" where sftOnly:
                try trainer.fit(sft: try TrainingData.chosenExamples(pairs: data).filter { keeps($0.id) }, report: report)
            case "pairs":
                let all = try TrainingData.pairExamples(pairs: data)
                // The reference log-probs are checked against every pair of the artifact, then kept for the chosen kinds.
                let kept = all.indices.filter { keeps(all[$0].id) }
                guard !kept.isEmpty else { throw InputError("\(data): no pairs of the kinds \(pairKinds ?? "")") }
                let pairs = kept.map { all[$0] }
                let reference = try referenceLogProbs(of: all, reflogps: reflogps).map { scores in kept.map { scores[$0] } }
                if reference == nil, mix.usesReference {
                    throw InputError("--loss \(loss) compares against the reference model: pass --reflogps or --reference")
                }
                try trainer.fit(pairs: pairs, reference: reference, loss: mix, report: report)
            default:
                throw InputError("\(data): a '\(kind)' artifact; expected problems or pairs")
            }
            let writer = try Checkpoint.writer(
                trainer: trainer, metrics: metrics, includeState: false, tool: tool, parameters: parameters, inputs: manifestInputs,
                stats: ["steps": .integer(Int64(trainer.optimizer.step))])
            let hash = try run.finish(writer)
            StandardError.write("mpo-train fit: \(trainer.optimizer.step) steps → \(stage.output) (\(hash))\n")
        }
    }
}
