// records.jsonl, the payload most artifacts carry: one canonical JSON object a line. Reading
// names the artifact, the entry and the line of any malformed record.
import JSON

public enum JSONLines {
    /// Canonical lines (keys sorted, one object a line, each ending in a newline).
    public static func encode(_ records: [JSONValue]) -> [UInt8] {
        var bytes: [UInt8] = []
        for record in records {
            bytes += JSONWriter.canonical.bytes(record)
            bytes.append(0x0A)
        }
        return bytes
    }

    /// Parses every line of `bytes`; `file` and `entry` name the source in errors.
    public static func decode(_ bytes: [UInt8], file: String, entry: String?) throws -> [JSONValue] {
        var records: [JSONValue] = []
        var lineNumber = 0
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.isEmpty { continue }
            do {
                let value = try JSONValue(parsing: line)
                guard case .object = value else {
                    throw ArtifactError(file: file, entry: entry, "line \(lineNumber): expected a JSON object")
                }
                records.append(value)
            } catch let error as JSONParseError {
                throw ArtifactError(file: file, entry: entry, "line \(lineNumber): \(error.message) (column \(error.column))")
            }
        }
        return records
    }
}
