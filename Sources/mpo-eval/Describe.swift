import ArgumentParser
import Artifacts
import Evaluation
import JSON
import Problems
import TensorCore
import ToolSupport
import VisionLanguage

extension MPOEval {
    struct Describe: ParsableCommand, ComputesOnTensorCore {
        static let configuration = CommandConfiguration(
            abstract: "Measure what a model reads in its images: greedy descriptions scored item by item.",
            discussion: """
                For every record of --split with a reference description whose prompt shows the image \
                (the perception split of `mmpr-synth generate`; image-free prompts are skipped), the \
                model answers the record's own prompt ("Describe the image.") greedily. The items of a \
                description are its numbers, colour names and shape kinds, in order; item i of the \
                response is right when it equals item i of the reference ("A bar chart: red P=9, \
                orange Q=8." has the items red 9 orange 8). A description is whole when it names \
                exactly the reference's items.

                Measure on images the model never trained on: a fresh draw such as \
                `mmpr-synth generate --seed 77 --perception 1500` (the other splits 0).

                The artifact (kind descriptions) holds records.jsonl, one line per image with both \
                texts and its counts, and summary.json: overall and per family, the share of items \
                named right and the number of whole descriptions.
                """)

        @Option(help: "The model artifact.") var model: String
        @Option(help: "The problems artifact.") var problems: String
        @Option(help: "The split whose reference descriptions are scored.") var split: String = "perception"
        @Option(help: "Stop a description after this many new tokens.") var maxNewTokens: Int = 128
        @Option(help: "Sequences decoded together.") var batchSize: Int = 16
        @OptionGroup var stage: StageOptions
        @OptionGroup var threads: ThreadOptions

        func validate() throws {
            try FlagRange.require("max-new-tokens", maxNewTokens, in: 1...FlagRange.maxTokens)
            try FlagRange.require("batch-size", batchSize, in: 1...FlagRange.maxBatch)
        }

        func run() throws {
            let parameters: JSONObject = [
                "split": .string(split), "max_new_tokens": .integer(Int64(maxNewTokens)), "batch_size": .integer(Int64(batchSize)),
                "decoding": "greedy",
            ]
            try StageRun.perform(
                "mpo-eval describe", parameters: parameters, inputs: [StageInput("model", model), StageInput("problems", problems)],
                options: stage, threads: threads, unkeyed: ["batch_size"]
            ) { run in
                let contents = try ProblemArtifact.read(path: problems) { _ in true }
                let records = DescriptionReading.measurable(contents.records.filter { $0.split == split })
                guard !records.isEmpty else {
                    throw InputError("\(problems): split \(split) has no records with a reference description and an image")
                }
                let policy = try ModelArtifact.load(path: model)
                let progress = ProgressReporter(label: "mpo-eval describe", total: records.count, unit: "descriptions")
                let items = try DescriptionReading.measure(
                    records: records, images: contents.images, model: policy, maxNewTokens: maxNewTokens, batchSize: batchSize,
                    file: problems
                ) { done, _ in progress.update(done) }
                let overall = DescriptionReading.Summary(items)
                let writer = run.writer(kind: "descriptions")
                writer.manifest.stats["items_right_share"] = .number((overall.share * 1000).rounded() / 1000)
                writer.manifest.stats["whole_descriptions"] = .integer(Int64(overall.whole))
                for (family, summary) in Dictionary(grouping: items, by: \.source).mapValues(DescriptionReading.Summary.init)
                    .sorted(by: { $0.key < $1.key })
                {
                    StandardError.write(
                        String(
                            format: "mpo-eval describe: %@: %.1f %% of %d items right, %d of %d descriptions whole\n", family,
                            summary.share * 100, summary.total, summary.whole, summary.images))
                }
                try writer.add("records.jsonl", bytes: JSONLines.encode(DescriptionReading.records(items)))
                try writer.add("summary.json", bytes: Array((JSONWriter.pretty.string(DescriptionReading.summary(items)) + "\n").utf8))
                return (writer, String(format: "%d descriptions, %.1f %% of items right", items.count, overall.share * 100))
            }
        }
    }
}
