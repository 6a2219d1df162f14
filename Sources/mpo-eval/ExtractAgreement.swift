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
            (what decides the score); raw = the same string after strip. Records without a stored \
            extraction are skipped.
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
        var lines = [
            "| outputs | records | agreement (prediction) | agreement (raw text) | accuracy, stored extraction | accuracy, our rules |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for path in outputs {
            let file = try MathVistaRecords.readOutputs(path: path, annotationsPath: annotations)
            let agreement = Evaluation.ExtractionAgreement(file.outputs)
            let name = (path as NSString).lastPathComponent
            let n = agreement.records
            lines.append(
                "| \(name) | \(n) | \(rate(agreement.samePrediction, n)) | \(rate(agreement.sameText, n)) | \(rate(agreement.correctWithStored, n)) | \(rate(agreement.correctWithRules, n)) |"
            )
            for item in agreement.disagreements.prefix(showDisagreements) {
                StandardError.write("\(name) pid \(item.pid): stored \(debugQuoted(item.stored)) rules \(debugQuoted(item.rules))\n")
            }
        }
        print(lines.joined(separator: "\n"))
    }

    private func rate(_ count: Int, _ total: Int) -> String {
        total == 0 ? "–" : PythonNumbers.fixed(Double(count) / Double(total) * 100, decimals: 1) + " %"
    }

    private func debugQuoted(_ text: String) -> String { String(reflecting: String(text.prefix(80))) }
}
