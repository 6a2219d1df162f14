import Artifacts
import ArgumentParser

extension MMPRArt {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ls",
            abstract: "List the entries of an artifact with their sizes and hashes.",
            discussion: "Reads only the manifest; use 'verify' to check the contents against it.")

        @Argument(help: "The artifact ('-' for standard input).")
        var file: String

        func run() throws {
            let manifest = try ArtifactReader(path: file).manifest
            let total = manifest.entries.reduce(Int64(0)) { $0 + $1.size }
            print(
                "\(manifest.kind) artifact by \(manifest.tool.name) \(manifest.tool.version): \(manifest.entries.count) entries, \(total) bytes"
            )
            let width = manifest.entries.map { String($0.size).count }.max() ?? 1
            for entry in manifest.entries {
                let size = String(entry.size)
                print("\(String(repeating: " ", count: width - size.count))\(size)  \(entry.hash)  \(entry.name)")
            }
        }
    }
}
