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
            guard maxPairsPerQuestion >= 1 else { throw ValidationError("--max-pairs-per-question must be at least 1") }
        }

        func run() throws {
            let parameters: JSONObject = ["max_pairs_per_question": .integer(Int64(maxPairsPerQuestion)), "seed": .integer(Int64(bitPattern: seed))]
            let inputs = [("problems", problems)] + samples.map { ("samples", $0) } + ntp.map { ("ntp", $0) }
            let run = try StageRun(tool: "mmpr-pair", parameters: parameters, inputs: inputs.map { (role: $0.0, path: $0.1) }, options: stage)
            if try run.reuseCachedOutput() { return }
            let pairStage = PairStage(
                builder: PairBuilder(maxPairsPerKey: maxPairsPerQuestion, seed: seed),
                tool: .init(name: "mmpr-pair", version: ToolkitVersion.current))
            let writer = try pairStage.run(problems: problems, samples: samples, ntp: ntp)
            let hash = try run.finish(writer)
            let count = writer.manifest.stats["pairs"]?.integerValue ?? 0
            StandardError.write("mmpr-pair: \(count) pairs → \(stage.output == "-" ? "stdout" : stage.output) (\(hash))\n")
        }
    }
}
