import ArgumentParser
import Artifacts
import Evaluation
import JSON
import Problems
import TensorCore
import ToolSupport
import VisionLanguage

extension MPOEval {
    struct Grounding: ParsableCommand, ComputesOnTensorCore {
        static let configuration = CommandConfiguration(
            abstract: "Measure whether a model reads its images: log p(reference | own image) − log p(reference | another image).",
            discussion: """
                For every problem of --split with a reference response (the CoT solution; the direct \
                answer), the summed log-prob of that response is computed twice: with the problem's \
                own image, and with the image of the next problem of the same family. Same question, \
                same prompt, same response: only the picture differs. A model that ignores its images \
                gains 0 nats and wins about half the problems.

                The artifact (kind grounding) holds records.jsonl, one line per problem and mode with \
                both log-probs, and summary.json: per mode, overall and per family, the mean gain in \
                nats per response and the share of problems where the own image wins.
                """)

        @Option(help: "The model artifact.") var model: String
        @Option(help: "The problems artifact.") var problems: String
        @Option(help: "The split to measure on (val; never testmini for tuning).") var split: String = "val"
        @Option(help: "Prompt modes, comma-separated: cot, direct.") var modes: String = "cot,direct"
        @Option(help: "Problems per forward (two sequences each).") var batchSize: Int = 16
        @OptionGroup var stage: StageOptions
        @OptionGroup var threads: ThreadOptions

        var parsedModes: [PromptMode] { PromptMode.list(modes) ?? [] }

        func validate() throws {
            guard PromptMode.list(modes) != nil else {
                throw ValidationError("--modes takes cot and/or direct, comma-separated; got \(modes)")
            }
            try FlagRange.require("batch-size", batchSize, in: 1...FlagRange.maxBatch)
        }

        func run() throws {
            let parameters: JSONObject = ["split": .string(split), "modes": .string(modes), "batch_size": .integer(Int64(batchSize))]
            try StageRun.perform(
                "mpo-eval grounding", parameters: parameters, inputs: [StageInput("model", model), StageInput("problems", problems)],
                options: stage, threads: threads
            ) { run in
                let contents = try ProblemArtifact.read(path: problems) { _ in true }
                let records = contents.records.filter { $0.split == split && $0.hasAnswer }
                guard !records.isEmpty else { throw InputError("\(problems): no problems with answers in split \(split)") }
                let policy = try ModelArtifact.load(path: model)
                var progress: ProgressReporter?
                let items = try Evaluation.Grounding.measure(
                    records: records, images: contents.images, model: policy, modes: parsedModes, batchSize: batchSize, file: problems
                ) { done, total in
                    if progress == nil { progress = ProgressReporter(label: "mpo-eval grounding", total: total, unit: "problems") }
                    progress!.update(done)
                }
                guard !items.isEmpty else {
                    throw InputError("\(problems): split \(split) has no two problems of one family with different images")
                }
                let writer = run.writer(kind: "grounding")
                for mode in parsedModes {
                    let summary = Evaluation.Grounding.Summary(items.filter { $0.mode == mode })
                    writer.manifest.stats["\(mode.rawValue)_mean_gain_nats"] = .number((summary.meanGain * 1000).rounded() / 1000)
                    writer.manifest.stats["\(mode.rawValue)_win_share"] = .number((summary.winShare * 1000).rounded() / 1000)
                    StandardError.write(
                        String(
                            format: "mpo-eval grounding: %@ %@: %+.3f nats per response, own image wins %.1f %% of %d\n",
                            split, mode.rawValue, summary.meanGain, summary.winShare * 100, summary.count))
                }
                try writer.add("records.jsonl", bytes: JSONLines.encode(Evaluation.Grounding.records(items)))
                try writer.add("summary.json", bytes: Array((JSONWriter.pretty.string(Evaluation.Grounding.summary(items)) + "\n").utf8))
                return (writer, "\(items.count) measurements")
            }
        }
    }
}
