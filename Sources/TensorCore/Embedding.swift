// Embedding lookup: rows of a table gathered by token id; the backward scatter-adds into the
// table, parallel over column panels with rows in order, so repeated ids sum deterministically.

extension Tape {
    /// ids (N, each in 0..<V), table [V, C] → [N, C] with row n = table[ids[n]].
    ///   Backward: dtable[ids[n]] += dy[n].
    public func embedding(_ ids: [Int], table: Variable) -> Variable {
        checked { () throws(TensorError) in
            try shapeRule(
                table.value.rank == 2 && ids.allSatisfy { (0..<table.shape[0]).contains($0) }, "embedding", [ids.count], table.shape,
                "ids in 0..<V for a table [V, C]")
        }
        let c = table.shape[1], n = ids.count
        let y = Tensor(zeros: [n, c])
        let pt = UncheckedSendable(table.value.pointer), py = UncheckedSendable(y.pointer)
        ids.withUnsafeBufferPointer { idBuffer in
            let pi = UncheckedSendable(idBuffer)
            ComputeThreads.parallelChunks(n, grain: rowGrain(c)) { rows in
                for r in rows { (py.value + r * c).update(from: pt.value + pi.value[r] * c, count: c) }
            }
        }
        return result(y, inputs: [table]) { out in
            let pg = UncheckedSendable(out.grad!.pointer), pd = UncheckedSendable(table.gradBuffer().pointer)
            ids.withUnsafeBufferPointer { idBuffer in
                let pi = UncheckedSendable(idBuffer)
                ComputeThreads.parallelChunks(c, grain: 256) { cols in
                    for r in 0..<n {
                        let src = pg.value + r * c, dst = pd.value + pi.value[r] * c
                        for j in cols { dst[j] += src[j] }
                    }
                }
            }
        }
    }
}
