// mmpr-import: real data into the toolkit's artifacts (docs/import.md).
import ArgumentParser
import Artifacts
import JSON
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

            Malformed input is named by file and line (or pid), and nothing is written.
            \(ExitStatus.help)
            """,
        version: ToolkitVersion.current,
        subcommands: [MathVista.self, MMPR.self, Plain.self])

    static func main() { runAsTool() }
}

/// The images an import packs, as one hash over their names and contents: they are inputs the
/// stage key must see (a changed image file must not be served from the cache), but not
/// artifacts of their own.
func imagesDigest(_ images: [String: [UInt8]]) -> JSONValue {
    var listing: [UInt8] = []
    for name in images.keys.sorted() { listing += Array("\(name)\t\(ContentHash.of(images[name]!))\n".utf8) }
    return .string(ContentHash.of(listing).description)
}

/// Reads a whole input file, or fails with one line naming it.
func contents(of path: String) throws -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else { throw InputError("\(path): cannot read") }
    return [UInt8](data)
}

/// A whole file as one JSON document; a syntax error names the file.
func json(of path: String) throws -> JSONValue {
    do { return try JSONValue(parsing: try contents(of: path)) } catch let error as JSONParseError {
        throw InputError("\(path): not valid JSON (\(error))")
    }
}

import Foundation
