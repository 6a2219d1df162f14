// Concatenation along an axis and its inverse, the slice: one strided block copy serves both
// directions (the backward of each is the other).

/// Views x as [outer, axisLength, inner] and copies `length` indices from `from` to `to` blocks.
/// dst[o, dstStart + i, :] (+)= src[o, srcStart + i, :] for i in 0..<length.
private func copyBlocks(
    outer: Int, inner: Int, length: Int,
    src: UnsafePointer<Float>, srcAxis: Int, srcStart: Int,
    dst: UnsafeMutablePointer<Float>, dstAxis: Int, dstStart: Int, accumulate: Bool
) {
    let run = length * inner
    for o in 0..<outer {
        let s = src + (o * srcAxis + srcStart) * inner, d = dst + (o * dstAxis + dstStart) * inner
        if accumulate {
            for i in 0..<run { d[i] += s[i] }
        } else {
            d.update(from: s, count: run)
        }
    }
}

extension Tape {
    /// Joins tensors equal in all axes but `axis`. Backward: each input gets its slice of dy.
    public func concat(_ xs: [Variable], axis: Int) -> Variable {
        precondition(!xs.isEmpty, "concat: no inputs")
        let first = xs[0].shape
        for x in xs {
            checked { () throws(TensorError) in
                try shapeRule(
                    axis >= 0 && axis < first.count && x.value.rank == first.count
                        && (0..<first.count).allSatisfy { $0 == axis || x.shape[$0] == first[$0] },
                    "concat", first, x.shape, "equal shapes except along axis \(axis)")
            }
        }
        let outer = first[..<axis].reduce(1, *), inner = first[(axis + 1)...].reduce(1, *)
        let total = xs.reduce(0) { $0 + $1.shape[axis] }
        var shape = first
        shape[axis] = total
        let y = Tensor(zeros: shape)
        var start = 0
        var starts: [Int] = []
        for x in xs {
            starts.append(start)
            copyBlocks(
                outer: outer, inner: inner, length: x.shape[axis], src: x.value.pointer, srcAxis: x.shape[axis], srcStart: 0,
                dst: y.pointer, dstAxis: total, dstStart: start, accumulate: false)
            start += x.shape[axis]
        }
        return result(y, inputs: xs) { out in
            for (x, start) in zip(xs, starts) where x.requiresGrad {
                copyBlocks(
                    outer: outer, inner: inner, length: x.shape[axis], src: out.grad!.pointer, srcAxis: total, srcStart: start,
                    dst: x.gradBuffer().pointer, dstAxis: x.shape[axis], dstStart: 0, accumulate: true)
            }
        }
    }

    /// Indices `range` of `axis` (a copy). Backward: dx[range along axis] += dy.
    public func slice(_ x: Variable, axis: Int, _ range: Range<Int>) -> Variable {
        checked { () throws(TensorError) in
            try shapeRule(
                axis >= 0 && axis < x.value.rank && range.lowerBound >= 0 && range.upperBound <= x.shape[axis],
                "slice", x.shape, [range.lowerBound, range.upperBound], "a range within axis \(axis)")
        }
        let outer = x.shape[..<axis].reduce(1, *), inner = x.shape[(axis + 1)...].reduce(1, *)
        var shape = x.shape
        shape[axis] = range.count
        let y = Tensor(zeros: shape)
        copyBlocks(
            outer: outer, inner: inner, length: range.count, src: x.value.pointer, srcAxis: x.shape[axis], srcStart: range.lowerBound,
            dst: y.pointer, dstAxis: range.count, dstStart: 0, accumulate: false)
        return result(y, inputs: [x]) { out in
            copyBlocks(
                outer: outer, inner: inner, length: range.count, src: out.grad!.pointer, srcAxis: range.count, srcStart: 0,
                dst: x.gradBuffer().pointer, dstAxis: x.shape[axis], dstStart: range.lowerBound, accumulate: true)
        }
    }
}
