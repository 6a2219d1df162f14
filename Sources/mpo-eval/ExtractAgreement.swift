// `mpo-eval extract-agreement`: our rule-based extraction against the stored GPT-4 extraction.
import Answers
import Evaluation
import ArgumentParser
import Foundation
import ToolSupport

struct ExtractAgreement: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare our rule-based extraction with the stored (GPT-4) extraction, as a Markdown table.",
        discussion: """
            Agreement = both extractions give the same MathVista prediction after normalisation \
            (what decides the score); raw = the same string after strip; difference = accuracy \
            with our rules minus accuracy with the stored extraction, in points. One table per \
            file, then per answer type and per question type. Records without a stored extraction \
            are skipped.
            """)

    @Option(help: "The annotations (MathVista testmini.json).")
    var annotations: String

    @Option(help: "An output file with stored extractions; repeat for several models.")
    var outputs: [String]

    @Option(help: "Also list up to N disagreeing records per file on standard error.")
    var showDisagreements = 0

    func validate() throws {
        if outputs.isEmpty { throw ValidationError("give at least one --outputs file") }
    }

    func run() throws {
        var files: [(name: String, agreement: Evaluation.ExtractionAgreement)] = []
        for path in outputs {
            let file = try MathVistaRecords.readOutputs(path: path, annotationsPath: annotations)
            files.append(((path as NSString).lastPathComponent, Evaluation.ExtractionAgreement(file.outputs)))
        }
        let columns = "| records | agreement (prediction) | agreement (raw text) | accuracy, stored | accuracy, rules | difference |"
        let alignment = "|---:|---:|---:|---:|---:|---:|"
        var lines = ["| outputs " + columns, "|---" + alignment]
        for (name, agreement) in files { lines.append("| \(name) " + row(agreement.overall)) }
        for (title, groups) in [("answer type", \Evaluation.ExtractionAgreement.byAnswerType), ("question type", \.byQuestionType)] {
            lines += ["", "| outputs | \(title) " + columns, "|---|---" + alignment]
            for (name, agreement) in files {
                for group in agreement[keyPath: groups] { lines.append("| \(name) | \(group.name) " + row(group.tally)) }
            }
        }
        for (name, agreement) in files {
            for item in agreement.disagreements.prefix(showDisagreements) {
                StandardError.write("\(name) pid \(item.pid): stored \(debugQuoted(item.stored)) rules \(debugQuoted(item.rules))\n")
            }
        }
        print(lines.joined(separator: "\n"))
    }

    /// The table cells of one group, from "records" on.
    private func row(_ tally: Evaluation.ExtractionAgreement.Tally) -> String {
        let n = tally.records
        let difference = (tally.accuracyDifference >= 0 ? "+" : "") + PythonNumbers.fixed(tally.accuracyDifference, decimals: 1)
        return "| \(n) | \(rate(tally.samePrediction, n)) | \(rate(tally.sameText, n)) | \(rate(tally.correctWithStored, n)) | "
            + "\(rate(tally.correctWithRules, n)) | \(difference) |"
    }

    private func rate(_ count: Int, _ total: Int) -> String {
        total == 0 ? "–" : PythonNumbers.fixed(Double(count) / Double(total) * 100, decimals: 1) + " %"
    }

    private func debugQuoted(_ text: String) -> String { String(reflecting: String(text.prefix(80))) }
}
