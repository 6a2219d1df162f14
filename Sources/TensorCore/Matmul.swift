// Matrix products on single-threaded OpenBLAS: C = op(A)·op(B) split into fixed 256-row panels (and
// fixed column panels when rows are few, through sgemv when M = 1) that our own threads share, so
// bits never depend on the thread count. Ops: matmul (batched, transposes as BLAS flags) and linear, with backward.
import COpenBLAS

enum Gemm {
    /// Rows of C per task. Fixed, so the split (and hence the bits) is the same for any thread count.
    static let panelRows = 256
    /// Columns of C per task in the matrix–vector (M = 1) case, and when there are too few row panels.
    static let panelColumns = 128
    /// Below this many row panels, a product is also split into column panels.
    static let minimumTasks = 4

    /// For each of `batch` items: C[M,N] = alpha·op(A)·op(B) + beta·C, row-major, where
    /// op(A) is [M,K] (A stored [K,M] when `transA`), op(B) is [K,N] (B stored [N,K] when `transB`).
    /// Items are `strideA/B/C` floats apart (stride 0 shares an operand).
    static func run(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int, strideA: Int = 0,
        b: UnsafePointer<Float>, ldb: Int, strideB: Int = 0,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, strideC: Int = 0, batch: Int = 1
    ) {
        guard m > 0, n > 0, batch > 0 else { return }
        if k == 0 {  // C = β·C; BLAS may return without touching C, which can be unfilled when β = 0
            for item in 0..<batch {
                for i in 0..<m {
                    let row = c + item * strideC + i * ldc
                    for j in 0..<n { row[j] = beta == 0 ? 0 : beta * row[j] }
                }
            }
            return
        }
        let pa = UncheckedSendable(a), pb = UncheckedSendable(b), pc = UncheckedSendable(c)
        if m == 1 {
            // y[N] = op(B)ᵀ·x: sgemv is ~6× faster than sgemm here (batch-1 decoding).
            let panels = Panels(count: n, size: panelColumns)
            ComputeThreads.parallelFor(batch * panels.number) { task in
                let item = task / panels.number, cols = panels.range(task % panels.number)
                let x = pa.value + item * strideA, incx = Int32(transA ? lda : 1)
                let y = pc.value + item * strideC + cols.lowerBound
                if transB {  // B stored [N,K]: y = B[cols,:]·x
                    cblas_sgemv(
                        CblasRowMajor, CblasNoTrans, Int32(cols.count), Int32(k), alpha,
                        pb.value + item * strideB + cols.lowerBound * ldb, Int32(ldb), x, incx, beta, y, 1)
                } else {  // B stored [K,N]: y = B[:,cols]ᵀ·x
                    cblas_sgemv(
                        CblasRowMajor, CblasTrans, Int32(k), Int32(cols.count), alpha,
                        pb.value + item * strideB + cols.lowerBound, Int32(ldb), x, incx, beta, y, 1)
                }
            }
            return
        }
        // Row panels; a product with too few of them to share (a prefill's 96 rows) is also cut into
        // column panels. Both cuts follow from the shapes alone, never from the thread count.
        let rowPanels = Panels(count: m, size: panelRows)
        let columnPanels = Panels(count: n, size: batch * rowPanels.number >= minimumTasks ? n : panelColumns)
        let tasksPerItem = rowPanels.number * columnPanels.number
        ComputeThreads.parallelFor(batch * tasksPerItem) { task in
            let item = task / tasksPerItem
            let rows = rowPanels.range(task % tasksPerItem / columnPanels.number), cols = columnPanels.range(task % columnPanels.number)
            // Rows of op(A) are rows of A, or columns of A when transposed; likewise columns of op(B).
            let aPanel = pa.value + item * strideA + (transA ? rows.lowerBound : rows.lowerBound * lda)
            let bPanel = pb.value + item * strideB + (transB ? cols.lowerBound * ldb : cols.lowerBound)
            cblas_sgemm(
                CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                Int32(rows.count), Int32(cols.count), Int32(k), alpha, aPanel, Int32(lda), bPanel, Int32(ldb), beta,
                pc.value + item * strideC + rows.lowerBound * ldc + cols.lowerBound, Int32(ldc))
        }
    }

    /// The oracle: the same contract as `run` in plain loops, accumulating in Double.
    static func naive(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0
                for p in 0..<k {
                    let x = transA ? a[p * lda + i] : a[i * lda + p]
                    let y = transB ? b[j * ldb + p] : b[p * ldb + j]
                    sum += Double(x) * Double(y)
                }
                let old = beta == 0 ? 0 : beta * c[i * ldc + j]
                c[i * ldc + j] = Float(Double(alpha) * sum) + old
            }
        }
    }
}

