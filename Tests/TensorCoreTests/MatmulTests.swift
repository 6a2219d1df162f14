// The panel-split BLAS product against the plain-loop oracle, across the panel boundary, the
// sgemv (M = 1) path, the column panels of products with few rows, transposes and batches.
import XCTest
@testable import TensorCore

final class MatmulTests: XCTestCase {
    func testAgainstNaiveOracle() {
        var random = TestRandom(3)
        for (m, n, k) in [
            (1, 17, 3), (1, 300, 5), (3, 1, 17), (17, 3, 1), (130, 7, 33), (300, 64, 64), (96, 300, 40), (200, 260, 17), (1100, 20, 7),
            (1, 5, 0), (3, 4, 0),
        ] {
            for ta in [false, true] {
                for tb in [false, true] {
                    let a = random.tensor(ta ? [k, m] : [m, k]), b = random.tensor(tb ? [n, k] : [k, n])
                    let c = random.tensor([m, n]), expected = c.copy()
                    Gemm.run(
                        transA: ta, transB: tb, m: m, n: n, k: k, alpha: 0.5, a: a.pointer, lda: a.shape[1], b: b.pointer, ldb: b.shape[1],
                        beta: 2, c: c.pointer, ldc: n)
                    Gemm.naive(
                        transA: ta, transB: tb, m: m, n: n, k: k, alpha: 0.5, a: a.pointer, lda: a.shape[1], b: b.pointer, ldb: b.shape[1],
                        beta: 2, c: expected.pointer, ldc: n)
                    XCTAssertClose(c, expected, tolerance: 1e-5, "m \(m) n \(n) k \(k) transA \(ta) transB \(tb)")
                }
            }
        }
    }

    func testEmptyInnerDimensionOverwritesAnUnfilledOutput() {
        for m in [1, 3] {
            let c = Tensor(zeros: [m, 4])
            c.fill(.nan)
            let a = Tensor(zeros: [m, 1]), b = Tensor(zeros: [1, 4])
            Gemm.run(
                transA: false, transB: false, m: m, n: 4, k: 0, a: a.pointer, lda: 1, b: b.pointer, ldb: 4, beta: 0, c: c.pointer, ldc: 4)
            XCTAssertEqual(c.scalars, [Float](repeating: 0, count: m * 4), "m \(m)")
        }
    }

    func testShapeMismatchNamesOpAndShapes() {
        XCTAssertThrowsError(try Tape.matmulShape([2, 3], [4, 5], transposeA: false, transposeB: false)) { error in
            XCTAssertEqual(
                "\(error)", "matmul: shape mismatch [2, 3] vs [4, 5] (expected a [..., M, K] and b [..., K, N] after the transposes)")
        }
        XCTAssertThrowsError(try Tape.matmulShape([2, 3, 4], [3, 4, 5], transposeA: false, transposeB: false)) { error in
            XCTAssertTrue("\(error)".contains("[2, 3, 4] vs [3, 4, 5]"))
        }
        XCTAssertEqual(try Tape.matmulShape([2, 3, 4], [5, 4], transposeA: false, transposeB: true).shape, [2, 3, 5])
    }
}
