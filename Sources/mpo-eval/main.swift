// mpo-eval: scoring model outputs (MathVista-exact) and checking our answer extraction.
// Argument parsing only; the work is in the Answers module.
import ArgumentParser
import ToolSupport

struct MPOEval: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mpo-eval",
        abstract: "Score model outputs the way the official benchmark scripts do.",
        subcommands: [Score.self, ExtractAgreement.self, Run.self, Grounding.self, Report.self])
}

MPOEval.runAsTool()
