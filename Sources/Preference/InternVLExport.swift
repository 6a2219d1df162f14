// Writes pairs in the layout InternVL's MPO trainer reads (docs/method.md, "InternVL data format"),
// one subset per pair type: DIR/annotations/<subset>.jsonl, DIR/images/…, and DIR/meta.json mapping
// each subset to {root, annotation, data_augment, repeat_time, length}.
//
// InternVL opens `annotation` and joins `root` with each line's image as they are, so relative
// paths are taken from the trainer's working directory. The paths are written relative to a base
// folder, the one the trainer will run in: by default the export folder itself, so the folder can
// be copied anywhere whole and trained from inside it.
import Artifacts
import Foundation
import JSON

public enum InternVLExport {
    /// The subset name of each pair type, after MMPR's own subset names.
    public static func subsetName(_ kind: PairRecord.Kind, dataset: String) -> String {
        switch kind {
        case .correctness: return "\(dataset)_pairs_vqa_correctness_rules"
        case .format: return "\(dataset)_pairs_vqa_format_rules"
        case .dropntp: return "\(dataset)_prefix_pair_sr0.5_wo_image"
        }
    }

    /// One annotation line: InternVL's fields (the question gets its `<image>\n` placeholder in
    /// front when there is an image), plus the pipeline's own for tracing.
    public static func annotation(_ pair: PairRecord) -> JSONValue {
        var object: JSONObject = [
            "question": .string(pair.image == nil ? pair.question : "<image>\n" + pair.question),
            "chosen": .string(pair.chosen), "rejected": .string(pair.rejected),
            "answer_gt": pair.answerGroundTruth.map(JSONValue.string) ?? .null,
            "pid": .string(pair.pid), "source": .string(pair.source), "pair_type": .string(pair.kind.rawValue),
            "chosen_meta": ["sample_index": .integer(Int64(pair.chosenSample))],
            "rejected_meta": ["sample_index": .integer(Int64(pair.rejectedSample))],
        ]
        if let image = pair.image { object["image"] = .string(image) }
        return .object(object)
    }

    /// Writes the export of `pairs` with their `images` (bytes by entry name). Returns the subsets
    /// written with their line counts. `directory` is made if missing; existing files are replaced.
    /// meta.json's paths are relative to `baseDirectory` (default: `directory`).
    @discardableResult
    public static func write(
        pairs: [PairRecord], images: [String: [UInt8]], to directory: String, dataset: String, baseDirectory: String? = nil
    ) throws -> [(subset: String, length: Int)] {
        try ExportFolder.write(pairs: pairs, images: images, to: directory, baseDirectory: baseDirectory) { folder, root in
            var written: [(subset: String, length: Int)] = []
            var meta = JSONObject()
            for kind in PairRecord.Kind.allCases {
                let subset = pairs.filter { $0.kind == kind }
                guard !subset.isEmpty else { continue }
                let name = subsetName(kind, dataset: dataset)
                let lines = subset.map { JSONWriter.canonical.string(annotation($0)) + "\n" }.joined()
                try folder.write(Array(lines.utf8), to: "annotations/\(name).jsonl")
                meta[name] = [
                    "root": .string(root + "/"), "annotation": .string(ExportFolder.path("annotations/\(name).jsonl", root: root)),
                    "data_augment": false, "repeat_time": .integer(1), "length": .integer(Int64(subset.count)),
                ]
                written.append((name, subset.count))
            }
            try folder.write(Array((JSONWriter.python(indent: 2).string(.object(meta)) + "\n").utf8), to: "meta.json")
            return written
        }
    }
}
