// e^x eight lanes at a time. libm's expf is a scalar call: the SiLU of the gated MLP and the
// attention softmax together take tens of millions of them per training step, which cost more
// than some of the matrix products. Every lane is computed independently by the same arithmetic,
// so an element's result depends neither on its neighbours nor on where a loop's chunks fall.

typealias Float8 = SIMD8<Float>

/// e^x per lane, after Cephes' expf: x = n·ln2 + r with n = round(x·log₂e) and |r| ≤ ln2/2,
///   e^r ≈ 1 + r + r²·P(r)   (P of degree 5, relative error about 1 ulp),
///   e^x = 2ⁿ · e^r          (2ⁿ written straight into the exponent bits).
/// Inputs are clamped to [−87, 88] so that 2ⁿ stays a normal float: e^x is then within 2 ulp of
/// expf, and below −87 it returns ≈ 1.6e−38 instead of 0 (nothing here needs the difference).
@inline(__always) func exp(_ x: Float8) -> Float8 {
    let x = x.replacing(with: -87, where: x .< -87).replacing(with: 88, where: x .> 88)
    // Adding 1.5·2²³ rounds x·log₂e to the nearest integer n and leaves n in the low mantissa bits.
    let shifter = Float8(repeating: 12_582_912)
    let shifted = x * 1.442_695_04 + shifter
    let n = shifted - shifter
    let r = x - n * 0.693_359_375 - n * -2.121_944_4e-4  // ln2 in two parts, so r is exact enough
    var p = Float8(repeating: 1.987_569_15e-4)
    p = p * r + 1.398_199_950_7e-3
    p = p * r + 8.333_451_907_3e-3
    p = p * r + 4.166_579_589_4e-2
    p = p * r + 1.666_666_545_9e-1
    p = p * r + 5.000_000_120_1e-1
    let er = p * (r * r) + r + 1
    let exponent = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000 &+ 127
    return er * unsafeBitCast(exponent &<< 23, to: Float8.self)
}

extension UnsafePointer where Pointee == Float {
    /// Lanes i..<i+8, or fewer at the end of `count` (the missing lanes are 0).
    @inline(__always) func load8(_ i: Int, count: Int) -> Float8 {
        if i + 8 <= count { return UnsafeRawPointer(self + i).loadUnaligned(as: Float8.self) }
        var v = Float8()
        for lane in 0..<(count - i) { v[lane] = self[i + lane] }
        return v
    }
}

extension UnsafeMutablePointer where Pointee == Float {
    /// Lanes i..<i+8 as `UnsafePointer.load8` reads them.
    @inline(__always) func load8(_ i: Int, count: Int) -> Float8 { UnsafePointer(self).load8(i, count: count) }

    /// Stores lanes i..<min(i+8, count).
    @inline(__always) func store8(_ v: Float8, _ i: Int, count: Int) {
        if i + 8 <= count { return UnsafeMutableRawPointer(self + i).storeBytes(of: v, as: Float8.self) }
        for lane in 0..<(count - i) { self[i + lane] = v[lane] }
    }
}

/// The sum of the eight lanes in lane order, v0 + v1 + … + v7: what `SIMD.sum()` does today,
/// written out because the standard library leaves that order open, and bits must not change
/// with the toolchain.
@inline(__always) func laneSum(_ v: Float8) -> Float {
    var total = v[0]
    for lane in 1..<8 { total += v[lane] }
    return total
}

/// dst[j] = e^(src[j] − shift) for j < n (dst may be src; nil only sums); returns Σ_j of them,
/// summed in eight lanes, then across them by `laneSum`.
@inline(__always) func exponentiate(_ src: UnsafePointer<Float>, _ n: Int, minus shift: Float, into dst: UnsafeMutablePointer<Float>?)
    -> Float
{
    var sums = Float8()
    var j = 0
    while j < n {
        let e = exp(src.load8(j, count: n) - shift)
        // The padding lanes of a last, short chunk hold e^(0 − shift): keep only the real ones.
        sums += j + 8 <= n ? e : e.replacing(with: 0, where: SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7) .>= Int32(n - j))
        dst?.store8(e, j, count: n)
        j += 8
    }
    return laneSum(sums)
}
