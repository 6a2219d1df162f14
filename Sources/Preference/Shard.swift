// `--shard K/N`: a fixed share of the work (items whose index ≡ K mod N). Every random draw is
// keyed by the item, never by its position in a shard, so shards merge into one run's output.

public struct Shard: Sendable, Equatable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    public static let whole = Shard(index: 0, count: 1)

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Parses "K/N" with 0 ≤ K < N.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1, (0..<count).contains(index) else {
            return nil
        }
        self.init(index: index, count: count)
    }

    public func contains(_ position: Int) -> Bool { position % count == index }
    public var description: String { "\(index)/\(count)" }
}
