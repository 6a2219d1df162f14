// `mmpr-import mmpr`: MMPR's released pair data — `meta.json` (subset → root, annotation,
// repeat_time, …) and one pair `jsonl` per subset (docs/method.md, "InternVL data format";
// docs/import.md) — into one `pairs` artifact, images packed. The inverse of InternVLExport.
//
// repeat_time, as InternVL's build_datasets applies it: r < 1 keeps int(len·r) lines drawn with
// the import's seed (kept in file order); r ≥ 1 repeats the lines int(r) times; a subset without
// repeat_time is refused (InternVL raises KeyError). The `<image>` placeholder in front of a
// question is removed (our pairs keep the question without it; exports add it back).
import Artifacts
import Foundation
import JSON
import Problems

public enum MMPRImport {
    public struct Result {
        public var pairs: [PairRecord]
        /// Image bytes by entry name (`images/…`).
        public var images: [String: [UInt8]]
        /// Lines read and pairs kept per subset, in meta order.
        public var subsets: [(name: String, lines: Int, pairs: Int)]
        /// Fields our pair record does not carry, with how many lines had them.
        public var droppedFields: [String: Int]
    }

    /// The pair type a subset holds, from MMPR's subset naming.
    public static func kind(ofSubset name: String) -> PairRecord.Kind {
        let lowered = name.lowercased()
        if lowered.contains("format") { return .format }
        if lowered.contains("prefix_pair") || lowered.contains("dropout") || lowered.contains("ntp") { return .dropntp }
        return .correctness
    }

    /// The lines kept after `repeatTime`, as indices into the subset's lines.
    public static func repeated(count: Int, repeatTime: Double, seed: UInt64, subset: String) -> [Int] {
        if repeatTime < 1 {
            var random = ProblemRandom(seed: seed, split: "repeat_time:\(subset)", index: 0)
            return random.sample(Array(0..<count), Int(Double(count) * repeatTime)).sorted()
        }
        return (0..<Int(repeatTime)).flatMap { _ in Array(0..<count) }
    }

    static let knownFields: Set<String> = [
        "image", "question", "chosen", "rejected", "answer_gt", "pid", "source", "pair_type", "chosen_meta", "rejected_meta",
    ]

