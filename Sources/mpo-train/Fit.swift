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

        @Option(
            help: ArgumentHelp(
                "With problems data: train on these families only (comma-separated generator families, e.g. table_sum).",
                discussion: "A family is a record's metadata.source; a curriculum trains one family's reading before the mix."))
        var families: String?

        @Option(help: "With problems data: both (CoT and direct examples), cot or direct.")
        var sftPrompts: TrainingData.SFTPrompts = .both

        @Option(
            help:
                "With pairs data: train on these pair kinds only (correctness, format, dropntp; comma-separated), e.g. MPO without DropoutNTP pairs."
        )
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
        @Flag(
            help: ArgumentHelp(
                "Batch examples of about the same length: each run of 50 batches is sorted by length, then the batches are shuffled.",
                discussion: "Less compute goes to right padding (about a quarter of a step on the default recipe's SFT mix)."))
        var groupByLength = false

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
            guard lr.isFinite, lr > 0, beta.isFinite, beta > 0 else {
                throw ValidationError("--lr and --beta must be positive numbers; got \(lr) and \(beta)")
            }
            guard minLr.isFinite, minLr >= 0, minLr <= lr else { throw ValidationError("--min-lr must be in [0, --lr]; got \(minLr)") }
            guard (0...1).contains(warmupRatio) else { throw ValidationError("--warmup-ratio must be in [0, 1]; got \(warmupRatio)") }
            guard weightDecay.isFinite, weightDecay >= 0 else {
                throw ValidationError("--weight-decay must be 0 or more; got \(weightDecay)")
            }
            guard maxGradNorm.isFinite, maxGradNorm > 0 else {
                throw ValidationError("--max-grad-norm must be a positive number; got \(maxGradNorm)")
            }
            guard labelSmoothing >= 0, labelSmoothing < 0.5 else {
                throw ValidationError("--label-smoothing must be in [0, 0.5); got \(labelSmoothing)")
            }
            guard checkpointEvery >= 0, valEvery >= 0 else { throw ValidationError("--checkpoint-every and --val-every must be 0 or more") }
            if checkpointEvery > 0, checkpoint == nil { throw ValidationError("--checkpoint-every needs --checkpoint PATH") }
            if val != nil, valReflogps == nil, reference == nil {
                throw ValidationError("--val needs --val-reflogps or --reference for the held-out rewards")
            }
            if val == nil, valReflogps != nil || valEvery > 0 {
                throw ValidationError("--val-reflogps and --val-every go with --val PAIRS")
            }
            if let families, families.split(separator: ",", omittingEmptySubsequences: false).contains(where: \.isEmpty) {
                throw ValidationError("--families takes family names, comma-separated; got '\(families)'")
            }
            if let pairKinds,
                pairKinds.split(separator: ",", omittingEmptySubsequences: false).contains(where: {
                    PairRecord.Kind(rawValue: String($0)) == nil
                })
            {
                throw ValidationError(
                    "--pair-kinds takes \(PairRecord.Kind.allCases.map(\.rawValue).joined(separator: ", ")), comma-separated; got '\(pairKinds)'"
                )
            }
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
            settings.groupByLength = groupByLength
            return settings
        }

        func run() throws {
            let sftOnly = loss == "sft"
            var job = TrainingJob(
                model: model, data: data, mix: try LossMix(parsing: loss, beta: beta, labelSmoothing: labelSmoothing),
                sftOnly: sftOnly, settings: settings)
            job.splits = split.split(separator: ",").map(String.init)
            job.families = families.map { Set($0.split(separator: ",").map(String.init)) }
            job.sftPrompts = sftPrompts
            job.pairKinds = pairKinds?.split(separator: ",").map(String.init)
            job.reflogps = reflogps
            job.reference = reference
            job.validation = val.map { ($0, valReflogps, valEvery) }
            job.checkpoint = checkpoint.map { ($0, checkpointEvery) }
            job.resume = resume

            var parameters = settings.json
            parameters["loss"] = .string(sftOnly ? "sft" : job.mix.description)
            parameters["beta"] = .number(beta)
            parameters["label_smoothing"] = .number(labelSmoothing)
            parameters["split"] = .string(split)
            parameters["sft_prompts"] = .string(sftPrompts.rawValue)
            if let pairKinds { parameters["pair_kinds"] = .string(pairKinds) }
            // Only when given, so that runs without it keep the stage keys and bytes they had; sorted,
            // so that the same families in another order are the same stage.
            if let chosen = job.families { parameters["families"] = .string(chosen.sorted().joined(separator: ",")) }
            var inputs = [StageInput("model", model), StageInput("data", data, kind: (try? job.dataKind) ?? "data")]
            if let reflogps { inputs.append(StageInput("reflogps", reflogps)) }
            if let reference { inputs.append(StageInput("reference", reference, kind: "model")) }
            if let val {
                inputs.append(StageInput("val", val, kind: "pairs"))
                parameters["val_every"] = .integer(Int64(valEvery))
            }
            if let valReflogps { inputs.append(StageInput("val_reflogps", valReflogps, kind: "reflogps")) }
            // A resumed run is keyed by its checkpoint too: it is not the same computation as a fresh one.
            if let resume { inputs.append(StageInput("resume", resume, kind: "model")) }

            try StageRun.perform("mpo-train fit", parameters: parameters, inputs: inputs, options: stage, threads: threads) { run in
                var progress: ProgressReporter?
                var window = (tokens: 0, start: Date())
                let writer = try job.run(
                    tool: run.manifestTool, parameters: parameters, inputs: run.manifestInputs,
                    onStep: { step in
                        if progress == nil {
                            progress = ProgressReporter(
                                label: "mpo-train fit", total: step.totalSteps, unit: "steps", startedAt: window.start)
                        }
                        window.tokens += step.tokens
                        let seconds = Date().timeIntervalSince(window.start)
                        let detail =
                            String(format: "loss %.4f", step.metrics["loss"]?.doubleValue ?? .nan)
                            + (step.metrics["rewards/accuracies"]?.doubleValue.map { String(format: ", acc %.2f", $0) } ?? "")
                            + String(format: ", %.0f tokens/s", Double(window.tokens) / max(seconds, 1e-9))
                        progress!.update(step.step, detail: detail)
                    }, log: { StandardError.write("mpo-train fit: \($0)\n") })
                return (writer, "\(writer.manifest.stats["steps"]?.integerValue ?? 0) steps")
            }
        }
    }
}
