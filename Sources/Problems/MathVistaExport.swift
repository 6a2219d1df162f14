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

    /// Writes `directory/<name>.json` and every image the records name; the folder may exist (other
    /// splits in it are kept). All files appear together or, after a failure, none does.
    public static func write(_ records: [ProblemRecord], images: [String: [UInt8]], to directory: String, name: String) throws {
        let folder = try StagedFolder(directory)
        do {
            for record in records {
                guard let bytes = images[record.image] else { throw RecordError("pid \(record.pid): no image \(record.image) to export") }
                try folder.write(bytes, to: record.image)
            }
            try folder.write(Array((JSONWriter.python(indent: 4).string(annotations(records)) + "\n").utf8), to: "\(name).json")
            try folder.commit()
        } catch {
            folder.abandon()
            throw error
        }
    }
}
