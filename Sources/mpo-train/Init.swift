// `mpo-train init`: a randomly initialised model artifact from a preset and a seed; the same
// preset and seed always give the same bytes.
import Problems
import ArgumentParser
import Artifacts
import JSON
import Preference
import TensorCore
import ToolSupport
import VisionLanguage

extension MPOTrain {
    struct Init: ParsableCommand, ComputesOnTensorCore {
        static let configuration = CommandConfiguration(
            abstract: "Write a randomly initialised model artifact.",
            discussion: """
                Presets: tiny (tests, trains in seconds), small (the default recipe's), ref256 (the \
                PyTorch reference of make bench). Every parameter is drawn from a Philox stream keyed \
                by the seed and the parameter's name.
                """)

        @Option(help: "The model size: \(ModelConfig.presetNames.joined(separator: ", ")).")
        var preset: String = "small"

        @Option(help: "The initialisation seed.")
        var seed: UInt64 = 0

        @Option(
            help: ArgumentHelp(
                "Tokenizer phrases: prompts (the prompt templates' fixed text, one token each) or none (bytes only).",
                discussion: "The paper's CoT template is ~190 bytes; as a phrase it takes one position of the context."))
        var phrases: PhraseSet = .prompts

        enum PhraseSet: String, ExpressibleByArgument, CaseIterable {
            case prompts, none
            var list: [String] { self == .prompts ? PromptTemplates.tokenizerPhrases : [] }
        }

        @OptionGroup var stage: StageOptions
        @OptionGroup var threads: ThreadOptions

        func validate() throws {
            guard ModelConfig.presetNames.contains(preset) else {
                throw ValidationError("--preset must be one of \(ModelConfig.presetNames.joined(separator: ", ")), got \"\(preset)\"")
            }
        }

        func run() throws {
            let tokenizer = Tokenizer(phrases: phrases.list)
            let parameters: JSONObject = [
                "preset": .string(preset), "seed": .integer(Int64(bitPattern: seed)),
                "phrases": .array(tokenizer.phrases.map(JSONValue.string)),
            ]
            try StageRun.perform("mpo-train init", parameters: parameters, options: stage, threads: threads) { run in
                let config = ModelConfig.preset(preset, vocabularySize: tokenizer.vocabularySize)!
                let model = try VisionLanguageModel(config: config, tokenizer: tokenizer, seed: seed)
                // No environment: Philox draws the initial weights the same on every machine.
                let writer = ArtifactWriter(
                    kind: ModelArtifact.kind, tool: run.manifestTool, parameters: parameters, stats: ModelArtifact.stats(of: model))
                try ModelArtifact.addEntries(of: model, to: writer)
                return (writer, "\(preset) model, \(model.parameterCount) parameters, seed \(seed)")
            }
        }
    }
}
