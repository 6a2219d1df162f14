import TensorCore
import XCTest
@testable import Training

/// The data order, plain and grouped by length: every example once per epoch, no batch mixing
/// image and image-free examples, the same order for the same (seed, epoch), and, grouped, far
/// less padding than the plain order on the same lengths.
final class DataOrderTests: XCTestCase {
    /// 2 000 examples, a tenth image-free, lengths 20…219 drawn independently of the kind.
    private let count = 2_000
    private var hasImage: [Bool] { (0..<count).map { $0 % 10 != 3 } }
    private var lengths: [Int] {
        var generator = PhiloxGenerator(seed: 99, stream: 0)
        return (0..<count).map { _ in 20 + Int(generator.next() % 200) }
    }

    /// Positions a batch pads to, summed over the epoch: Σ max(length) · batch size.
    private func paddedPositions(_ batches: [[Int]]) -> Int {
        batches.map { batch in batch.map { lengths[$0] }.max()! * batch.count }.reduce(0, +)
    }

    func testEveryExampleOnceAndNoMixedBatchesEitherWay() {
        for grouped in [false, true] {
            let order = DataOrder(hasImage: hasImage, lengths: grouped ? lengths : nil, batchSize: 16, seed: 3, epoch: 1)
            XCTAssertEqual(order.batches.flatMap { $0 }.sorted(), Array(0..<count), "grouped: \(grouped)")
            for batch in order.batches {
                XCTAssertEqual(Set(batch.map { hasImage[$0] }).count, 1, "a batch mixes kinds (grouped: \(grouped))")
                XCTAssertLessThanOrEqual(batch.count, 16)
            }
            // 1 800 image examples = 112 full batches + 8; 200 image-free = 12 full + 8.
            XCTAssertEqual(order.batches.filter { $0.count < 16 }.map(\.count), [8, 8])
            XCTAssertEqual(order.batches.count, 126)
        }
    }

    func testTheSameSeedAndEpochGiveTheSameOrderAndOthersDoNot() {
        let a = DataOrder(hasImage: hasImage, lengths: lengths, batchSize: 16, seed: 3, epoch: 1).batches
        XCTAssertEqual(a, DataOrder(hasImage: hasImage, lengths: lengths, batchSize: 16, seed: 3, epoch: 1).batches)
        XCTAssertNotEqual(a, DataOrder(hasImage: hasImage, lengths: lengths, batchSize: 16, seed: 3, epoch: 2).batches)
        XCTAssertNotEqual(a, DataOrder(hasImage: hasImage, lengths: lengths, batchSize: 16, seed: 4, epoch: 1).batches)
    }

    /// Uniform lengths in a batch of 16 pad to the batch's maximum, about 16/17 of the range
    /// (~35 % waste here); sorted megabatches of 800 leave about one length step per batch.
    func testGroupingCutsThePaddingAndStillShufflesTheBatches() {
        let useful = lengths.reduce(0, +)
        let plain = paddedPositions(DataOrder(hasImage: hasImage, batchSize: 16, seed: 3, epoch: 0).batches)
        let groupedOrder = DataOrder(hasImage: hasImage, lengths: lengths, batchSize: 16, seed: 3, epoch: 0).batches
        let grouped = paddedPositions(groupedOrder)
        XCTAssertGreaterThan(Double(plain - useful) / Double(plain), 0.25, "the plain order pads a lot on these lengths")
        XCTAssertLessThan(Double(grouped - useful) / Double(grouped), 0.05, "grouped: \(grouped) positions for \(useful) tokens")
        // The batches are not left longest first: the first 20 full batches' maxima are not sorted.
        let maxima = groupedOrder.prefix(20).map { batch in batch.map { lengths[$0] }.max()! }
        XCTAssertNotEqual(maxima, maxima.sorted(by: >))
        XCTAssertNotEqual(maxima, maxima.sorted())
    }

    /// Grouping changes which examples share a batch, not how the epoch's examples are drawn:
    /// with one length for all, each megabatch keeps its permuted order, so the full batches are
    /// the plain order's, only shuffled.
    func testWithEqualLengthsGroupingOnlyShufflesThePlainBatches() {
        let imageOnly = [Bool](repeating: true, count: count)
        let plain = DataOrder(hasImage: imageOnly, batchSize: 16, seed: 3, epoch: 0).batches
        let grouped = DataOrder(hasImage: imageOnly, lengths: [Int](repeating: 7, count: count), batchSize: 16, seed: 3, epoch: 0).batches
        XCTAssertEqual(Set(plain.filter { $0.count == 16 }), Set(grouped.filter { $0.count == 16 }))
        XCTAssertNotEqual(plain, grouped)
    }
}
