// A full transformer block, forward and backward, gives the same bits with 1 and 2 threads: the
// property docs/pipeline.md, "Determinism" asks of every tool. Sizes span several 256-row and
// column panels and several heads.
import XCTest
@testable import TensorCore

final class ThreadDeterminismTests: XCTestCase {
    /// Output and every gradient (input and parameters) of one forward + backward.
    func run(threads: Int) -> [Tensor] {
        ComputeThreads.configure(threads: threads)
        let block = TransformerBlock(dim: 48, heads: 3, hidden: 129, seed: 5)
        var random = TestRandom(21)
        let x = random.parameter("x", [3, 101, 48])  // 303 rows: two 256-row panels, the last one partial, cut into column panels too
        let tape = Tape()
        let y = block(tape, x)
        tape.backward(from: y, seed: random.tensor(y.shape))
        return [y.value, x.grad!] + block.parameters.map { $0.grad! }
    }

    func testOneAndTwoThreadsGiveIdenticalBits() {
        defer { ComputeThreads.configure(threads: ComputeThreads.defaultCount) }
        let one = run(threads: 1), two = run(threads: 2)
        XCTAssertEqual(one.count, two.count)
        for (index, (a, b)) in zip(one, two).enumerated() {
            XCTAssertTrue(a.bitwiseEqual(b), "tensor \(index) \(a.shape) differs between 1 and 2 threads")
        }
        // The comparison must be able to fail: a one-ulp change is seen.
        one[0].pointer[0] = one[0].pointer[0].nextUp
        XCTAssertFalse(one[0].bitwiseEqual(two[0]))
    }
}
