// The sampling flags `mmpr-sample` and `mmpr-dropntp` share: the paper's defaults (temperature 1,
// top-k 50, top-p 1), the token budget, the seed that keys every sample's random stream, and the
// decoding batch (which changes speed and memory, never a sample).
import ArgumentParser

public struct SamplingOptions: ParsableArguments {
    @Option(help: "Sampling temperature.") public var temperature: Double = 1
    @Option(help: "Keep the k most likely tokens (0: all).") public var topK: Int = 50
    @Option(help: "Nucleus: the smallest set reaching this probability.") public var topP: Double = 1
    @Option(help: "Stop after this many new tokens.") public var maxNewTokens: Int = 96
    @Option(help: "The sampling seed.") public var seed: UInt64 = 0
    @Option(help: "Sequences decoded together (speed and memory only; samples do not change).") public var batchSize: Int = 16

    public init() {}

    public func validate() throws {
        try FlagRange.require("temperature", temperature, in: 0...100, lowerOpen: true)
        try FlagRange.require("top-k", topK, in: 0...(1 << 20))
        try FlagRange.require("top-p", topP, in: 0...1, lowerOpen: true)
        try FlagRange.require("max-new-tokens", maxNewTokens, in: 1...FlagRange.maxTokens)
        try FlagRange.require("batch-size", batchSize, in: 1...FlagRange.maxBatch)
    }
}
