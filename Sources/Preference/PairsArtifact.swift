// A `pairs` artifact read whole: its records as PairRecords and the images they name, each
// present (an artifact that names an image it lacks is refused, naming the entry).
import Artifacts
import JSON

public struct PairsArtifact {
    public var pairs: [PairRecord]
    /// Image bytes by entry name (`images/…`), for every image a pair names.
    public var images: [String: [UInt8]]

    public init(reading path: String) throws {
        let (manifest, entries) = try ArtifactReader.entries(in: path) { _ in true }
        guard manifest.kind == "pairs" else { throw ArtifactError(file: path, "is a '\(manifest.kind)' artifact; expected 'pairs'") }
        let records = try JSONLines.decode(entries["records.jsonl"] ?? [], file: path, entry: "records.jsonl")
        pairs = try records.enumerated().map { index, json in
            try PairRecord(json: json, line: "\(path): records.jsonl line \(index + 1)")
        }
        images = [:]
        for name in pairs.compactMap(\.image) where images[name] == nil {
            guard let bytes = entries[name] else {
                throw ArtifactError(file: path, entry: name, "a pair needs this image but the artifact lacks it")
            }
            images[name] = bytes
        }
    }
}
