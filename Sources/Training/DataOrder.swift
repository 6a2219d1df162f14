// The order examples are visited in: a Philox permutation per epoch (stream = epoch), cut into
// batches that never mix examples with and without an image (the model's batch needs one layout).
// Any step's batch can be recomputed from (seed, step) alone, which is what makes resume exact.
import TensorCore

public struct DataOrder: Sendable {
    /// Indices of the examples of every batch of one epoch, in order.
    public let batches: [[Int]]

    /// `hasImage[i]` says whether example i carries an image.
    public init(hasImage: [Bool], batchSize: Int, seed: UInt64, epoch: Int) {
        var generator = PhiloxGenerator(seed: seed, stream: UInt64(epoch))
        var order = Array(hasImage.indices)
        // Fisher–Yates from the back, with our own draws (the standard library's shuffle is not
        // promised to stay the same across Swift versions).
        for position in stride(from: order.count - 1, to: 0, by: -1) {
            order.swapAt(position, Int(generator.next() % UInt64(position + 1)))
        }
        var batches: [[Int]] = []
        var open: [Bool: [Int]] = [:]
        for index in order {
            open[hasImage[index], default: []].append(index)
            if open[hasImage[index]]!.count == batchSize {
                batches.append(open[hasImage[index]]!)
                open[hasImage[index]] = []
            }
        }
        // The partial batches last, images first, so the order stays fixed.
        for kind in [true, false] where !(open[kind] ?? []).isEmpty { batches.append(open[kind]!) }
        self.batches = batches
    }
}
