// `mpo-eval score`: an official-format MathVista scores file from annotations + outputs.
import Answers
import Evaluation
import ArgumentParser
import Artifacts
import Foundation
import Serving
import ToolSupport

extension ExtractionSource: ExpressibleByArgument {}
extension MathVistaVersion: ExpressibleByArgument {}
extension IntegerRule: ExpressibleByArgument {}

struct Score: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score a MathVista output file exactly as the official calculate_score.py does.",
        discussion: """
            Writes the scores file (JSON, indent 4, as published) to -o or standard output and a short \
            table to standard error. --format legacy (default) reproduces the published scores_*.json \
            (accuracies as percent strings); --format current writes today's fractions in [0, 1].
            --integer-rule legacy applies the older str(int(x)) rule ("3.4" predicts None) that eight \
            published score files were made with; docs/answers.md lists which.
            """)

    @Option(help: "The annotations (MathVista testmini.json).")
    var annotations: String

    @Option(help: "The model output file (output_<model>.json: records keyed by pid).")
    var outputs: String

    @Option(help: "Where each record's extraction comes from: field (stored), rules (ours, from response), auto (stored if non-empty).")
    var extraction: ExtractionSource = .field

    @Option(help: "Scores file layout: legacy (published v1 files) or current (today's script).")
    var format: MathVistaVersion = .legacy

    @Flag(help: "Score an empty multi-choice extraction as wrong instead of the shortest option (current script's flag).")
    var ignoreEmptyExtractions = false

    @Option(help: "Integer items: current (str(int(float(x))), truncating) or legacy (str(int(x)): \"3.4\" predicts None).")
    var integerRule: IntegerRule = .current

    @Option(name: .shortAndLong, help: "Write the scores file here instead of standard output.")
    var output: String?

    @Option(help: "Also write per-pid {extraction, prediction, answer, true_false} here.")
    var predictions: String?

    @Flag(help: "With --extraction llm: the official script's opt-in rule (The answer is \"…\".) before asking the LLM.")
    var quickExtract = false

    @OptionGroup(title: "Served LLM (--extraction llm, and auto's fallback)")
    var served: ServedModelOptions

    func validate() throws {
        if extraction == .llm && !served.isGiven {
            throw ValidationError("--extraction llm needs a served model: --base-url URL --served-model NAME")
        }
    }

    func run() throws {
        let file = try MathVistaRecords.readOutputs(path: outputs, annotationsPath: annotations)
        var options = MathVistaScoringOptions(
            extraction: extraction, version: format, ignoreEmptyExtractions: ignoreEmptyExtractions, integerRule: integerRule)
        options.quickExtract = quickExtract
        if let client = try served.client() {
            options.llmReplies = try askForExtractions(file.outputs, client: client)
        }
        let scoring = MathVistaScoring(file.outputs, options: options)
        guard let scores = scoring.scoresText else {
            throw InputError("\(outputs): no records to score; expected an object of records keyed by pid")
        }
        for warning in scoring.warnings { StandardError.write("mpo-eval: warning: \(warning)\n") }
        if !file.unansweredPids.isEmpty {
            StandardError.write(
                "mpo-eval: warning: \(file.unansweredPids.count) annotated problems have no output record; the average is over \(scoring.items.count)\n"
            )
        }
        if let predictions { try writeAtomically(Array(scoring.predictionsText.utf8), to: predictions) }
        if let output {
            try writeAtomically(Array(scores.utf8), to: output)
        } else {
            print(scores)
        }
        StandardError.write(scoring.summaryTable(name: (outputs as NSString).lastPathComponent))
    }

    /// MathVista's extraction step on the served model for the records that need it, as the
    /// official script calls GPT-4: one user message, temperature 0, at most 1 024 tokens, the
    /// reply stripped. Replies come from the response cache when the same request was made before.
    private func askForExtractions(_ outputs: [MathVistaOutput], client: ChatCompletionClient) throws -> [String: String] {
        let queries = MathVistaScoring.llmQueries(outputs, extraction: extraction, quickExtract: quickExtract)
        guard !queries.isEmpty else { return [:] }
        let bodies = queries.map { query in
            ChatCompletionClient.body(
                model: client.model.name, content: [ChatContent.text(query.prompt)],
                parameters: ["temperature": .integer(0), "max_tokens": .integer(1024), "n": .integer(1)])
        }
        let progress = ProgressReporter(label: "mpo-eval score", total: bodies.count, unit: "extractions")
        let replies = try client.complete(bodies) { done, _ in progress.update(done) }
        return Dictionary(zip(queries, replies).map { ($0.pid, PythonNumbers.strip($1.text)) }, uniquingKeysWith: { first, _ in first })
    }
}
