import ArgumentParser
import Foundation
import Problems
import ToolSupport

extension MMPRSynth {
    struct ExportMathVista: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export-mathvista",
            abstract: "Write a split in MathVista's layout: DIR/<split>.json and DIR/images/.",
            discussion: """
                The annotation file keeps MathVista's fields only, keyed by pid, as the official \
                scripts read it. Images are copied as the artifact holds them, or with \
                --image-format jpeg re-encoded as JPEG (images/<name>.jpg, the "image" fields \
                following), as MathVista's release ships them.
                """)

        @Argument(help: "A problems artifact ('-' for stdin).") var problems: String
        @Argument(help: "The folder to write (created if missing).") var directory: String
        @Option(help: "The split to export.") var split: String = "testmini"
        @Option(help: "How images are written: original (as the artifact holds them) or jpeg.") var imageFormat: ImageFormatName = .original
        @Option(help: "The JPEG quality, 1–100 (with --image-format jpeg).") var jpegQuality: Int = 90

        enum ImageFormatName: String, ExpressibleByArgument, CaseIterable { case original, jpeg }

        func validate() throws {
            try FlagRange.require("jpeg-quality", jpegQuality, in: 1...100)
        }

        func run() throws {
            let contents = try ProblemArtifact.read(path: problems) { $0.hasPrefix("images/") }
            let records = contents.records.filter { $0.split == split }
            guard !records.isEmpty else { throw InputError("\(problems): no records in split \(split)") }
            let format: MathVistaExport.ImageFormat = imageFormat == .jpeg ? .jpeg(quality: jpegQuality) : .original
            try MathVistaExport.write(records, images: contents.images, to: directory, name: split, format: format)
            StandardError.write("mmpr-synth export-mathvista: \(records.count) problems → \(directory)/\(split).json + images/\n")
        }
    }
}
