import ArgumentParser
import Artifacts
import Foundation
import JSON
import Problems
import ToolSupport

extension MMPRImportTool {
    struct Plain: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "plain",
            abstract: "{\"image\", \"question\", \"answer\"} lines → a problems artifact for one split.",
            discussion: """
                Each line becomes a free-form problem: pid from "id" or "pid" (else the line \
                number), answer type inferred (integer; float with its decimals as precision; \
                text), metadata {split, source: the file's name}; other fields are kept. A line \
                without an answer is an open prompt. Images are read under --root (default: the \
                file's folder).
                """)

        @Option(help: "The jsonl file.") var jsonl: String
        @Option(help: "The split the records belong to (sft, pref, open, val, testmini, …).") var split: String
        @Option(help: "The folder image paths are relative to (default: the file's).") var root: String?
        @OptionGroup var stage: StageOptions

        func run() throws {
            let source = ((jsonl as NSString).lastPathComponent as NSString).deletingPathExtension
            let lines = try JSONLines.decode(try contents(of: jsonl), file: jsonl, entry: nil)
            let records = try lines.enumerated().map { try PlainImport.record($1, line: $0 + 1, file: jsonl, split: split, source: source) }
            guard !records.isEmpty else { throw InputError("\(jsonl): no records (an empty file); expected one JSON object per line") }
            let folder = root ?? (jsonl as NSString).deletingLastPathComponent
            let images = try ImageFolder(root: folder.isEmpty ? "." : folder).load(records.map(\.image), file: jsonl)
            try StageRun.perform(
                "mmpr-import plain", parameters: ["split": .string(split), "images_xxh3_128": imagesDigest(images)],
                inputs: [StageInput("jsonl", jsonl)], options: stage
            ) { run in
                let writer = try ProblemArtifact.writer(
                    records: records, images: images, tool: run.manifestTool, parameters: ["split": .string(split)],
                    stats: ["problems": .integer(Int64(records.count))])
                return (writer, "\(records.count) problems in split \(split)")
            }
        }
    }
}
