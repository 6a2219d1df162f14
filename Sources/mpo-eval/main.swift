// mpo-eval: scoring model outputs (MathVista-exact) and checking our answer extraction.
// Argument parsing only; the work is in the Evaluation and Answers modules.
import ArgumentParser
import ToolSupport

struct MPOEval: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mpo-eval",
        abstract: "Score model outputs the way the official benchmark scripts do.",
        discussion: """
              mpo-eval run --model sft.mmpr --problems p.mmpr -o eval.mmpr
              mpo-eval grounding --model sft.mmpr --problems p.mmpr -o ground.mmpr
              mpo-eval describe --model sft.mmpr --problems fresh.mmpr -o describe.mmpr
              mpo-eval score --outputs output_bard.json --annotations testmini.json
              mpo-eval report --row 'M0=sft.mmpr,eval.mmpr' -o REPORT.md

            \(ExitStatus.help)
            """,
        version: ToolkitVersion.current,
        subcommands: [Score.self, ExtractAgreement.self, Run.self, Grounding.self, Describe.self, Report.self])
}

MPOEval.runAsTool()
