// `mmpr-synth export-mathvista`: a split in MathVista's own layout — `testmini.json` (an object
// keyed by pid, MathVista's fields only, Python's json.dump layout) and `images/` — so the
// official evaluation scripts run on it unchanged.
import Artifacts
import Foundation
import JSON

public enum MathVistaExport {
    public static let fields = [
        "question", "image", "choices", "unit", "precision", "answer", "question_type", "answer_type", "pid", "metadata",
    ]

    /// The annotation document for `records` (in their order).
    public static func annotations(_ records: [ProblemRecord]) -> JSONValue {
        .object(
            JSONObject(
                records.map { record in
                    (record.pid, .object(JSONObject(fields.compactMap { key in record.json[key].map { (key, $0) } })))
                }))
    }

    /// Writes `directory/<name>.json` and every image the records name; the folder may exist.
    public static func write(_ records: [ProblemRecord], images: [String: [UInt8]], to directory: String, name: String) throws {
        let manager = FileManager.default
        for record in records {
            guard let bytes = images[record.image] else { throw RecordError("pid \(record.pid): no image \(record.image) to export") }
            let path = "\(directory)/\(record.image)"
            try manager.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try writeAtomically(bytes, to: path)
        }
        let text = JSONWriter.python(indent: 4).string(annotations(records)) + "\n"
        try writeAtomically(Array(text.utf8), to: "\(directory)/\(name).json")
    }
}
