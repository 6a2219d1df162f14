// mpo-train: make and train the embedded vision-language model (docs/model.md, docs/method.md).
import ArgumentParser
import ToolSupport

@main
struct MPOTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mpo-train",
        abstract: "Make and train the embedded vision-language model.",
        discussion: """
            Every command writes one model artifact (config.json, tokenizer.json, model.safetensors).

            \(ExitStatus.help)
            """,
        version: ToolkitVersion.current,
        subcommands: [Init.self, Fit.self, RefLogps.self]
    )

    static func main() { runAsTool() }
}
