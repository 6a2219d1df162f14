// mmpr-dropntp: DropoutNTP rejected responses for open prompts (docs/method.md, "DropoutNTP").
import ArgumentParser
import Foundation
import Artifacts
import JSON
import Preference
import TensorCore
import ToolSupport
import VisionLanguage

@main
struct MMPRDropNTP: ParsableCommand, ComputesOnTensorCore {
    static let configuration = CommandConfiguration(
        commandName: "mmpr-dropntp",
        abstract: "Continue the first half of each open-prompt response without the image (DropoutNTP).",
        discussion: """
            Every open-prompt sample that ended on its own is a chosen response. Its first \
            ⌊ratio·n⌋ space-separated words are pre-filled into the assistant turn of a prompt from \
            which the image has been removed, and the same model writes the rest; rejected = prefix \
            + continuation. The pair builder (mmpr-pair --ntp) turns these into pairs.

              mmpr-dropntp --samples samples.mmpr --model sft.mmpr -o ntp.mmpr

            With --base-url and --served-model instead of --model, a served model continues: the \
            user turn without the image and the prefix as an assistant turn, with \
            continue_final_message (vLLM, SGLang); replies are cached (docs/serving.md).

            \(ExitStatus.help)
            """,
        version: ToolkitVersion.current)

    @Option(help: "The samples artifact (its open-prompt samples are used).") var samples: String
    @Option(help: "The model artifact that continues (the paper: the same M0 that sampled; or a served model: --base-url).")
    var model: String?
    @Option(help: "The problems the samples answer, for samples from elsewhere that leave out answer, image or source.")
    var problems: String?
    @Option(help: "Share of words kept as the prefix.") var dropoutRatio: Double = 0.5
    @Option(help: "Continuations per chosen response (each becomes a pair).") var continuations: Int = 1
    @Option(help: "Only chosen responses whose index is ≡ K mod N (K/N).") var shard: String = "0/1"
    @OptionGroup var sampling: SamplingOptions
    @OptionGroup var stage: StageOptions
    @OptionGroup var threads: ThreadOptions
    @OptionGroup(title: "Served model (instead of --model)") var served: ServedModelOptions
    @Option(
        help: ArgumentHelp(
            "With a served model: send /v1/completions prompts rendered from this template ({question}, {prefix}) instead of continue_final_message.",
            valueName: "file"))
    var completionsTemplate: String?

    static func main() { runAsTool() }

    func validate() throws {
        guard Shard(parsing: shard) != nil else { throw ValidationError("--shard must be K/N with 0 ≤ K < N, got \(shard)") }
        try FlagRange.require("dropout-ratio", dropoutRatio, in: 0...1)
        try FlagRange.require("continuations", continuations, in: 1...1024)
        guard (model != nil) != served.isGiven else {
            throw ValidationError("give the model that continues: --model FILE, or a served model with --base-url and --served-model")
        }
        if completionsTemplate != nil && !served.isGiven {
            throw ValidationError("--completions-template needs a served model (--base-url)")
        }
    }

    func run() throws {
        var plan = DropoutPlan()
        plan.dropoutRatio = dropoutRatio
        plan.continuations = continuations
        plan.settings = SamplingSettings(
            temperature: sampling.temperature, topK: sampling.topK, topP: sampling.topP, maxNewTokens: sampling.maxNewTokens,
            seed: sampling.seed)
        plan.shard = Shard(parsing: shard)!
        plan.batchSize = sampling.batchSize
        var parameters = plan.json
        parameters["shard"] = .string(shard)
        if let name = served.servedModel { parameters["served_model"] = .string(name) }
        let client = try served.client()
        var template: String?
        if let completionsTemplate {
            guard let text = FileManager.default.contents(atPath: completionsTemplate).map({ String(decoding: $0, as: UTF8.self) }) else {
                throw InputError("\(completionsTemplate): cannot read the completions template")
            }
            guard text.contains("{question}") && text.contains("{prefix}") else {
                throw InputError("\(completionsTemplate): the template must contain {question} and {prefix}")
            }
            template = text
            parameters["completions_template"] = .string(text)
        }
        try StageRun.perform(
            "mmpr-dropntp", parameters: parameters,
            inputs: [StageInput("samples", samples)] + (model.map { [StageInput("model", $0)] } ?? [])
                + (problems.map { [StageInput("problems", $0)] } ?? []),
            options: stage, threads: threads, unkeyed: ["batch_size"]
        ) { run in
            let (_, json) = try ArtifactReader.records(in: samples, kind: "samples")
            let sampleRecords = try SampleRecord.read(json, file: samples, problems: problems.map(ProblemIndex.init(path:)))
            let chosen = DropoutNTPStage.chosen(from: sampleRecords).count
            let records: [NTPRecord]
            var environment: JSONObject = [:]
            if let client {
                var progress: ProgressReporter?
                let served = try ServedDropoutNTP.run(samples: sampleRecords, client: client, plan: plan, completionsTemplate: template) {
                    done, total in
                    if progress == nil { progress = ProgressReporter(label: "mmpr-dropntp", total: total, unit: "continuations") }
                    progress?.update(done)
                }
                records = served.records
                environment = served.environment
            } else {
                let policy = try ModelArtifact.load(path: model!)
                let progress = ProgressReporter(label: "mmpr-dropntp", total: chosen, unit: "responses")
                records = try DropoutNTPStage.run(samples: sampleRecords, model: policy, plan: plan) { done, _ in progress.update(done) }
            }
            let writer = run.writer(
                kind: "ntp", stats: ["records": .integer(Int64(records.count)), "chosen_responses": .integer(Int64(chosen))])
            for (key, value) in environment { writer.manifest.environment[key] = value }
            try writer.add("records.jsonl", bytes: JSONLines.encode(records.map(\.json)))
            return (writer, "\(records.count) continuations")
        }
    }
}
