import ArgumentParser
import Artifacts
import Foundation
import Problems
import ToolSupport

extension MMPRSynth {
    struct Sheet: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Render 16 random problems with their questions and answers into one PNG.")

        @Argument(help: "A problems artifact ('-' for stdin).") var problems: String
        @Option(help: "Which 16 (a seed).") var seed: UInt64 = 0
        @Option(help: "Only this split (default: all).") var split: String?
        @Option(name: [.short, .customLong("output")], help: "The PNG to write.") var output: String

        func run() throws {
            let contents = try ProblemArtifact.read(path: problems) { $0.hasPrefix("images/") }
            let pool = contents.records.filter { split == nil || $0.split == split }
            guard !pool.isEmpty else { throw InputError("\(problems): no records\(split.map { " in split \($0)" } ?? "")") }
            var random = ProblemRandom(seed: seed, split: "sheet", index: 0)
            let chosen = random.sample(pool, min(16, pool.count))
            var images: [String: RGBImage] = [:]
            for record in chosen { images[record.image] = try PNGCodec.decode(contents.images[record.image]!) }
            let png = try PNGCodec.encode(ContactSheet.render(chosen, images: images))
            try writeAtomically(png, to: output)
            StandardError.write("mmpr-synth sheet: \(chosen.count) problems → \(output)\n")
        }
    }
}
