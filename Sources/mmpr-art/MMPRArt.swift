// mmpr-art: look into, check and make artifacts, as `tar` and `xxhsum` do for plain files.
import ArgumentParser
import ToolSupport

@main
struct MMPRArt: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mmpr-art",
        abstract: "Inspect, verify, hash and pack MMPR artifacts (content-hashed tar archives).",
        discussion: """
            An artifact is an uncompressed pax tar whose first entry, manifest.json, lists every \
            other entry with its size and XXH3-128 hash. Every FILE argument may be '-' for \
            standard input, so artifacts can be piped between tools:

              mmpr-art pack --kind problems my-data/ | mmpr-art verify -

            Exit status: 0 success, 2 bad usage or a malformed or corrupt artifact, 1 internal failure.
            """,
        version: ToolkitVersion.current,
        subcommands: [List.self, Cat.self, ShowManifest.self, Verify.self, Hash.self, Pack.self, Lock.self, CheckLock.self]
    )

    static func main() { runAsTool() }
}
