// Whole-artifact reads for tools that need a few small entries: every entry is still streamed and
// verified, but only the ones asked for are kept in memory.
import JSON

extension ArtifactReader {
    /// Reads the artifact to its end, keeping the entries `keep` selects; verifies everything.
    public static func entries(in path: String, keeping keep: (String) -> Bool) throws -> (manifest: Manifest, entries: [String: [UInt8]]) {
        let reader = try ArtifactReader(path: path)
        var kept: [String: [UInt8]] = [:]
        while let entry = try reader.nextEntry() {
            if keep(entry.name) { kept[entry.name] = try entry.readAll() }
        }
        try reader.verifyRemaining()
        return (reader.manifest, kept)
    }

    /// The `records.jsonl` of an artifact of the expected kind, parsed line by line.
    public static func records(in path: String, kind: String) throws -> (manifest: Manifest, records: [JSONValue]) {
        let (manifest, entries) = try self.entries(in: path) { $0 == "records.jsonl" }
        let file = path == "-" ? "<stdin>" : path
        guard manifest.kind == kind else {
            throw ArtifactError(file: file, "is a '\(manifest.kind)' artifact; expected '\(kind)'")
        }
        guard let bytes = entries["records.jsonl"] else {
            throw ArtifactError(file: file, entry: "records.jsonl", "missing: a '\(kind)' artifact holds its records there")
        }
        return (manifest, try JSONLines.decode(bytes, file: file, entry: "records.jsonl"))
    }
}
