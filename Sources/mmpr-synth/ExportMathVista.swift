import ArgumentParser
import Foundation
import Problems
import ToolSupport

extension MMPRSynth {
    struct ExportMathVista: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export-mathvista",
            abstract: "Write a split in MathVista's layout: DIR/<split>.json and DIR/images/.",
            discussion: "The annotation file keeps MathVista's fields only, keyed by pid, as the official scripts read it.")

        @Argument(help: "A problems artifact ('-' for stdin).") var problems: String
        @Argument(help: "The folder to write (created if missing).") var directory: String
        @Option(help: "The split to export.") var split: String = "testmini"

        func run() throws {
            let contents = try ProblemArtifact.read(path: problems) { $0.hasPrefix("images/") }
            let records = contents.records.filter { $0.split == split }
            guard !records.isEmpty else { throw InputError("\(problems): no records in split \(split)") }
            try MathVistaExport.write(records, images: contents.images, to: directory, name: split)
            StandardError.write("mmpr-synth export-mathvista: \(records.count) problems → \(directory)/\(split).json + images/\n")
        }
    }
}
