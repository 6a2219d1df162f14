import Answers
import ArgumentParser
import Artifacts
import Evaluation
import JSON
import Problems
import TensorCore
import ToolSupport
import VisionLanguage

extension PromptMode: ExpressibleByArgument {}

extension MPOEval {
    struct Run: ParsableCommand, ComputesOnTensorCore {
        static let configuration = CommandConfiguration(
            abstract: "Answer a benchmark split with a model (greedy) and score it MathVista's way.",
            discussion: """
                Modes: direct (the question with InternVL's short-answer suffix) and cot (the paper's \
                chain-of-thought template). Answers are extracted by rules (MathVista's pre-LLM rules, \
                then the MMPR "Final answer:" rule, then free-text patterns) and scored exactly as \
                MathVista's calculate_score.py does. The scores artifact holds, per mode, \
                outputs_<mode>.json (MathVista's output layout), scores_<mode>.json (the official \
                score file) and summary.json (accuracy with 95 % Wilson intervals, per source and task, \
                extraction and unparseable rates, mean length; POPE metrics for POPE probes).
                """)

        @Option(help: "The model artifact.") var model: String
        @Option(help: "The problems artifact.") var problems: String
        @Option(help: "The split to answer (testmini, val, pope, …).") var split: String = "testmini"
        @Option(help: "Prompt modes, comma-separated: direct, cot.") var modes: String = "direct,cot"
        @Option(help: "Stop after this many new tokens.") var maxNewTokens: Int = 96
        @Option(help: "Sequences decoded together.") var batchSize: Int = 16
        @OptionGroup var stage: StageOptions
        @OptionGroup var threads: ThreadOptions

        var parsedModes: [PromptMode] { PromptMode.list(modes) ?? [] }

        func validate() throws {
            guard PromptMode.list(modes) != nil else {
                throw ValidationError("--modes takes direct and/or cot, comma-separated; got \(modes)")
            }
            try FlagRange.require("max-new-tokens", maxNewTokens, in: 1...FlagRange.maxTokens)
            try FlagRange.require("batch-size", batchSize, in: 1...FlagRange.maxBatch)
        }

        func run() throws {
            let parameters: JSONObject = [
                "split": .string(split), "modes": .string(modes), "max_new_tokens": .integer(Int64(maxNewTokens)),
                "batch_size": .integer(Int64(batchSize)), "decoding": "greedy",
            ]
            try StageRun.perform(
                "mpo-eval run", parameters: parameters, inputs: [StageInput("model", model), StageInput("problems", problems)],
                options: stage, threads: threads, unkeyed: ["batch_size"]
            ) { run in
                let contents = try ProblemArtifact.read(path: problems) { _ in true }
                let records = contents.records.filter { $0.split == split }
                guard !records.isEmpty else { throw InputError("\(problems): no records in split \(split)") }
                let policy = try ModelArtifact.load(path: model)
                let progress = ProgressReporter(label: "mpo-eval run", total: records.count * parsedModes.count, unit: "answers")
                var done = 0
                let results = try EvaluationRun.run(
                    records: records, images: contents.images, model: policy, modes: parsedModes, maxNewTokens: maxNewTokens,
                    batchSize: batchSize, file: problems
                ) { _, count, total in
                    progress.update(done + count)
                    if count == total { done += total }
                }
                var summary = JSONObject()
                let writer = run.writer(kind: "scores")
                for result in results {
                    let modeSummary = EvaluationRun.summary(result, records: records)
                    summary[result.mode.rawValue] = modeSummary
                    let accuracy = (modeSummary["overall"]?["accuracy"]?.doubleValue ?? 0) * 100
                    writer.manifest.stats[result.mode.rawValue + "_accuracy"] = .number((accuracy * 100).rounded() / 100)
                    StandardError.write(
                        String(
                            format: "mpo-eval run: %@ %@: %.2f %% (%d/%d)\n", split, result.mode.rawValue, accuracy,
                            result.scoring.correctCount, records.count))
                }
                for result in results {
                    try writer.add(
                        "outputs_\(result.mode.rawValue).json",
                        bytes: Array(
                            (JSONWriter.python(indent: 4).string(EvaluationRun.outputsDocument(result, records: records)) + "\n").utf8))
                    if let scores = result.scoring.scoresText {
                        try writer.add("scores_\(result.mode.rawValue).json", bytes: Array(scores.utf8))
                    }
                }
                try writer.add("summary.json", bytes: Array((JSONWriter.pretty.string(.object(summary)) + "\n").utf8))
                return (writer, "\(records.count) problems × \(results.count) modes")
            }
        }
    }
}
