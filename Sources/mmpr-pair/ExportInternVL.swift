import ArgumentParser
import Artifacts
import Preference
import ToolSupport

extension MMPRPair {
    struct ExportInternVL: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export-internvl",
            abstract: "Write a pairs artifact as InternVL's MPO trainer reads it.",
            discussion: """
                DIR/annotations/<dataset>_<subset>.jsonl (one subset per pair type: \
                pairs_vqa_correctness_rules, pairs_vqa_format_rules, prefix_pair_sr0.5_wo_image), \
                DIR/images/…, and DIR/meta.json with root, annotation, data_augment, repeat_time \
                and length per subset. Point InternVL's --meta_path at DIR/meta.json.

                InternVL takes meta.json's relative paths from the folder it runs in, so they are \
                written relative to --base-dir: by default DIR itself (copy DIR anywhere and train \
                from inside it); `--base-dir .` when the trainer will run where you run this.
                """)

        @Argument(help: "The pairs artifact ('-' for standard input).")
        var pairs: String

        @Argument(help: "The folder to write (created if missing).")
        var directory: String

        @Option(help: "The dataset name that prefixes every subset.")
        var dataset: String = "mmpr_synth"

        @Option(
            help: ArgumentHelp("The folder the trainer will run in; meta.json's paths are relative to it (default: DIR).", valueName: "dir")
        )
        var baseDir: String?

        func run() throws {
            let (manifest, entries) = try ArtifactReader.entries(in: pairs) { _ in true }
            guard manifest.kind == "pairs" else { throw InputError("\(pairs): is a '\(manifest.kind)' artifact; expected 'pairs'") }
            let records = try JSONLines.decode(entries["records.jsonl"] ?? [], file: pairs, entry: "records.jsonl")
            let pairRecords = try records.enumerated().map { index, json in
                try PairRecord(json: json, line: "\(pairs): records.jsonl line \(index + 1)")
            }
            let written = try InternVLExport.write(
                pairs: pairRecords,
                image: { name in
                    guard let bytes = entries[name] else {
                        throw InputError("\(pairs): a pair names image '\(name)', which the artifact does not hold")
                    }
                    return bytes
                },
                to: directory, dataset: dataset, baseDirectory: baseDir)
            for (subset, length) in written { StandardError.write("mmpr-pair: \(subset): \(length) pairs\n") }
            StandardError.write("mmpr-pair: wrote \(directory)/meta.json\n")
        }
    }
}
