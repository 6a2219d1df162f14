// mmpr-synth: the synthetic MathVista-style benchmark (docs/problems.md).
import ArgumentParser
import ToolSupport

@main
struct MMPRSynth: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mmpr-synth",
        abstract: "Generate, inspect and export the synthetic MathVista-style benchmark.",
        discussion: """
            Problems in MathVista's schema over bar charts, line and function plots, geometry \
            diagrams, scenes of shapes and tables, rendered to 64×64 PNGs, with reference \
            solutions ending in "Final answer: X", open prompts, POPE probes and disjoint splits.

              mmpr-synth generate -o problems.mmpr
              mmpr-synth stats problems.mmpr
              mmpr-synth sheet problems.mmpr -o sheet.png
              mmpr-synth export-mathvista problems.mmpr --split testmini out/

            \(ExitStatus.help)
            """,
        version: ToolkitVersion.current,
        subcommands: [Generate.self, Stats.self, Sheet.self, ExportMathVista.self])

    static func main() { runAsTool() }
}
