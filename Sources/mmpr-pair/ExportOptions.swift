import ArgumentParser

/// What both exports take: the pairs, the folder to write, and the folder its paths are relative to.
struct ExportOptions: ParsableArguments {
    @Argument(help: "The pairs artifact ('-' for standard input).")
    var pairs: String

    @Argument(help: "The folder to write (created if missing).")
    var directory: String

    @Option(
        help: ArgumentHelp("The folder the trainer will run in; the export's paths are relative to it (default: DIR).", valueName: "dir"))
    var baseDir: String?
}
