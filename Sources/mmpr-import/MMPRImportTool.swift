// mmpr-import: real data into the toolkit's artifacts (docs/import.md).
import ArgumentParser
import ToolSupport

@main
struct MMPRImportTool: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mmpr-import",
        abstract: "Import MathVista annotations, MMPR pairs or plain question files as artifacts.",
        discussion: """
              mmpr-import mathvista --annotations MathVista/testmini.json -o testmini.mmpr
              mmpr-import mmpr --meta MMPR/meta.json -o pairs.mmpr
              mmpr-import plain --jsonl questions.jsonl --split pref -o problems.mmpr

            Malformed input is named by file and line (or pid); exit status 2, nothing written.
            """,
        version: ToolkitVersion.current,
        subcommands: [MathVista.self, MMPR.self, Plain.self])

    static func main() { runAsTool() }
}

/// Reads a whole input file, or fails with one line naming it.
func contents(of path: String) throws -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else { throw InputError("\(path): cannot read") }
    return [UInt8](data)
}

import Foundation
