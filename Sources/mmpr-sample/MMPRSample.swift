// mmpr-sample: sample chain-of-thought responses from a model for the MMPR pair builder.
import ArgumentParser
import Artifacts
import JSON
import Preference
import Problems
import TensorCore
import ToolSupport
import VisionLanguage

@main
struct MMPRSample: ParsableCommand, ComputesOnTensorCore {
    static let configuration = CommandConfiguration(
        commandName: "mmpr-sample",
        abstract: "Sample responses of a model for the problems of the given splits (docs/method.md).",
        discussion: """
            Problems with an answer get N chain-of-thought samples of the question wrapped in the \
            paper's template (the short-answer suffix stripped); open prompts get M samples of the \
            bare question (the chosen responses of DropoutNTP). Temperature 1, top-k 50, top-p 1 by \
            default, as in the paper. Every sample draws from its own random stream keyed by \
            (seed, pid, sample index), so --shard K/N runs merge into one run's output, and the \
            thread count never changes a sample.

              mmpr-sample --problems p.mmpr --model sft.mmpr --splits pref,open -o s.mmpr

            With --base-url and --served-model instead of --model, the samples come from a model \
            served over OpenAI's chat-completions API (vLLM, LMDeploy, SGLang): one request per \
            sample with the image as a data URL and a seed derived from (seed, pid, sample \
            index); replies are cached, so a rerun asks nothing again (docs/serving.md).

            \(ExitStatus.help)
            """,
        version: ToolkitVersion.current)

    @Option(help: "The problems artifact.") var problems: String
    @Option(help: "The model artifact to sample from (or a served model: --base-url).") var model: String?
    @Option(help: "Comma-separated splits to sample.") var splits: String = "pref,open"
    @Option(name: .customLong("samples"), help: "N: samples per problem with an answer (the paper: 32).") var samplesPerProblem: Int = 8
    @Option(name: .customLong("open-samples"), help: "M: samples per open prompt.") var samplesPerOpenPrompt: Int = 1
    @Option(help: "The CoT template; {question} marks where the question goes.") var template: String = PromptTemplates
        .chainOfThoughtTemplate
    @Option(help: "Only problems whose index in the split order is ≡ K mod N (K/N).") var shard: String = "0/1"
    @OptionGroup var sampling: SamplingOptions
    @OptionGroup var stage: StageOptions
    @OptionGroup var threads: ThreadOptions
    @OptionGroup(title: "Served model (instead of --model)") var served: ServedModelOptions
    @Option(
        help: ArgumentHelp(
            "Instead of sampling, merge these shards of one run (repeat) into the bytes the unsharded run writes.", valueName: "shard"))
    var merge: [String] = []

    static func main() { runAsTool() }

    func validate() throws {
        guard Shard(parsing: shard) != nil else { throw ValidationError("--shard must be K/N with 0 ≤ K < N, got \(shard)") }
        guard template.contains("{question}") else { throw ValidationError("--template must contain {question}") }
        // The paper takes 32 samples per problem; 4096 is far past any use and still bounded.
        try FlagRange.require("samples", samplesPerProblem, in: 0...4096)
        try FlagRange.require("open-samples", samplesPerOpenPrompt, in: 0...4096)
        if !merge.isEmpty {
            guard model == nil && !served.isGiven else { throw ValidationError("--merge takes the shards' samples; give no model") }
            return
        }
        guard (model != nil) != served.isGiven else {
            throw ValidationError("give the model to sample from: --model FILE, or a served model with --base-url and --served-model")
        }
    }

    func run() throws {
        if !merge.isEmpty {
            let hash = try SampleShards.merge(merge, problems: problems).write(to: ArtifactDestination(stage.output))
            StandardError.write("mmpr-sample: merged \(merge.count) shards → \(stage.output) (\(hash))\n")
            return
        }
        var plan = SamplingPlan()
        plan.samplesPerProblem = samplesPerProblem
        plan.samplesPerOpenPrompt = samplesPerOpenPrompt
        plan.settings = SamplingSettings(
            temperature: sampling.temperature, topK: sampling.topK, topP: sampling.topP, maxNewTokens: sampling.maxNewTokens,
            seed: sampling.seed)
        plan.template = template
        plan.shard = Shard(parsing: shard)!
        plan.batchSize = sampling.batchSize
        var parameters = plan.json
        parameters["splits"] = .string(splits)
        parameters["shard"] = .string(shard)
        if let name = served.servedModel { parameters["served_model"] = .string(name) }
        let client = try served.client()
        try StageRun.perform(
            "mmpr-sample", parameters: parameters,
            inputs: [StageInput("problems", problems)] + (model.map { [StageInput("model", $0)] } ?? []), options: stage,
            threads: threads, unkeyed: ["batch_size"]
        ) { run in
            let wanted = Set(splits.split(separator: ",").map { String($0) })
            let contents = try ProblemArtifact.read(path: problems) { _ in true }
            let records = contents.records.filter { wanted.contains($0.split) }
            guard !records.isEmpty else { throw InputError("\(problems): no records in split(s) \(splits)") }
            var samples: [SampleRecord]
            var environment: JSONObject = [:]
            if let client {
                var progress: ProgressReporter?
                let served = try ServedSampling.run(records: records, images: contents.images, client: client, plan: plan) { done, total in
                    if progress == nil { progress = ProgressReporter(label: "mmpr-sample", total: total, unit: "samples") }
                    progress?.update(done, detail: "shard \(shard), from \(client.model.name)")
                }
                samples = served.samples
                environment = served.environment
            } else {
                let policy = try ModelArtifact.load(path: model!)
                let progress = ProgressReporter(label: "mmpr-sample", total: records.count, unit: "problems")
                samples = try SampleStage.run(records: records, images: contents.images, model: policy, plan: plan) { done, total in
                    progress.update(done, detail: "shard \(shard), \(total) problems in it")
                }
            }
            let writer = run.writer(kind: "samples", stats: SampleShards.statistics(of: samples))
            for (key, value) in environment { writer.manifest.environment[key] = value }
            try writer.add("records.jsonl", bytes: JSONLines.encode(samples.map(\.json)))
            return (writer, "\(samples.count) samples")
        }
    }
}
