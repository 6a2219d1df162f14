// Elementwise ops and views: reshape, add (with the second operand broadcast over leading axes,
// which is also the bias add), mul, scale. Forward and backward side by side.

/// Elements per task for memory-bound elementwise loops.
let elementGrain = 1 << 15

/// Column sums of g [rows, cols] added into out [cols]: fixed column panels, rows in order.
func addColumnSums(_ g: UnsafePointer<Float>, rows: Int, cols: Int, into out: UnsafeMutablePointer<Float>) {
    let pg = UncheckedSendable(g), po = UncheckedSendable(out)
    ComputeThreads.parallelChunks(cols, grain: 256) { range in
        for r in 0..<rows {
            let row = pg.value + r * cols
            for c in range { po.value[c] += row[c] }
        }
    }
}

extension Tape {
    /// The same values with another shape (a view; -1 infers one axis). Backward: dx += dy.
    public func reshape(_ x: Variable, _ shape: [Int]) -> Variable {
        let y = x.value.reshaped(shape)
        return result(y, inputs: [x]) { out in x.accumulateGradient(out.grad!) }
    }

    /// y = a + b, where b's shape is a suffix of a's (b [C] is a bias over a [..., C]).
    ///   Backward: da += dy; db += dy summed over the broadcast leading axes.
    public func add(_ a: Variable, _ b: Variable) -> Variable {
        checked { () throws(TensorError) in
            try shapeRule(
                b.value.rank <= a.value.rank && Array(a.shape.suffix(b.value.rank)) == b.shape, "add", a.shape, b.shape,
                "b's shape to equal a's or a suffix of it")
        }
        let n = a.value.count, inner = max(1, b.value.count)
        let y = Tensor(uninitialized: a.shape)
        let pa = UncheckedSendable(a.value.pointer), pb = UncheckedSendable(b.value.pointer), py = UncheckedSendable(y.pointer)
        ComputeThreads.parallelChunks(n / inner, grain: max(1, elementGrain / inner)) { rows in
            for r in rows {
                let x = pa.value + r * inner, out = py.value + r * inner
                for c in 0..<inner { out[c] = x[c] + pb.value[c] }
            }
        }
        return result(y, inputs: [a, b]) { out in
            let g = out.grad!
            if b.requiresGrad { addColumnSums(g.pointer, rows: n / inner, cols: inner, into: b.gradBuffer().pointer) }
            // Last: a may adopt g's storage, and b == a must see g unchanged.
            if a.requiresGrad { a.accumulateGradient(g) }
        }
    }

    /// y = a ⊙ b (equal shapes). Backward: da += dy ⊙ b; db += dy ⊙ a.
    public func mul(_ a: Variable, _ b: Variable) -> Variable {
        checked { () throws(TensorError) in try shapeRule(a.shape == b.shape, "mul", a.shape, b.shape, "equal shapes") }
        let y = Tensor(uninitialized: a.shape)
        lanewise(a.value.count, a.value.pointer, b.value.pointer, into: y.pointer) { $0 * $1 }
        return result(y, inputs: [a, b]) { out in
            let g = out.grad!.pointer
            if a.requiresGrad { lanewise(a.value.count, g, b.value.pointer, into: a.gradBuffer().pointer, accumulate: true) { $0 * $1 } }
            if b.requiresGrad { lanewise(b.value.count, g, a.value.pointer, into: b.gradBuffer().pointer, accumulate: true) { $0 * $1 } }
        }
    }

    /// y = s·x. Backward: dx += s·dy.
    public func scale(_ x: Variable, _ s: Float) -> Variable {
        let y = Tensor(uninitialized: x.shape)
        lanewise(x.value.count, x.value.pointer, x.value.pointer, into: y.pointer) { v, _ in s * v }
        return result(y, inputs: [x]) { out in
            lanewise(x.value.count, out.grad!.pointer, out.grad!.pointer, into: x.gradBuffer().pointer, accumulate: true) { g, _ in s * g }
        }
    }
}

/// dst += src (equal counts).
func accumulate(_ src: Tensor, into dst: Tensor) {
    lanewise(src.count, src.pointer, src.pointer, into: dst.pointer, accumulate: true) { v, _ in v }
}

/// out[i] (+)= f(a[i], b[i], c[i]) for i in `range`, eight lanes at a time, on this thread. f must
/// be lane-wise, so an element's result does not depend on which chunk or lane it falls in.
@inline(__always)
func lanes(
    _ range: Range<Int>, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafePointer<Float>,
    into out: UnsafeMutablePointer<Float>,
    accumulate: Bool, _ f: (Float8, Float8, Float8) -> Float8
) {
    let end = range.upperBound
    var i = range.lowerBound
    while i < end {
        let value = f(a.load8(i, count: end), b.load8(i, count: end), c.load8(i, count: end))
        out.store8(accumulate ? out.load8(i, count: end) + value : value, i, count: end)
        i += 8
    }
}

/// `lanes` over 0..<n, in parallel chunks.
@inline(__always)
func lanewise(
    _ n: Int, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>,
    accumulate: Bool = false, _ f: (Float8, Float8, Float8) -> Float8
) {
    let pa = UncheckedSendable(a), pb = UncheckedSendable(b), pc = UncheckedSendable(c), po = UncheckedSendable(out)
    ComputeThreads.parallelChunks(n, grain: elementGrain) { range in
        lanes(range, pa.value, pb.value, pc.value, into: po.value, accumulate: accumulate, f)
    }
}

/// out[i] (+)= f(a[i], b[i]), lane-wise as above.
@inline(__always)
func lanewise(
    _ n: Int, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>,
    accumulate: Bool = false, _ f: (Float8, Float8) -> Float8
) {
    lanewise(n, a, b, a, into: out, accumulate: accumulate) { x, y, _ in f(x, y) }
}

/// first[i] += f(a[i], b[i], c[i]).0 and second[i] += its .1 for i < n (a nil output is skipped),
/// lane-wise as above and in parallel chunks: a backward that gets two gradients from one evaluation.
@inline(__always)
func lanewise(
    _ n: Int, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafePointer<Float>,
    accumulatingInto first: UnsafeMutablePointer<Float>?, _ second: UnsafeMutablePointer<Float>?,
    _ f: (Float8, Float8, Float8) -> (Float8, Float8)
) {
    let pa = UncheckedSendable(a), pb = UncheckedSendable(b), pc = UncheckedSendable(c)
    let p1 = UncheckedSendable(first), p2 = UncheckedSendable(second)
    ComputeThreads.parallelChunks(n, grain: elementGrain) { range in
        let end = range.upperBound
        var i = range.lowerBound
        while i < end {
            let (x, y) = f(pa.value.load8(i, count: end), pb.value.load8(i, count: end), pc.value.load8(i, count: end))
            if let out = p1.value { out.store8(out.load8(i, count: end) + x, i, count: end) }
            if let out = p2.value { out.store8(out.load8(i, count: end) + y, i, count: end) }
            i += 8
        }
    }
}
