// Matrix–vector products for batched decoding: y = W·x for each of a few vectors x, through one
// kernel whose every output is the same arithmetic whatever else shares the call — one eight-lane
// FMA chain along the row of W, then one fixed sum across the lanes. So a sample's bits depend
// neither on which samples share its decoding step nor on how the rows are split between threads.
//
// Why not BLAS: OpenBLAS's sgemm rounds a row differently depending on how many rows share the
// call (not batch-invariant), and its sgemv, called per vector, reads the panel from cache once
// per vector and pays a call's overhead each time. Here a block of eight rows of W stays in L1
// while every vector passes over it, and the eight independent chains keep both FMA pipes busy.

/// y_v[j] (+)= Σ_k W[j, k]·x_v[k] for rows j in `rows` of W (row-major, row stride `ldw`, `inner`
/// columns used) and every vector v in `vectors`: x_v = x + v·xStride, y_v = y + v·yStride.
///   chain_j = fma(W[j, 8i..<8i+8], x_v[8i..<8i+8], chain_j) for i = 0, 1, … (a short last chunk
///   padded with zeros);  y_v[j] (+)= laneSum(chain_j).
public func matrixVectorProducts(
    _ w: UnsafePointer<Float>, ldw: Int, inner: Int, rows: Range<Int>,
    vectors: [Int], x: UnsafePointer<Float>, xStride: Int,
    y: UnsafeMutablePointer<Float>, yStride: Int, accumulate: Bool
) {
    guard let lastRow = rows.last else { return }
    let whole = inner - inner % 8
    var j = rows.lowerBound
    while j <= lastRow {
        // Eight rows at a time; a last, short block repeats its last row and drops those sums.
        @inline(__always) func row(_ i: Int) -> UnsafePointer<Float> { w + min(j + i, lastRow) * ldw }
        let (w0, w1, w2, w3, w4, w5, w6, w7) = (row(0), row(1), row(2), row(3), row(4), row(5), row(6), row(7))
        let count = min(8, lastRow + 1 - j)
        for v in vectors {
            let xv = x + v * xStride
            var c0 = Float8(), c1 = Float8(), c2 = Float8(), c3 = Float8(), c4 = Float8(), c5 = Float8(), c6 = Float8(), c7 = Float8()
            @inline(__always) func chains(_ load: (UnsafePointer<Float>) -> Float8) {
                let chunk = load(xv)
                c0.addProduct(load(w0), chunk)
                c1.addProduct(load(w1), chunk)
                c2.addProduct(load(w2), chunk)
                c3.addProduct(load(w3), chunk)
                c4.addProduct(load(w4), chunk)
                c5.addProduct(load(w5), chunk)
                c6.addProduct(load(w6), chunk)
                c7.addProduct(load(w7), chunk)
            }
            var k = 0
            while k < whole {
                chains { UnsafeRawPointer($0 + k).loadUnaligned(as: Float8.self) }
                k += 8
            }
            if k < inner { chains { $0.load8(k, count: inner) } }
            let out = y + v * yStride + j
            let sums = Float8(laneSum(c0), laneSum(c1), laneSum(c2), laneSum(c3), laneSum(c4), laneSum(c5), laneSum(c6), laneSum(c7))
            out.store8(accumulate ? out.load8(0, count: count) + sums : sums, 0, count: count)
        }
        j += 8
    }
}
