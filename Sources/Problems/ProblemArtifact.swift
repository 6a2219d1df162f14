// The `problems` artifact (docs/problems.md, "Records"; docs/artifacts.md): `records.jsonl`, one
// ProblemRecord per line in pid order as given, then every image the records name, as `images/…`
// entries in sorted order.
import Artifacts
import JSON

public struct ProblemArtifactContents {
    public var manifest: Manifest
    public var records: [ProblemRecord]
    /// PNG (or other image) bytes by entry name, for the images the reader was asked to keep.
    public var images: [String: [UInt8]]
}

public enum ProblemArtifact {
    public static let kind = "problems"

    /// A writer for `records` and their images; the caller adds parameters, inputs and stats and
    /// chooses the destination. Refuses a record whose image is missing, and an image no record
    /// names — unless `withImages` is false: an annotations-only artifact (for scoring), marked so
    /// in its stats (`images_included: false`).
    public static func writer(
        records: [ProblemRecord], images: [String: [UInt8]], tool: Manifest.Tool,
        parameters: JSONObject = [:], inputs: [Manifest.Input] = [], stats: JSONObject = [:], withImages: Bool = true
    ) throws -> ArtifactWriter {
        var seen = Set<String>()
        for record in records {
            guard seen.insert(record.pid).inserted else { throw RecordError("pid \(record.pid) appears twice") }
            guard !withImages || images[record.image] != nil else {
                throw RecordError("pid \(record.pid): its image \(record.image) was not provided")
            }
        }
        var stats = stats
        if !withImages {
            stats["images_included"] = false
            let writer = ArtifactWriter(kind: kind, tool: tool, parameters: parameters, inputs: inputs, stats: stats)
            try writer.add("records.jsonl", bytes: JSONLines.encode(records.map(\.json)))
            return writer
        }
        let named = Set(records.map(\.image))
        if let stray = images.keys.sorted().first(where: { !named.contains($0) }) {
            throw RecordError("image \(stray) is named by no record")
        }
        let writer = ArtifactWriter(kind: kind, tool: tool, parameters: parameters, inputs: inputs, stats: stats)
        try writer.add("records.jsonl", bytes: JSONLines.encode(records.map(\.json)))
        for name in named.sorted() { try writer.add(name, bytes: images[name]!) }
        return writer
    }

    /// Reads and verifies a problems artifact (a path, or "-" for stdin), keeping the images
    /// `keepImage` selects (by entry name). Every record is validated; errors name the line.
    public static func read(path: String, keepImage: (String) -> Bool) throws -> ProblemArtifactContents {
        let (manifest, entries) = try ArtifactReader.entries(in: path) { $0 == "records.jsonl" || keepImage($0) }
        let file = path == "-" ? "<stdin>" : path
        guard manifest.kind == kind else { throw ArtifactError(file: file, "is a '\(manifest.kind)' artifact; expected '\(kind)'") }
        guard let bytes = entries["records.jsonl"] else {
            throw ArtifactError(file: file, entry: "records.jsonl", "missing: a problems artifact holds its records there")
        }
        let records = try JSONLines.decode(bytes, file: file, entry: "records.jsonl").enumerated().map { index, json in
            try ProblemRecord(json: json, line: "\(file): records.jsonl line \(index + 1)")
        }
        let names = Set(manifest.entries.map(\.name))
        if manifest.stats["images_included"] != false, let record = records.first(where: { !names.contains($0.image) }) {
            throw ArtifactError(file: file, entry: record.image, "pid \(record.pid) names this image but the artifact has no such entry")
        }
        var images = entries
        images["records.jsonl"] = nil
        return ProblemArtifactContents(manifest: manifest, records: records, images: images)
    }
}
