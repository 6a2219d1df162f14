// `mmpr-synth export-mathvista`: a split in MathVista's own layout — `testmini.json` (an object
// keyed by pid, MathVista's fields only, Python's json.dump layout) and `images/` — so the
// official evaluation scripts run on it unchanged. Images are copied as they are, or re-encoded
// as JPEG (`images/<name>.jpg`) as the real release ships most of them.
import Artifacts
import Foundation
import JSON

public enum MathVistaExport {
    public static let fields = [
        "question", "image", "choices", "unit", "precision", "answer", "question_type", "answer_type", "pid", "metadata",
    ]

    /// How the images are written.
    public enum ImageFormat: Equatable, Sendable {
        /// The bytes the artifact holds, under their own names.
        case original
        /// Decoded and encoded as JPEG at this quality (1–100), the extension changed to `.jpg`.
        case jpeg(quality: Int)
    }

    /// The annotation document for `records` (in their order), each record's `image` field
    /// replaced by `imagePaths[pid]` when given.
    public static func annotations(_ records: [ProblemRecord], imagePaths: [String: String] = [:]) -> JSONValue {
        .object(
            JSONObject(
                records.map { record in
                    let fields = fields.compactMap { key -> (String, JSONValue)? in
                        if key == "image", let path = imagePaths[record.pid] { return (key, .string(path)) }
                        return record.json[key].map { (key, $0) }
                    }
                    return (record.pid, .object(JSONObject(fields)))
                }))
    }

    /// `images/12.png` → `images/12.jpg`.
    static func jpegName(_ name: String) -> String { (name as NSString).deletingPathExtension + ".jpg" }

    /// Writes `directory/<name>.json` and every image the records name; the folder may exist (other
    /// splits in it are kept). All files appear together or, after a failure, none does.
    public static func write(
        _ records: [ProblemRecord], images: [String: [UInt8]], to directory: String, name: String, format: ImageFormat = .original
    ) throws {
        let folder = try StagedFolder(directory)
        do {
            var imagePaths: [String: String] = [:], written: Set<String> = []
            for record in records {
                guard let bytes = images[record.image] else { throw RecordError("pid \(record.pid): no image \(record.image) to export") }
                switch format {
                case .original:
                    if written.insert(record.image).inserted { try folder.write(bytes, to: record.image) }
                case .jpeg(let quality):
                    let path = jpegName(record.image)
                    imagePaths[record.pid] = path
                    if written.insert(path).inserted {
                        do {
                            try folder.write(try JPEGCodec.encode(try ImageCodec.decode(bytes), quality: quality), to: path)
                        } catch let error as PNGError {
                            throw RecordError("pid \(record.pid): image \(record.image): \(error)")
                        }
                    }
                }
            }
            let document = annotations(records, imagePaths: imagePaths)
            try folder.write(Array((JSONWriter.python(indent: 4).string(document) + "\n").utf8), to: "\(name).json")
            try folder.commit()
        } catch {
            folder.abandon()
            throw error
        }
    }
}
