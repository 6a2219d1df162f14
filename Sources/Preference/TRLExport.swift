// Writes pairs in TRL's conversational vision preference format, the input of its DPOTrainer
// (docs/export.md): DIR/pairs.jsonl, one pair a line, and DIR/images/…. A line is
//   {"images": ["images/p.png"],
//    "prompt":   [{"role": "user", "content": [{"type": "image"}, {"type": "text", "text": Q}]}],
//    "chosen":   [{"role": "assistant", "content": [{"type": "text", "text": C}]}],
//    "rejected": [{"role": "assistant", "content": [{"type": "text", "text": R}]}],
//    "pid": …, "source": …, "pair_type": …}
// An image-free pair has "images": [] and no image part. Image paths are relative to the base
// folder (default: the export folder), where `datasets` will take them from.
import Artifacts
import JSON

public enum TRLExport {
    /// The file of pairs inside the export folder.
    public static let fileName = "pairs.jsonl"

    /// One message: `role` and a content list of typed parts.
    static func message(_ role: String, image: Bool = false, text: String) -> JSONValue {
        let parts: [JSONValue] = (image ? [["type": "image"] as JSONValue] : []) + [["type": "text", "text": .string(text)]]
        return ["role": .string(role), "content": .array(parts)]
    }

    /// One line of the export; `imagePath` is the image as the loader will open it.
    public static func line(_ pair: PairRecord, imagePath: String?) -> JSONValue {
        [
            "images": .array(imagePath.map { [.string($0)] } ?? []),
            "prompt": [message("user", image: imagePath != nil, text: pair.question)],
            "chosen": [message("assistant", text: pair.chosen)],
            "rejected": [message("assistant", text: pair.rejected)],
            "pid": .string(pair.pid), "source": .string(pair.source), "pair_type": .string(pair.kind.rawValue),
        ]
    }

    /// Writes the export of `pairs` with their `images` (bytes by entry name); image paths are
    /// relative to `baseDirectory` (default: `directory`). Returns the number of lines.
    @discardableResult
    public static func write(pairs: [PairRecord], images: [String: [UInt8]], to directory: String, baseDirectory: String? = nil) throws
        -> Int
    {
        try ExportFolder.write(pairs: pairs, images: images, to: directory, baseDirectory: baseDirectory) { folder, root in
            let lines = pairs.map { pair in
                JSONWriter.canonical.string(line(pair, imagePath: pair.image.map { ExportFolder.path($0, root: root) })) + "\n"
            }
            try folder.write(Array(lines.joined().utf8), to: fileName)
            return pairs.count
        }
    }
}
