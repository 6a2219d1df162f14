import Answers
import ArgumentParser
import Artifacts
import Evaluation
import JSON
import Problems
import TensorCore
import Serving
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

                With --base-url and --served-model instead of --model, a model served over OpenAI's \
                chat-completions API answers (temperature 0, the image as a data URL); replies are \
                cached, so a rerun asks nothing again (docs/serving.md).
                """)

        @Option(help: "The model artifact (or a served model: --base-url).") var model: String?
        @Option(help: "The problems artifact.") var problems: String
        @Option(help: "The split to answer (testmini, val, pope, …).") var split: String = "testmini"
        @Option(help: "Prompt modes, comma-separated: direct, cot.") var modes: String = "direct,cot"
        @Option(help: "Stop after this many new tokens.") var maxNewTokens: Int = 96
        @Option(help: "Sequences decoded together.") var batchSize: Int = 16
        @OptionGroup var stage: StageOptions
        @OptionGroup var threads: ThreadOptions
        @OptionGroup(title: "Served model (instead of --model)") var served: ServedModelOptions

        var parsedModes: [PromptMode] { PromptMode.list(modes) ?? [] }

        func validate() throws {
            guard PromptMode.list(modes) != nil else {
                throw ValidationError("--modes takes direct and/or cot, comma-separated; got \(modes)")
            }
            try FlagRange.require("max-new-tokens", maxNewTokens, in: 1...FlagRange.maxTokens)
            try FlagRange.require("batch-size", batchSize, in: 1...FlagRange.maxBatch)
            guard (model != nil) != served.isGiven else {
                throw ValidationError("give the model that answers: --model FILE, or a served model with --base-url and --served-model")
            }
        }

        func run() throws {
            var parameters: JSONObject = [
                "split": .string(split), "modes": .string(modes), "max_new_tokens": .integer(Int64(maxNewTokens)),
                "batch_size": .integer(Int64(batchSize)), "decoding": "greedy",
            ]
            if let name = served.servedModel { parameters["served_model"] = .string(name) }
            let client = try served.client()
            try StageRun.perform(
                "mpo-eval run", parameters: parameters,
                inputs: (model.map { [StageInput("model", $0)] } ?? []) + [StageInput("problems", problems)], options: stage,
                threads: threads, unkeyed: ["batch_size"]
            ) { run in
                let contents = try ProblemArtifact.read(path: problems) { _ in true }
                let records = contents.records.filter { $0.split == split }
                guard !records.isEmpty else { throw InputError("\(problems): no records in split \(split)") }
                let answer =
                    if let client {
                        EvaluationRun.served(client: client, images: contents.images, maxNewTokens: maxNewTokens, file: problems)
                    } else {
                        try EvaluationRun.embedded(
                            model: try ModelArtifact.load(path: model!), records: records, images: contents.images,
                            maxNewTokens: maxNewTokens, batchSize: batchSize, file: problems)
                    }
                let progress = ProgressReporter(label: "mpo-eval run", total: records.count * parsedModes.count, unit: "answers")
                var done = 0
                let results = try EvaluationRun.run(records: records, modes: parsedModes, file: problems, answer: answer) {
                    _, count, total in
                    progress.update(done + count)
                    if count == total { done += total }
                }
                var summary = JSONObject()
                let writer = run.writer(kind: "scores")
                if client != nil {
                    let replies = results.flatMap { $0.responses.compactMap(\.reply) }
                    for (key, value) in ChatCompletion.environment(of: replies, producing: "answers") {
                        writer.manifest.environment[key] = value
                    }
                }
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
