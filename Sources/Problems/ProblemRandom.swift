// The generator's randomness: SplitMix64 started from a hash of (seed, split, index, attempt),
// so every problem's draws are fixed by its key alone — the same in any order, on any thread,
// and unchanged when other splits grow or shrink.
public struct ProblemRandom {
    private var state: UInt64

    public init(seed: UInt64, split: String, index: Int, attempt: Int = 0) {
        // FNV-1a over the split name, then SplitMix64's finaliser over each part in turn.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in split.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        state = seed
        for part in [hash, UInt64(index), UInt64(attempt)] { state = Self.mix(state ^ part &+ 0x9e37_79b9_7f4a_7c15) }
    }

    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        return Self.mix(state)
    }

    /// Uniform in `range` (modulo bias is below 2⁻⁵⁰ for the small ranges used here).
    public mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    public mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

    /// `count` distinct items of `items`, in drawn order.
    public mutating func sample<T>(_ items: [T], _ count: Int) -> [T] {
        var pool = items, drawn: [T] = []
        for _ in 0..<count { drawn.append(pool.remove(at: int(0...(pool.count - 1)))) }
        return drawn
    }

    public mutating func shuffled<T>(_ items: [T]) -> [T] { sample(items, items.count) }
}
