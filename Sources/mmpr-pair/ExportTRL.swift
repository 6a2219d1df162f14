import ArgumentParser
import Preference
import ToolSupport

extension MMPRPair {
    struct ExportTRL: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export-trl",
            abstract: "Write a pairs artifact in TRL's conversational vision preference format.",
            discussion: """
                DIR/pairs.jsonl, one pair a line: "images" (a list of paths), "prompt" (the user \
                message: an image part and the question), "chosen" and "rejected" (one assistant \
                message each), plus pid, source and pair_type; and DIR/images/…. Image paths are \
                relative to --base-dir (default: DIR), the folder you load the dataset from.

                TRL's DPOTrainer trains it as MPO with loss_type ["sigmoid", "bco_pair", "sft"] \
                and loss_weights [0.8, 0.2, 1.0]; docs/export.md shows the loading code.
                """)

        @OptionGroup var export: ExportOptions

        func run() throws {
            let artifact = try PairsArtifact(reading: export.pairs)
            let lines = try TRLExport.write(
                pairs: artifact.pairs, images: artifact.images, to: export.directory, baseDirectory: export.baseDir)
            StandardError.write("mmpr-pair: wrote \(lines) pairs to \(export.directory)/\(TRLExport.fileName)\n")
        }
    }
}
