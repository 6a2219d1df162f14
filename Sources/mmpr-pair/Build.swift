import ArgumentParser
import Artifacts
import JSON
import Preference
import ToolSupport

extension MMPRPair {
    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Judge samples and build the pairs artifact (records.jsonl + the images the pairs use).")

        @Option(help: "The problems artifact the samples answer (for its images).")
        var problems: String

        @Option(help: "A samples artifact; repeat for shards (any split gives the same output bytes).")
        var samples: [String] = []

        @Option(help: "A DropoutNTP (ntp) artifact; repeat for shards.")
        var ntp: [String] = []

        @Option(help: "At most this many pairs per question (the paper: 15).")
        var maxPairsPerQuestion: Int = 15

        @Option(help: "Seed of the draw of pairs when a question has more than the cap.")
        var seed: UInt64 = 0

        @OptionGroup var stage: StageOptions

        func validate() throws {
            guard !samples.isEmpty || !ntp.isEmpty else { throw ValidationError("give at least one --samples or --ntp artifact") }
            try FlagRange.require("max-pairs-per-question", maxPairsPerQuestion, in: 1...1_000_000)
        }

        func run() throws {
            let parameters: JSONObject = [
                "max_pairs_per_question": .integer(Int64(maxPairsPerQuestion)), "seed": .integer(Int64(bitPattern: seed)),
            ]
            let inputs = [StageInput("problems", problems)] + samples.map { StageInput("samples", $0) } + ntp.map { StageInput("ntp", $0) }
            try StageRun.perform("mmpr-pair", parameters: parameters, inputs: inputs, options: stage) { run in
                let pairStage = PairStage(builder: PairBuilder(maxPairsPerKey: maxPairsPerQuestion, seed: seed), tool: run.manifestTool)
                let writer = try pairStage.run(problems: problems, samples: samples, ntp: ntp)
                return (writer, "\(writer.manifest.stats["pairs"]?.integerValue ?? 0) pairs")
            }
        }
    }
}
