import ArgumentParser
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

        @OptionGroup var export: ExportOptions

        @Option(help: "The dataset name that prefixes every subset.")
        var dataset: String = "mmpr_synth"

        func run() throws {
            let artifact = try PairsArtifact(reading: export.pairs)
            let written = try InternVLExport.write(
                pairs: artifact.pairs, images: artifact.images, to: export.directory, dataset: dataset, baseDirectory: export.baseDir)
            for (subset, length) in written { StandardError.write("mmpr-pair: \(subset): \(length) pairs\n") }
            StandardError.write("mmpr-pair: wrote \(export.directory)/meta.json\n")
        }
    }
}
