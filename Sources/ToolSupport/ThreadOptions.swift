// `--threads N` for every tool that computes: parsed here, applied by the tool through
// TensorCore's ComputeThreads (which also reads MPO_THREADS when the flag is absent).
import ArgumentParser

public struct ThreadOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Worker threads (default: $MPO_THREADS, else the number of cores).",
            discussion: "Results are bit-identical for any thread count.", valueName: "n"))
    public var threads: Int?

    public init() {}

    public func validate() throws {
        if let threads { try FlagRange.require("threads", threads, in: 1...1024) }
    }
}
