// `mpo-train reflogps`: the frozen reference model's log-probs of every pair, computed once.
import ArgumentParser
import Artifacts
import JSON
import TensorCore
import ToolSupport
import Preference
import Training
import VisionLanguage

extension MPOTrain {
    struct RefLogps: ParsableCommand, ComputesOnTensorCore {
        static let configuration = CommandConfiguration(
            commandName: "reflogps",
            abstract: "Score every pair under the frozen reference model (a no-grad forward), once.",
            discussion: """
                Writes a reflogps artifact: per pair, the summed log-probs of chosen and rejected \
                (response + <|im_end|>) and their token counts. `mpo-train fit --reflogps` reads it, \
                so runs that change only policy-side settings reuse it through the stage cache.
                """)

        @Option(help: "The reference model artifact (the SFT model M0).")
        var model: String

        @Option(help: "The pairs artifact.")
        var pairs: String

        @Option(help: "Pairs per forward (each is two sequences).")
        var batchSize: Int = 8

        @OptionGroup var stage: StageOptions
        @OptionGroup var threads: ThreadOptions

        func validate() throws {
            try FlagRange.require("batch-size", batchSize, in: 1...FlagRange.maxBatch)
        }

        func run() throws {
            try StageRun.perform(
                "mpo-train reflogps", parameters: ["batch_size": .integer(Int64(batchSize))],
                inputs: [StageInput("model", model), StageInput("pairs", pairs)], options: stage, threads: threads
            ) { run in
                let reference = try ModelArtifact.load(path: model)
                let examples = try TrainingData.pairExamples(pairs: pairs)
                let progress = ProgressReporter(label: "mpo-train reflogps", total: examples.count, unit: "pairs")
                let scores = try ReferenceScoring.score(
                    examples, model: reference, batchSize: batchSize,
                    decodeImage: { try ModelImage.decode($0, side: reference.config.imageSize) }
                ) {
                    progress.update($0)
                }
                let writer = run.writer(kind: ReferenceScoring.kind, stats: ["pairs": .integer(Int64(scores.count))])
                try writer.add("records.jsonl", bytes: JSONLines.encode(ReferenceScoring.records(scores, ids: examples.map(\.id))))
                return (writer, "\(scores.count) pairs")
            }
        }
    }
}
