// The decoding kernel y_v = W·x_v against a Double oracle, and the property batched decoding rests
// on: an output's bits depend neither on the other vectors in the call nor on how rows are split.
import XCTest
@testable import TensorCore

final class MatrixVectorTests: XCTestCase {
    /// Runs the kernel over W [n, ldw] (first `inner` columns) for `vectors` of x [*, inner] into y [*, n].
    func products(_ w: Tensor, inner: Int, rows: Range<Int>, vectors: [Int], x: Tensor, y: Tensor, accumulate: Bool) {
        matrixVectorProducts(
            w.pointer, ldw: w.shape[1], inner: inner, rows: rows, vectors: vectors,
            x: x.pointer, xStride: x.shape[1], y: y.pointer, yStride: y.shape[1], accumulate: accumulate)
    }

    func testMatchesDoubleOracle() {
        var random = TestRandom(31)
        // Rows and inner sizes on and off the multiples of 8, a row stride wider than `inner`,
        // and both the overwrite and the accumulate form.
        for (n, inner, ldw) in [(1, 1, 1), (7, 5, 9), (8, 8, 8), (13, 683, 690), (64, 256, 256), (29, 17, 17)] {
            for accumulate in [false, true] {
                let w = random.tensor([n, ldw]), x = random.tensor([3, inner]), y = random.tensor([3, n])
                let before = y.scalars
                products(w, inner: inner, rows: 0..<n, vectors: [0, 1, 2], x: x, y: y, accumulate: accumulate)
                for v in 0..<3 {
                    for j in 0..<n {
                        var sum = 0.0
                        for k in 0..<inner { sum += Double(w.pointer[j * ldw + k]) * Double(x.pointer[v * inner + k]) }
                        let expected = (accumulate ? Double(before[v * n + j]) : 0) + sum
                        XCTAssertEqual(
                            Double(y.pointer[v * n + j]), expected, accuracy: 1e-5 * (1 + Double(inner).squareRoot()),
                            "n \(n) inner \(inner) vector \(v) row \(j) accumulate \(accumulate)")
                    }
                }
            }
        }
    }

    func testLeavesOtherRowsAndVectorsAlone() {
        var random = TestRandom(32)
        let w = random.tensor([20, 16]), x = random.tensor([3, 16]), y = Tensor(zeros: [3, 20])
        for j in 0..<60 { y.pointer[j] = 42 }
        products(w, inner: 16, rows: 5..<11, vectors: [1], x: x, y: y, accumulate: false)
        for v in 0..<3 {
            for j in 0..<20 {
                let written = v == 1 && (5..<11).contains(j)
                XCTAssertEqual(y.pointer[v * 20 + j] == 42, !written, "vector \(v) row \(j)")
            }
        }
    }

    func testBitsDoNotDependOnBatchOrRowSplit() {
        for accumulate in [false, true] { checkBatchAndSplitInvariance(accumulate: accumulate) }
    }

    func checkBatchAndSplitInvariance(accumulate: Bool) {
        var random = TestRandom(33)
        let (n, inner) = (45, 131)
        let w = random.tensor([n, inner]), x = random.tensor([16, inner], scale: 3)
        let start = random.tensor([16, n])  // what the accumulating form adds to
        let together = start.copy()
        products(w, inner: inner, rows: 0..<n, vectors: Array(0..<16), x: x, y: together, accumulate: accumulate)
        for v in [0, 5, 15] {
            // Alone, in a different row split (blocks of eight start elsewhere), and among other vectors.
            let alone = start.copy(), split = start.copy(), few = start.copy()
            products(w, inner: inner, rows: 0..<n, vectors: [v], x: x, y: alone, accumulate: accumulate)
            for rows in [0..<3, 3..<20, 20..<45] {
                products(w, inner: inner, rows: rows, vectors: [v], x: x, y: split, accumulate: accumulate)
            }
            products(w, inner: inner, rows: 0..<n, vectors: [15 - v, v], x: x, y: few, accumulate: accumulate)
            for j in 0..<n {
                let expected = together.pointer[v * n + j].bitPattern, label = "vector \(v) row \(j) accumulate \(accumulate)"
                XCTAssertEqual(alone.pointer[v * n + j].bitPattern, expected, label + ": alone")
                XCTAssertEqual(split.pointer[v * n + j].bitPattern, expected, label + ": another row split")
                XCTAssertEqual(few.pointer[v * n + j].bitPattern, expected, label + ": among other vectors")
            }
        }
    }
}