extension Tape {
    /// Shapes of a (batched) product: a [..., M, K] (or [..., K, M] with `transposeA`),
    /// b [..., K, N] (or [..., N, K]) with equal leading axes, or b of rank 2 shared by every item.
    static func matmulShape(_ a: [Int], _ b: [Int], transposeA: Bool, transposeB: Bool) throws(TensorError) -> (
        batch: Int, m: Int, n: Int, k: Int, shape: [Int]
    ) {
        let expected = "a [..., M, K] and b [..., K, N] after the transposes"
        try shapeRule(a.count >= 2 && b.count >= 2, "matmul", a, b, expected)
        let (m, ka) = transposeA ? (a[a.count - 1], a[a.count - 2]) : (a[a.count - 2], a[a.count - 1])
        let (kb, n) = transposeB ? (b[b.count - 1], b[b.count - 2]) : (b[b.count - 2], b[b.count - 1])
        try shapeRule(ka == kb, "matmul", a, b, expected)
        try shapeRule(b.count == 2 || a.dropLast(2) == b.dropLast(2), "matmul", a, b, "equal leading (batch) axes")
        let batch = a.dropLast(2).reduce(1, *)
        return (batch, m, n, ka, Array(a.dropLast(2)) + [m, n])
    }

    /// C = op(A)·op(B), batched over leading axes.
    ///   Backward: dA += dC·op(B)ᵀ (stored transposed when transposeA), dB += op(A)ᵀ·dC likewise.
    public func matmul(_ a: Variable, _ b: Variable, transposeA: Bool = false, transposeB: Bool = false) -> Variable {
        let s = checked { () throws(TensorError) in try Tape.matmulShape(a.shape, b.shape, transposeA: transposeA, transposeB: transposeB) }
        let lda = a.shape.last!, ldb = b.shape.last!
        let strideA = s.m * s.k, strideB = b.value.rank == 2 ? 0 : s.k * s.n, strideC = s.m * s.n
        let c = Tensor(uninitialized: s.shape)
        Gemm.run(
            transA: transposeA, transB: transposeB, m: s.m, n: s.n, k: s.k, a: a.value.pointer, lda: lda, strideA: strideA,
            b: b.value.pointer, ldb: ldb, strideB: strideB, beta: 0, c: c.pointer, ldc: s.n, strideC: strideC, batch: s.batch)
        return result(c, inputs: [a, b]) { out in
            let dC = out.grad!.pointer
            if a.requiresGrad {
                let (dATensor, beta) = a.gradientToWrite()
                let dA = dATensor.pointer
                if transposeA {  // dA[K,M] += op(B)·dCᵀ
                    Gemm.run(
                        transA: transposeB, transB: true, m: s.k, n: s.m, k: s.n, a: b.value.pointer, lda: ldb, strideA: strideB,
                        b: dC, ldb: s.n, strideB: strideC, beta: beta, c: dA, ldc: s.m, strideC: strideA, batch: s.batch)
                } else {  // dA[M,K] += dC·op(B)ᵀ
                    Gemm.run(
                        transA: false, transB: !transposeB, m: s.m, n: s.k, k: s.n, a: dC, lda: s.n, strideA: strideC,
                        b: b.value.pointer, ldb: ldb, strideB: strideB, beta: beta, c: dA, ldc: s.k, strideC: strideA, batch: s.batch)
                }
            }
            if b.requiresGrad {
                let dB = b.gradBuffer().pointer
                // A shared b sums over the batch: one product with the batch folded into K (rows of
                // A and dC are consecutive), never a reduction split across tasks.
                let shared = strideB == 0 && s.batch > 1
                precondition(!shared || !transposeA, "matmul: the gradient of a shared b with transposeA is not supported")
                let foldedK = shared ? s.batch * s.m : s.m, items = shared ? 1 : s.batch
                if transposeB {  // dB[N,K] += dCᵀ·op(A)
                    Gemm.run(
                        transA: true, transB: transposeA, m: s.n, n: s.k, k: foldedK, a: dC, lda: s.n, strideA: strideC,
                        b: a.value.pointer, ldb: lda, strideB: strideA, beta: 1, c: dB, ldc: s.k, strideC: strideB, batch: items)
                } else {  // dB[K,N] += op(A)ᵀ·dC
                    Gemm.run(
                        transA: !transposeA, transB: false, m: s.k, n: s.n, k: foldedK, a: a.value.pointer, lda: lda, strideA: strideA,
                        b: dC, ldb: s.n, strideB: strideC, beta: 1, c: dB, ldc: s.n, strideC: strideB, batch: items)
                }
            }
        }
    }

    /// A fully connected layer in PyTorch's layout: x [..., in], weight [out, in], bias [out]
    /// → [..., out] = x·Wᵀ + b. The weight is read transposed through the BLAS flag, not copied.
    public func linear(_ x: Variable, _ weight: Variable, _ bias: Variable? = nil) -> Variable {
        checked { () throws(TensorError) in
            try shapeRule(
                weight.value.rank == 2 && x.value.rank >= 1 && x.shape.last == weight.shape[1], "linear", x.shape, weight.shape,
                "x [..., in] and weight [out, in]")
        }
        let rows = x.value.rows
        let flat = x.value.rank == 2 ? x : reshape(x, [rows, x.shape.last!])
        var y = matmul(flat, weight, transposeB: true)
        if let bias { y = add(y, bias) }
        return x.value.rank == 2 ? y : reshape(y, Array(x.shape.dropLast()) + [weight.shape[0]])
    }
}
