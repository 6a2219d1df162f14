import Artifacts
import ArgumentParser

extension MMPRArt {
    struct Hash: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the XXH3-128 of files, exactly as 'xxhsum -H2' does.",
            discussion: "An artifact's hash is the hash of its bytes; this does not check its contents (see 'verify').")

        @Argument(help: "Files to hash ('-' for standard input).")
        var files: [String] = ["-"]

        func run() throws {
            for file in files {
                print("\(try ContentHash.ofFile(file))  \(file == "-" ? "stdin" : file)")
            }
        }
    }
}
