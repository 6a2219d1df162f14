import ArgumentParser
import Artifacts
import JSON
import Problems
import ToolSupport

extension MMPRSynth {
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a problems artifact: every split, deterministic by seed.",
            discussion: """
                Splits: sft (training M0; one in ten is an open prompt with a reference \
                description), pref (problems whose samples become pairs), open (prompts without \
                answers, for DropoutNTP), val (tuning), testmini (the final table only), pope \
                (yes/no probes, balanced, random/popular/adversarial), perception (M0's first \
                lessons in looking: of every ten records, seven describe an image, two are a yes/no \
                existence pair about a shape scene, one asks for a description without the image), \
                described (sft's problems with the scene stated in words before the question and \
                no image, so the language model learns to reason over values it is given; none \
                unless asked for), reading (records of perception's kinds in quantity, drawn apart \
                from it, for lessons one layout at a time with `mpo-train fit --families`; none \
                unless asked for). \
                No testmini image or question text occurs in another split, and no POPE image in a \
                training split. The same seed and sizes give the same bytes on any \
                number of threads.
                """)

        @Option(help: "The data seed.") var seed: UInt64 = 1
        @Option(help: "Problems in the sft split.") var sft = SynthesisPlan.defaultSizes[0].count
        @Option(help: "Problems in the pref split.") var pref = SynthesisPlan.defaultSizes[1].count
        @Option(help: "Prompts in the open split.") var open = SynthesisPlan.defaultSizes[2].count
        @Option(help: "Problems in the val split.") var val = SynthesisPlan.defaultSizes[3].count
        @Option(help: "Problems in the testmini split.") var testmini = SynthesisPlan.defaultSizes[4].count
        @Option(help: "Probes in the pope split (rounded up to whole yes/no pairs).") var pope = SynthesisPlan.defaultSizes[5].count
        @Option(help: "Records in the perception split (descriptions and existence questions).") var perception =
            SynthesisPlan.defaultSizes[6].count
        @Option(help: "Problems in the described split (the scene in words, no image).") var described = 0
        @Option(help: "Records in the reading split (perception's kinds, for one-layout lessons).") var reading = 0
        @Option(help: "Image side in pixels (the models read 64).") var imageSize = 64
        @OptionGroup var stage: StageOptions
        @OptionGroup var threads: ThreadOptions

        /// Every split's size as given, in the order the artifact writes them.
        private var requestedSizes: [(split: String, count: Int)] {
            [
                ("sft", sft), ("pref", pref), ("open", open), ("val", val), ("testmini", testmini), ("pope", pope),
                ("perception", perception), ("described", described), ("reading", reading),
            ]
        }

        /// Splits that join the plan only when asked for, so that the parameters — and the stage
        /// keys and artifact bytes of a recipe without them — stay as they were.
        private static let optionalSplits: Set<String> = ["described", "reading"]

        func validate() throws {
            // A million problems per split is hours of generation and gigabytes of images: plenty.
            for (name, value) in requestedSizes { try FlagRange.require(name, value, in: 0...1_000_000) }
            guard (32...512).contains(imageSize) else { throw ValidationError("--image-size must be in 32...512, got \(imageSize)") }
        }

        func run() throws {
            var plan = SynthesisPlan()
            plan.seed = seed
            // POPE probes come in yes/no pairs: an odd size is rounded up.
            plan.sizes = requestedSizes.filter { !Self.optionalSplits.contains($0.split) || $0.count > 0 }
                .map { $0.split == "pope" ? ($0.split, $0.count + $0.count % 2) : $0 }
            plan.imageSize = imageSize
            plan.threads = threads.threads ?? 2
            try StageRun.perform("mmpr-synth generate", parameters: plan.json, options: stage) { run in
                let progress = ProgressReporter(label: "mmpr-synth", total: plan.sizes.map(\.count).reduce(0, +), unit: "problems")
                let (records, images) = try Synthesizer.generate(plan) { done, _ in progress.update(done) }
                var counts = JSONObject()
                for (split, _) in plan.sizes { counts[split] = .integer(Int64(records.filter { $0.split == split }.count)) }
                let writer = try ProblemArtifact.writer(
                    records: records, images: images, tool: run.manifestTool, parameters: plan.json,
                    stats: [
                        "problems": .integer(Int64(records.count)), "by_split": .object(counts),
                        "images": .integer(Int64(Set(records.map(\.image)).count)),
                    ])
                return (writer, "\(records.count) problems")
            }
        }
    }
}