    /// Reads the subsets `path` names; relative `root` and `annotation` paths are taken from
    /// `baseDirectory` (InternVL takes them from its working directory), by default meta.json's folder.
    public static func read(meta path: String, seed: UInt64, baseDirectory: String? = nil) throws -> Result {
        guard let data = FileManager.default.contents(atPath: path) else { throw RecordError("\(path): cannot read") }
        let parsed: JSONValue
        do { parsed = try JSONValue(parsing: [UInt8](data)) } catch { throw RecordError("\(path): not valid JSON (\(error))") }
        guard case .object(let meta) = parsed else {
            throw RecordError("\(path): expected an object mapping subset names to {root, annotation, repeat_time}")
        }
        let folder = baseDirectory ?? (path as NSString).deletingLastPathComponent
        func resolve(_ file: String) -> String { file.hasPrefix("/") ? file : (folder as NSString).appendingPathComponent(file) }
        var result = Result(pairs: [], images: [:], subsets: [], droppedFields: [:])
        var missing: [String] = []
        // Which file each image entry holds: real MMPR has subsets whose roots differ but whose
        // images share names (AI2D/2.jpg, GeoQA/2.jpg); the second file gets an entry of its own
        // under its subset's name instead of silently reusing the first one's picture.
        var entrySource: [String: String] = [:]
        for (subset, spec) in meta {
            guard let annotation = spec["annotation"]?.stringValue, let root = spec["root"]?.stringValue else {
                throw RecordError("\(path): subset \(subset) needs \"root\" and \"annotation\"")
            }
            guard annotation.hasSuffix(".jsonl") else {
                throw RecordError("\(path): subset \(subset): the annotation must be a .jsonl file, got \(annotation)")
            }
            guard let repeatTime = spec["repeat_time"]?.doubleValue else {
                throw RecordError("\(path): subset \(subset) has no \"repeat_time\" (InternVL's trainer would stop with KeyError)")
            }
            guard repeatTime > 0 else { throw RecordError("\(path): subset \(subset): repeat_time must be positive") }
            let file = resolve(annotation)
            guard let bytes = FileManager.default.contents(atPath: file) else {
                let hint =
                    baseDirectory == nil && !annotation.hasPrefix("/")
                    ? " (relative paths are taken from meta.json's folder; InternVL takes them from the folder it runs in: pass that as --base-dir)"
                    : ""
                throw RecordError("\(path): subset \(subset): cannot read \(file)\(hint)")
            }
            let lines = try JSONLines.decode([UInt8](bytes), file: file, entry: nil)
            var pairs: [PairRecord] = [], copies: [Int: Int] = [:]
            for index in repeated(count: lines.count, repeatTime: repeatTime, seed: seed, subset: subset) {
                let copy = copies[index, default: 0]
                copies[index] = copy + 1
                var (pair, imagePath) = try self.pair(
                    lines[index], line: "\(file) line \(index + 1)", subset: subset, index: index, copy: copy)
                for key in lines[index].objectValue?.keys ?? [] where !knownFields.contains(key) {
                    result.droppedFields[key, default: 0] += 1
                }
                if let imagePath, var entry = pair.image {
                    let source = (resolve(root) as NSString).appendingPathComponent(imagePath)
                    if let owner = entrySource[entry], owner != source {
                        entry = "images/\(subset)/" + entry.dropFirst("images/".count)
                        pair.image = entry
                    }
                    entrySource[entry] = source
                    if result.images[entry] == nil {
                        if let data = FileManager.default.contents(atPath: source) {
                            result.images[entry] = [UInt8](data)
                        } else {
                            missing.append(source)
                        }
                    }
                }
                pairs.append(pair)
            }
            result.subsets.append((subset, lines.count, pairs.count))
            result.pairs += pairs
        }
        if !missing.isEmpty {
            throw RecordError(
                ImageFolder.missingMessage(Array(Set(missing)).sorted(), root: folder, file: path))
        }
        return result
    }

    /// One annotation line as our pair record, and the image path it names (relative to root).
    static func pair(_ json: JSONValue, line: String, subset: String, index: Int, copy: Int) throws -> (PairRecord, String?) {
        guard case .object(let object) = json else { throw RecordError("\(line): expected a JSON object") }
        func text(_ key: String) throws -> String {
            guard let value = object[key]?.stringValue else { throw RecordError("\(line): \"\(key)\" must be a string") }
            return value
        }
        let imagePath: String?
        switch object["image"] {
        case .string(let path)?: imagePath = path.isEmpty ? nil : path
        case .null?, nil: imagePath = nil
        case .array?: throw RecordError("\(line): multi-image pairs are not supported by the embedded model")
        default: throw RecordError("\(line): \"image\" must be a string")
        }
        var question = try text("question").trimmingCharacters(in: .whitespacesAndNewlines)
        if question.hasPrefix("<image>") {
            question = String(question.dropFirst("<image>".count)).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let kind = object["pair_type"]?.stringValue.flatMap(PairRecord.Kind.init(rawValue:)) ?? kind(ofSubset: subset)
        let basePid = object["pid"]?.stringValue ?? "\(subset):\(index + 1)"
        let entry = imagePath.map { "images/" + ($0.hasPrefix("images/") ? String($0.dropFirst("images/".count)) : $0) }
        let pair = PairRecord(
            kind: kind, pid: copy == 0 ? basePid : "\(basePid)#\(copy)", source: object["source"]?.stringValue ?? subset, image: entry,
            question: question, chosen: try text("chosen"), rejected: try text("rejected"),
            answerGroundTruth: object["answer_gt"]?.stringValue,
            chosenSample: Int(object["chosen_meta"]?["sample_index"]?.integerValue ?? 0),
            rejectedSample: Int(object["rejected_meta"]?["sample_index"]?.integerValue ?? 1))
        return (pair, imagePath)
    }
}
