// Softmax over the last axis, forward and backward, plus the row kernel attention reuses.
import Foundation

/// In place: row[0..<n] ← softmax(row[0..<n]), max-subtracted for range.
public func softmaxRow(_ row: UnsafeMutablePointer<Float>, _ n: Int) {
    var m = -Float.infinity
    for i in 0..<n { m = max(m, row[i]) }
    let inv = 1 / exponentiate(row, n, minus: m, into: row)
    for i in 0..<n { row[i] *= inv }
}

/// dx[0..<n] (+)= y ⊙ (dy − Σ dy ⊙ y), the softmax backward of one row.
@inline(__always) func softmaxRowBackward(
    y: UnsafePointer<Float>, dy: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>, _ n: Int, accumulate: Bool
) {
    var dot: Float = 0
    for i in 0..<n { dot += dy[i] * y[i] }
    if accumulate {
        for i in 0..<n { dx[i] += y[i] * (dy[i] - dot) }
    } else {
        for i in 0..<n { dx[i] = y[i] * (dy[i] - dot) }
    }
}

extension Tape {
    /// x [..., N] → y = softmax over the last axis. Backward: dx += y ⊙ (dy − Σ dy ⊙ y).
    public func softmax(_ x: Variable) -> Variable {
        let c = x.value.columns, n = x.value.rows
        let y = x.value.copy()
        let py = UncheckedSendable(y.pointer)
        ComputeThreads.parallelChunks(n, grain: rowGrain(c)) { rows in
            for r in rows { softmaxRow(py.value + r * c, c) }
        }
        return result(y, inputs: [x]) { out in
            let py = UncheckedSendable(out.value.pointer)
            let pg = UncheckedSendable(out.grad!.pointer), pdx = UncheckedSendable(x.gradBuffer().pointer)
            ComputeThreads.parallelChunks(n, grain: rowGrain(c)) { rows in
                for r in rows { softmaxRowBackward(y: py.value + r * c, dy: pg.value + r * c, dx: pdx.value + r * c, c, accumulate: true) }
            }
        }
    }
}
