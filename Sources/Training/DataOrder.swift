// The order examples are visited in: a Philox permutation per epoch (stream = epoch), cut into
// batches that never mix examples with and without an image (the model's batch needs one layout).
// Any step's batch can be recomputed from (seed, step) alone, which is what makes resume exact.
//
// Grouped by length (Hugging Face's `group_by_length`): the permutation is cut into megabatches of
// `megabatchBatches` batches, each megabatch sorted longest first and cut into batches, and then
// the batches themselves are shuffled. Every batch is still a random draw from the epoch, but its
// members have about the same length, so little of a step's compute goes to right padding.
import TensorCore

public struct DataOrder: Sendable {
    /// Indices of the examples of every batch of one epoch, in order.
    public let batches: [[Int]]

    /// Batches per sorted megabatch when grouping by length (Hugging Face's `megabatch_mult`).
    public static let megabatchBatches = 50

    /// `hasImage[i]` says whether example i carries an image; `lengths[i]`, when given, its
    /// padded cost in tokens (then batches are grouped by length).
    public init(hasImage: [Bool], lengths: [Int]? = nil, batchSize: Int, seed: UInt64, epoch: Int) {
        precondition(lengths == nil || lengths!.count == hasImage.count, "DataOrder: one length per example")
        var generator = PhiloxGenerator(seed: seed, stream: UInt64(epoch))
        let order = Self.permutation(of: Array(hasImage.indices), with: &generator)
        guard let lengths else {
            self.batches = Self.batches(of: order, hasImage: hasImage, batchSize: batchSize)
            return
        }
        // Per kind: megabatches in permutation order, each sorted longest first (ties keep their
        // permuted order), cut into batches; full batches shuffled, the partial ones last.
        var full: [[Int]] = [], partial: [[Int]] = []
        for kind in [true, false] {
            let members = order.filter { hasImage[$0] == kind }
            let megabatch = batchSize * Self.megabatchBatches
            for start in stride(from: 0, to: members.count, by: megabatch) {
                let sorted = members[start..<min(start + megabatch, members.count)].enumerated()
                    .sorted { (lengths[$1.element], $0.offset) < (lengths[$0.element], $1.offset) }
                    .map(\.element)
                for first in stride(from: 0, to: sorted.count, by: batchSize) {
                    let batch = Array(sorted[first..<min(first + batchSize, sorted.count)])
                    if batch.count == batchSize { full.append(batch) } else { partial.append(batch) }
                }
            }
        }
        self.batches = Self.permutation(of: full, with: &generator) + partial
    }

    /// Fisher–Yates from the back, with our own draws (the standard library's shuffle is not
    /// promised to stay the same across Swift versions).
    private static func permutation<Element>(of elements: [Element], with generator: inout PhiloxGenerator) -> [Element] {
        var order = elements
        for position in stride(from: order.count - 1, to: 0, by: -1) {
            order.swapAt(position, Int(generator.next() % UInt64(position + 1)))
        }
        return order
    }

    /// Consecutive batches of one kind each, filled in permutation order; the partial batches
    /// last, images first, so the order stays fixed.
    private static func batches(of order: [Int], hasImage: [Bool], batchSize: Int) -> [[Int]] {
        var batches: [[Int]] = []
        var open: [Bool: [Int]] = [:]
        for index in order {
            open[hasImage[index], default: []].append(index)
            if open[hasImage[index]]!.count == batchSize {
                batches.append(open[hasImage[index]]!)
                open[hasImage[index]] = []
            }
        }
        for kind in [true, false] where !(open[kind] ?? []).isEmpty { batches.append(open[kind]!) }
        return batches
    }
}
