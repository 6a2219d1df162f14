// mmpr-pair: the MMPR pair builder — sampled responses and DropoutNTP results in, preference pairs out.
import ArgumentParser
import ToolSupport

@main
struct MMPRPair: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mmpr-pair",
        abstract: "Build MMPR preference pairs from sampled responses (and DropoutNTP results).",
        discussion: """
            Correctness pairs: every sample of a question with a ground truth is judged correct, \
            wrong or unparseable from its "Final answer:"; each correct response is paired with each \
            wrong one (correctness pairs) and each unparseable one (format pairs), at most N per \
            question drawn with the seed. DropoutNTP pairs: the original response over its \
            image-free completion. Questions whose samples are all correct or all wrong give no pairs.

              mmpr-pair build --problems p.mmpr --samples s.mmpr --ntp n.mmpr -o pairs.mmpr
              mmpr-pair export-internvl pairs.mmpr out/   # annotations + meta.json
              mmpr-pair export-trl pairs.mmpr out/        # pairs.jsonl for TRL's DPOTrainer

            \(ExitStatus.help)
            """,
        version: ToolkitVersion.current,
        subcommands: [Build.self, ExportInternVL.self, ExportTRL.self],
        defaultSubcommand: Build.self
    )

    static func main() { runAsTool() }
}
