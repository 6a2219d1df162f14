// What a finished stage leaves behind to be recognised later (docs/pipeline.md, "Content-based
// rebuilds"): the key that made an output and the content hash of that output. The stage cache
// files one beside each entry (`<key>.key.json`); every stage output gets one beside it
// (`<output>.key.json`), so a stage whose output is still in place, unchanged, does not run again.
// The file is the key's JSON with one more field, `output_xxh3_128`.
import Foundation
import JSON

public struct StageRecord: Sendable {
    public let key: StageKey
    /// Nil in a record written before output hashes were recorded: such a record proves nothing
    /// about the bytes beside it.
    public let output: ContentHash?

    public init(key: StageKey, output: ContentHash?) {
        self.key = key
        self.output = output
    }

    /// The record at `path`, or nil when there is none or it cannot be read as one (then the
    /// stage simply runs).
    public static func read(path: String) -> StageRecord? {
        guard let bytes = FileManager.default.contents(atPath: path), let json = try? JSONValue(parsing: [UInt8](bytes)),
            let key = try? StageKey(json: json)
        else { return nil }
        return StageRecord(key: key, output: json["output_xxh3_128"]?.stringValue.flatMap(ContentHash.init(hex:)))
    }

    public func write(to path: String) throws {
        var json = key.json.objectValue ?? [:]
        if let output { json["output_xxh3_128"] = .string(output.description) }
        try writeAtomically(Array((JSONWriter.pretty.string(.object(json)) + "\n").utf8), to: path)
    }

    /// The hash of the output at `path` when it is exactly what this record says `key` made there:
    /// the record names `key` and an output hash, and the file's bytes hash to it.
    public func output(at path: String, madeBy key: StageKey) throws -> ContentHash? {
        guard self.key == key, let output, FileManager.default.fileExists(atPath: path), try ContentHash.ofFile(path) == output else {
            return nil
        }
        return output
    }
}
