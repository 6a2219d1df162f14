// Choosing the next token: temperature, top-k, top-p or greedy, from a Philox stream keyed by
// (seed, record id, sample index) at counter = step, so a sample never depends on its batch.
import Foundation
import TensorCore

public struct SamplingSettings: Sendable, Equatable {
    public var temperature: Double
    /// 0: no top-k truncation.
    public var topK: Int
    /// 1: no nucleus truncation.
    public var topP: Double
    public var maxNewTokens: Int
    /// Always the most likely token (ties: the lowest id); ignores temperature, top-k, top-p.
    public var greedy: Bool
    public var seed: UInt64
    /// Keep going past <|im_end|> until maxNewTokens (benchmarks, like vLLM's ignore_eos).
    public var ignoreEndOfTurn: Bool

    public init(
        temperature: Double = 1, topK: Int = 0, topP: Double = 1, maxNewTokens: Int = 128, greedy: Bool = false, seed: UInt64 = 0,
        ignoreEndOfTurn: Bool = false
    ) {
        self.temperature = temperature
        self.topK = topK
        self.topP = topP
        self.maxNewTokens = maxNewTokens
        self.greedy = greedy
        self.seed = seed
        self.ignoreEndOfTurn = ignoreEndOfTurn
    }
}

struct Sampler {
    let settings: SamplingSettings

    /// The Philox stream of one sample: a stable hash of (record id, sample index).
    static func stream(recordID: String, sampleIndex: Int) -> UInt64 {
        stableHash("sample\u{0}\(recordID)\u{0}\(sampleIndex)")
    }

    /// Draws the token of decoding step `step` from logits [V] and returns it with its log-prob
    /// under the model itself (log-softmax at temperature 1, untruncated; in Double).
    func draw(_ logits: UnsafeBufferPointer<Float>, stream: UInt64, step: Int) -> (token: Int, logProb: Double) {
        var random = PhiloxGenerator(seed: settings.seed, stream: stream, counter: UInt64(step))
        let token = random.categorical(
            logits: Array(logits), temperature: settings.greedy ? 0 : settings.temperature,
            topK: settings.topK, topP: settings.topP)
        return (token, Sampler.logProb(logits, token))
    }

    /// log softmax(logits)[token], accumulated in Double.
    static func logProb(_ logits: UnsafeBufferPointer<Float>, _ token: Int) -> Double {
        let m = Double(logits.max()!)
        var total = 0.0
        for value in logits { total += exp(Double(value) - m) }
        return Double(logits[token]) - m - log(total)
    }
}
