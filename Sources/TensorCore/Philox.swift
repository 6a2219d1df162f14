// Philox-4x32-10 (Salmon et al., SC'11 "Random123"): a counter-based generator. Any draw is a pure
// function of (seed, stream, counter), so a record's randomness is recomputed without the others.
import Foundation

/// A position in the Philox stream (seed, stream): block `counter` gives four 32-bit words.
/// Counter words are (counter low, counter high, stream low, stream high); the key is the seed.
/// Sequential draws advance through the words; `PhiloxGenerator(seed:stream:counter:)` jumps anywhere.
public struct PhiloxGenerator: RandomNumberGenerator, Sendable {
    public let seed: UInt64
    public let stream: UInt64
    /// The next block to generate.
    public private(set) var counter: UInt64
    private var words: SIMD4<UInt32> = .zero
    private var used = 4  // words of the current block already drawn

    public init(seed: UInt64, stream: UInt64 = 0, counter: UInt64 = 0) {
        self.seed = seed
        self.stream = stream
        self.counter = counter
    }

    /// The raw bijection: ten rounds of Philox-4x32 on `counter` under `key`.
    public static func block(counter: SIMD4<UInt32>, key: SIMD2<UInt32>) -> SIMD4<UInt32> {
        var c = counter, k = key
        for round in 0..<10 {
            if round > 0 { k &+= SIMD2(0x9E37_79B9, 0xBB67_AE85) }
            let p0 = UInt64(0xD251_1F53) * UInt64(c[0]), p1 = UInt64(0xCD9E_8D57) * UInt64(c[2])
            c = SIMD4(
                UInt32(truncatingIfNeeded: p1 >> 32) ^ c[1] ^ k[0], UInt32(truncatingIfNeeded: p1),
                UInt32(truncatingIfNeeded: p0 >> 32) ^ c[3] ^ k[1], UInt32(truncatingIfNeeded: p0))
        }
        return c
    }

    public mutating func nextUInt32() -> UInt32 {
        if used == 4 {
            words = Self.block(
                counter: SIMD4(
                    UInt32(truncatingIfNeeded: counter), UInt32(truncatingIfNeeded: counter >> 32),
                    UInt32(truncatingIfNeeded: stream), UInt32(truncatingIfNeeded: stream >> 32)),
                key: SIMD2(UInt32(truncatingIfNeeded: seed), UInt32(truncatingIfNeeded: seed >> 32)))
            counter &+= 1
            used = 0
        }
        defer { used += 1 }
        return words[used]
    }

    public mutating func next() -> UInt64 { UInt64(nextUInt32()) << 32 | UInt64(nextUInt32()) }

    /// Uniform in [0, 1) from the top 24 bits of one word (every value exactly representable).
    public mutating func uniformFloat() -> Float { Float(nextUInt32() >> 8) * 0x1p-24 }

    /// Uniform in [0, 1) from 53 bits of two words (27 + 26, as MT19937's genrand_res53).
    public mutating func uniformDouble() -> Double {
        let a = UInt64(nextUInt32() >> 5), b = UInt64(nextUInt32() >> 6)
        return Double(a << 26 | b) * 0x1p-53
    }

    /// Standard normal by Box–Muller from two uniform doubles (the sine partner is not kept, so
    /// every normal costs exactly four words and positions stay easy to compute).
    public mutating func normal() -> Double {
        let u1 = 1 - uniformDouble(), u2 = uniformDouble()  // u1 in (0, 1]: log is finite
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// A tensor of normals with the given standard deviation (e.g. weight initialisation).
    public mutating func normalTensor(_ shape: [Int], std: Float) -> Tensor {
        let t = Tensor(zeros: shape)
        for i in 0..<t.count { t.pointer[i] = Float(normal()) * std }
        return t
    }

    /// Draws an index from softmax(logits / temperature), restricted to the `topK` largest logits
    /// (0: all) and then to the smallest set of those whose probability reaches `topP`.
    /// Temperature 0 is greedy (the first maximum). Uses one uniform double.
    public mutating func categorical(logits: [Float], temperature: Double = 1, topK: Int = 0, topP: Double = 1) -> Int {
        precondition(!logits.isEmpty, "categorical: empty logits")
        if temperature == 0 { return logits.indices.max { logits[$0] < logits[$1] || (logits[$0] == logits[$1] && $0 > $1) }! }
        // Candidates by descending logit, ties by index, so the order is fully determined.
        var order = Array(logits.indices).sorted { logits[$0] > logits[$1] || (logits[$0] == logits[$1] && $0 < $1) }
        if topK > 0 { order = Array(order.prefix(topK)) }
        let top = Double(logits[order[0]])
        var weights = order.map { exp((Double(logits[$0]) - top) / temperature) }
        let total = weights.reduce(0, +)
        if topP < 1 {
            var cumulative = 0.0, keep = 0
            while keep < weights.count && cumulative < topP * total { cumulative += weights[keep]; keep += 1 }
            order = Array(order.prefix(keep))
            weights = Array(weights.prefix(keep))
        }
        let target = uniformDouble() * weights.reduce(0, +)
        var cumulative = 0.0
        for (index, weight) in zip(order, weights) {
            cumulative += weight
            if target < cumulative { return index }
        }
        return order.last!
    }
}
