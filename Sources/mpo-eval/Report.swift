import ArgumentParser
import Artifacts
import Evaluation
import Foundation
import ToolSupport

extension MPOEval {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write REPORT.md and its SVG figures from the pipeline's scores and model artifacts.",
            discussion: """
                Each --row is LABEL=MODEL,TESTMINI_SCORES[,POPE_SCORES]: a model artifact (its \
                metrics.jsonl gives the training curves) and the scores artifacts `mpo-eval run` \
                wrote for it. Rows labelled "M0", "M0 + DPO" and "M0 + MPO" are compared as the \
                paper does. --timings is a file of "stage<TAB>seconds" lines; --artifacts lists \
                files whose hashes the report states.

                  mpo-eval report --row 'M0=sft.mmpr,eval-sft.mmpr,pope-sft.mmpr' \\
                    --row 'M0 + MPO=mpo.mmpr,eval-mpo.mmpr' -o REPORT.md
                """)

        @Option(help: "LABEL=MODEL,TESTMINI_SCORES[,POPE_SCORES]; repeat, in table order.") var row: [String] = []
        @Option(help: "The report's title.") var title: String = "MPO at toy scale"
        @Option(help: "A line of context for the report (sizes, seeds, deviations); repeat.") var note: [String] = []
        @Option(help: "stage<TAB>seconds lines: the wall time of each stage.") var timings: String?
        @Option(help: "Artifacts whose hashes the report lists.") var artifacts: [String] = []
        @Option(name: [.short, .customLong("output")], help: "The Markdown file; figures are written beside it.") var output: String

        func validate() throws {
            guard !row.isEmpty else { throw ValidationError("give at least one --row") }
        }

        func run() throws {
            let rows = try row.map { text -> ReportRow in
                guard let equals = text.firstIndex(of: "=") else { throw InputError("--row \(text): expected LABEL=MODEL,TESTMINI_SCORES[,POPE_SCORES]") }
                let paths = text[text.index(after: equals)...].split(separator: ",").map(String.init)
                guard paths.count == 2 || paths.count == 3 else { throw InputError("--row \(text): expected 2 or 3 comma-separated artifacts after '='") }
                return try ReportRow.load(label: String(text[..<equals]), model: paths[0], testmini: paths[1], pope: paths.count == 3 ? paths[2] : nil)
            }
            var seconds: [(stage: String, seconds: Double)] = []
            if let timings {
                guard let text = try? String(contentsOfFile: timings, encoding: .utf8) else { throw InputError("\(timings): cannot read the timings file") }
                for (index, line) in text.split(separator: "\n").enumerated() {
                    let fields = line.split(separator: "\t")
                    guard fields.count == 2, let value = Double(fields[1]) else { throw InputError("\(timings) line \(index + 1): expected stage<TAB>seconds") }
                    seconds.removeAll { $0.stage == String(fields[0]) }
                    seconds.append((String(fields[0]), value))
                }
            }
            let hashes = try artifacts.map { (name: URL(fileURLWithPath: $0).lastPathComponent, hash: try ContentHash.ofFile($0)) }
            let (markdown, figures) = Evaluation.Report(title: title, rows: rows, stageSeconds: seconds, artifacts: hashes, notes: note).render()
            let folder = URL(fileURLWithPath: output).deletingLastPathComponent()
            for (name, svg) in figures { try write(svg, to: folder.appendingPathComponent(name).path) }
            try write(markdown + "\n", to: output)
            StandardError.write("mpo-eval report: \(rows.count) models → \(output) (+ \(figures.count) figures)\n")
        }

        /// Temp file + rename, so a reader never sees half a report.
        private func write(_ text: String, to path: String) throws {
            let temporary = path + ".tmp"
            guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8)), rename(temporary, path) == 0 else {
                throw InputError("\(path): cannot write")
            }
        }
    }
}
