import Artifacts
import ArgumentParser
import JSON

extension MMPRArt {
    struct ShowManifest: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "manifest",
            abstract: "Print an artifact's manifest as indented JSON.")

        @Argument(help: "The artifact ('-' for standard input).")
        var file: String

        func run() throws {
            print(JSONWriter.pretty.string(try ArtifactReader(path: file).manifest.json))
        }
    }
}
