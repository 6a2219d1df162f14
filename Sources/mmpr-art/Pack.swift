import Artifacts
import ArgumentParser
import ToolSupport

extension MMPRArt {
    struct Pack: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make an artifact from a folder: every file below it becomes an entry.",
            discussion: """
                Entries are named by their path relative to DIR and stored in byte order of those \
                names, so the same folder always packs to the same bytes. Symbolic links and a \
                top-level manifest.json are refused. Writes to standard output unless -o is given \
                (and refuses to write binary to a terminal).
                """)

        @Option(help: "The artifact kind to record (e.g. problems, pairs, model).")
        var kind: String

        @Option(name: [.short, .customLong("output")], help: "Write here (atomically) instead of standard output.")
        var output: String = "-"

        @Argument(help: "The folder to pack.")
        var directory: String

        func validate() throws {
            guard !kind.isEmpty, kind.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                throw ValidationError("--kind must be a non-empty word of letters, digits, '-' or '_'")
            }
        }

        func run() throws {
            let writer = try ArtifactWriter.packing(
                directory: directory, kind: kind, tool: .init(name: "mmpr-art pack", version: ToolkitVersion.current))
            let hash = try writer.write(to: ArtifactDestination(output))
            StandardError.write(
                "mmpr-art: packed \(writer.manifest.entries.count) files into \(output == "-" ? "stdout" : output) (\(hash))\n")
        }
    }
}
