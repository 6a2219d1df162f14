import ArgumentParser
import Artifacts
import Foundation
import JSON
import Preference
import ToolSupport

extension MMPRImportTool {
    struct MMPR: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mmpr",
            abstract: "MMPR pairs (meta.json + one jsonl per subset) → a pairs artifact, images packed.",
            discussion: """
                meta.json maps each subset to {root, annotation, repeat_time, …}; relative paths are \
                taken from --base-dir (default: meta.json's folder). InternVL takes them from the \
                folder it runs in: for MMPR's release, whose paths start with the release's own \
                folder name, that is the folder above it. repeat_time < 1 keeps int(lines·r) lines drawn with \
                --seed; ≥ 1 repeats the lines int(r) times. The subset name gives the pair type \
                (…format… → format, …prefix_pair…/dropout/ntp → dropntp, else correctness) unless a \
                line says "pair_type". Fields our pairs do not carry are counted in the manifest.
                """)

        @Option(help: "The meta file.") var meta: String
        @Option(help: "Seed of the lines kept when repeat_time < 1.") var seed: UInt64 = 0
        @Option(help: ArgumentHelp("The folder relative paths are taken from (default: meta.json's).", valueName: "dir"))
        var baseDir: String?
        @OptionGroup var stage: StageOptions

        func run() throws {
            // The annotation files and images are read first: they are inputs the stage key must see.
            let result = try MMPRImport.read(meta: meta, seed: seed, baseDirectory: baseDir)
            // The key sees the content digests; the manifest records the seed only.
            let keyed: JSONObject = [
                "seed": .integer(Int64(bitPattern: seed)),
                "pairs_xxh3_128": .string(ContentHash.of(JSONLines.encode(result.pairs.map(\.json))).description),
                "images_xxh3_128": imagesDigest(result.images),
            ]
            try StageRun.perform("mmpr-import mmpr", parameters: keyed, inputs: [StageInput("meta", meta)], options: stage) { run in
                let writer = ArtifactWriter(
                    kind: "pairs", tool: run.manifestTool, parameters: ["seed": .integer(Int64(bitPattern: seed))],
                    stats: [
                        "pairs": .integer(Int64(result.pairs.count)),
                        "subsets": .object(
                            JSONObject(
                                result.subsets.map {
                                    ($0.name, ["lines": .integer(Int64($0.lines)), "pairs": .integer(Int64($0.pairs))] as JSONValue)
                                })),
                        "dropped_fields": .object(
                            JSONObject(result.droppedFields.sorted { $0.key < $1.key }.map { ($0.key, .integer(Int64($0.value))) })),
                    ])
                try writer.add("records.jsonl", bytes: JSONLines.encode(result.pairs.map(\.json)))
                for name in result.images.keys.sorted() { try writer.add(name, bytes: result.images[name]!) }
                return (writer, "\(result.pairs.count) pairs from \(result.subsets.count) subsets")
            }
        }
    }
}
