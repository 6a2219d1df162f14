import Artifacts
import ArgumentParser

extension MMPRArt {
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every rule and every hash of an artifact.",
            discussion: """
                Prints 'ok', the artifact's hash and the file on success (exit 0); one line naming \
                the file and entry that break a rule otherwise (exit 2). Checks: manifest first and \
                of a known version; every entry listed, in order, once, with a safe relative name, \
                a canonical header, the listed size and the listed XXH3-128; nothing missing; and \
                every other byte as the writer makes it: the manifest in canonical JSON, zero \
                padding, no extended headers beyond the writer's, the two end-of-archive blocks and \
                nothing after them.
                """)

        @Argument(help: "The artifact ('-' for standard input).")
        var file: String

        func run() throws {
            let reader = try ArtifactReader(path: file, canonical: true)
            let hash = try reader.verifyRemaining()
            print("ok  \(hash)  \(file == "-" ? "stdin" : file)  (\(reader.manifest.kind), \(reader.manifest.entries.count) entries)")
        }
    }
}
