import ArgumentParser
import Artifacts
import Evaluation
import Foundation
import JSON
import Problems
import ToolSupport

extension MPOEval {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write REPORT.md and its SVG figures from the pipeline's scores and model artifacts.",
            discussion: """
                Each --row is LABEL=MODEL,TESTMINI_SCORES[,POPE_SCORES[,GROUNDING[,DESCRIPTIONS]]]: a model \
                artifact (its metrics.jsonl gives the training curves), the scores artifacts \
                `mpo-eval run` wrote for it, its `mpo-eval grounding` artifact and its `mpo-eval \
                describe` artifact (an empty field skips one). Rows labelled \
                "M0", "M0 + DPO", "M0 + MPO" and "M0 + MPO without DropoutNTP" are compared as the \
                paper does, each comparison paired on the same testmini problems (rows whose \
                problems differ are refused). --problems adds the blind baseline, --pairs the \
                preference data per family. Each --replicate is LABEL=MODEL,TESTMINI_SCORES: the \
                row's training run again with another data-order seed (refused when anything else \
                differs); the report then shows every seed and compares the seed-averaged outcomes. \
                --timings is a file of "stage<TAB>seconds[<TAB>threads]" \
                lines; --artifacts lists files whose hashes the report states.

                  mpo-eval report --row 'M0=sft.mmpr,eval-sft.mmpr,pope-sft.mmpr,grounding-sft.mmpr' \\
                    --row 'M0 + MPO=mpo.mmpr,eval-mpo.mmpr' --problems problems.mmpr -o REPORT.md
                """)

        @Option(
            help: "LABEL=MODEL,TESTMINI_SCORES[,POPE_SCORES[,GROUNDING[,DESCRIPTIONS]]]; repeat, in table order (an empty field skips it).")
        var row: [String] = []
        @Option(help: "LABEL=MODEL,TESTMINI_SCORES: the row LABEL's training with another data-order seed; repeat.")
        var replicate: [String] = []
        @Option(help: "The problems artifact the models were scored on: the report states its blind baseline.") var problems: String?
        @Option(help: "The pairs artifact (mmpr-pair build): the report tabulates its data per family.") var pairs: String?
        @Option(help: "The report's title.") var title: String = "MPO at toy scale"
        @Option(help: "A line of context for the report (sizes, seeds, deviations); repeat.") var note: [String] = []
        @Option(help: "stage<TAB>seconds[<TAB>threads] lines: the wall time of each stage.") var timings: String?
        @Option(help: "Artifacts whose hashes the report lists.") var artifacts: [String] = []
        @Option(name: [.short, .customLong("output")], help: "The Markdown file; figures are written beside it.") var output: String

        func validate() throws {
            guard !row.isEmpty else { throw ValidationError("give at least one --row") }
        }

        func run() throws {
            var rows = try row.map { text -> ReportRow in
                guard let equals = text.firstIndex(of: "=") else {
                    throw InputError("--row \(text): expected LABEL=MODEL,TESTMINI_SCORES[,POPE_SCORES[,GROUNDING[,DESCRIPTIONS]]]")
                }
                let paths = text[text.index(after: equals)...].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                guard (2...5).contains(paths.count), !paths[0].isEmpty, !paths[1].isEmpty else {
                    throw InputError("--row \(text): expected 2 to 5 comma-separated artifacts after '='")
                }
                func optional(_ index: Int) -> String? { paths.count > index && !paths[index].isEmpty ? paths[index] : nil }
                return try ReportRow.load(
                    label: String(text[..<equals]), model: paths[0], testmini: paths[1], pope: optional(2), grounding: optional(3),
                    descriptions: optional(4))
            }
            for text in replicate {
                let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
                let paths = parts.count == 2 ? parts[1].split(separator: ",").map(String.init) : []
                guard paths.count == 2 else { throw InputError("--replicate \(text): expected LABEL=MODEL,TESTMINI_SCORES") }
                guard let index = rows.firstIndex(where: { $0.label == parts[0] }) else {
                    throw InputError("--replicate \(text): no --row is labelled '\(parts[0])'")
                }
                try rows[index].addReplicate(model: paths[0], testmini: paths[1])
            }
            var seconds: [StageTimings.Entry] = []
            if let timings {
                guard let text = try? String(contentsOfFile: timings, encoding: .utf8) else {
                    throw InputError("\(timings): cannot read the timings file")
                }
                seconds = try StageTimings.parse(text, file: timings)
            }
            let hashes = try artifacts.map { (name: URL(fileURLWithPath: $0).lastPathComponent, hash: try ContentHash.ofFile($0)) }
            let blindRows = try problems.map { path in
                let rows = BlindBaseline.rows(try ProblemArtifact.read(path: path) { _ in false }.records)
                guard rows.contains(where: { $0.split == "testmini" }) else {
                    throw InputError("\(path): no testmini split for the blind baseline")
                }
                return rows
            }
            func blindBaseline(_ split: String) -> Double? {
                blindRows?.first { $0.split == split }.map { max($0.byQuestionText, $0.byTemplate) }
            }
            let preferenceData = try pairs.map { path -> JSONValue in
                let manifest = try ArtifactReader(path: path).manifest
                guard manifest.kind == "pairs", let sources = manifest.stats["by_source"] else {
                    throw ArtifactError(file: path, "expected a pairs artifact with by_source statistics (from mmpr-pair build)")
                }
                return sources
            }
            let report = Evaluation.Report(
                title: title, rows: rows, stageSeconds: seconds, artifacts: hashes, notes: note,
                preferenceData: preferenceData, blindBaseline: blindBaseline("testmini"), popeBlindBaseline: blindBaseline("pope"))
            // Comparisons are paired by problem: rows scored on other problems are refused here, before anything is written.
            do { _ = try report.pairedFindings() } catch { throw InputError("\(error)") }
            let (markdown, figures) = report.render()
            let folder = URL(fileURLWithPath: output).deletingLastPathComponent()
            for (name, svg) in figures { try writeAtomically(Array(svg.utf8), to: folder.appendingPathComponent(name).path) }
            try writeAtomically(Array((markdown + "\n").utf8), to: output)
            StandardError.write("mpo-eval report: \(rows.count) models → \(output) (+ \(figures.count) figures)\n")
        }
    }
}
