import Artifacts
import ArgumentParser
import ToolSupport

extension MMPRArt {
    struct Cat: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write one entry of an artifact to standard output.",
            discussion: """
                The entry is streamed and checked against its hash as it goes; if the check fails \
                at the end, the command exits with status 2 (what was already written is corrupt).
                """)

        @Argument(help: "The entry's name, as 'ls' shows it (e.g. records.jsonl).")
        var entry: String

        @Argument(help: "The artifact ('-' for standard input).")
        var file: String

        func run() throws {
            let reader = try ArtifactReader(path: file)
            if entry == EntryName.manifest {
                try StandardOutput.write(String(decoding: reader.manifest.canonicalBytes, as: UTF8.self))
                return
            }
            guard reader.manifest.entries.contains(where: { $0.name == entry }) else {
                let names = reader.manifest.entries.map(\.name).prefix(8).joined(separator: ", ")
                throw InputError("\(reader.file): no entry '\(entry)' (it has: \(names)\(reader.manifest.entries.count > 8 ? ", …" : ""))")
            }
            while let next = try reader.nextEntry() {
                if next.name == entry {
                    try next.forEachChunk { try StandardOutput.write($0) }
                    return
                }
            }
        }
    }
}
