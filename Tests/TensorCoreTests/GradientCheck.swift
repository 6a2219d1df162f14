// The one checker every op test uses: analytic gradients from the tape against central finite
// differences of the forward, L = Σ y ⊙ R for a fixed random R, with the loss summed in Double.
import XCTest
@testable import TensorCore

/// SplitMix64: a test-only generator, independent of the library's Philox.
struct TestRandom {
    var state: UInt64
    init(_ seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [-1, 1).
    mutating func symmetric() -> Float { Float(Double(next() >> 11) / Double(1 << 53) * 2 - 1) }
    mutating func tensor(_ shape: [Int], scale: Float = 1) -> Tensor {
        let n = shape.reduce(1, *)
        return Tensor(shape: shape, values: (0..<n).map { _ in scale * symmetric() })
    }
    mutating func parameter(_ name: String, _ shape: [Int], scale: Float = 1) -> Variable {
        .parameter(name, tensor(shape, scale: scale))
    }
}

/// Norm-wise relative error ‖a − b‖ / max(‖a‖, ‖b‖, floor).
func relativeError(_ a: [Double], _ b: [Double], floor: Double = 1e-6) -> Double {
    var diff = 0.0, na = 0.0, nb = 0.0
    for (x, y) in zip(a, b) { diff += (x - y) * (x - y); na += x * x; nb += y * y }
    return diff.squareRoot() / max(na.squareRoot(), nb.squareRoot(), floor)
}

/// Checks d(Σ f(inputs) ⊙ R)/d input for every input that requires a gradient.
/// Returns the worst relative error (also asserted ≤ tolerance).
@discardableResult
func checkGradients(
    _ inputs: [Variable], step: Float = 1e-2, tolerance: Double = 1e-2, seed: UInt64 = 99,
    file: StaticString = #filePath, line: UInt = #line, _ f: (Tape, [Variable]) -> Variable
) -> Double {
    var random = TestRandom(seed)
    for x in inputs { x.zeroGrad() }
    let tape = Tape()
    let y = f(tape, inputs)
    let weights = random.tensor(y.shape)
    tape.backward(from: y, seed: weights)
    func loss() -> Double {
        let out = f(Tape(recording: false), inputs).value
        var total = 0.0
        for i in 0..<out.count { total += Double(out.pointer[i]) * Double(weights.pointer[i]) }
        return total
    }
    var worst = 0.0
    for (index, x) in inputs.enumerated() where x.requiresGrad {
        let p = x.value.pointer
        var numeric: [Double] = []
        for i in 0..<x.value.count {
            let saved = p[i]
            p[i] = saved + step
            let plus = loss()
            p[i] = saved - step
            let minus = loss()
            p[i] = saved
            numeric.append((plus - minus) / (2 * Double(step)))
        }
        let analytic = (x.grad?.scalars ?? [Float](repeating: 0, count: x.value.count)).map(Double.init)
        let error = relativeError(analytic, numeric)
        worst = max(worst, error)
        XCTAssertLessThanOrEqual(error, tolerance, "input \(index) \(x.name) \(x.shape): relative error \(error)", file: file, line: line)
        XCTAssertGreaterThan(
            numeric.map(abs).max() ?? 0, 0, "input \(index): the gradient is identically zero, the check proves nothing", file: file,
            line: line)
    }
    return worst
}

func XCTAssertClose(_ a: Tensor, _ b: Tensor, tolerance: Double, _ message: String = "", file: StaticString = #filePath, line: UInt = #line)
{
    XCTAssertEqual(a.shape, b.shape, message, file: file, line: line)
    let error = relativeError(a.scalars.map(Double.init), b.scalars.map(Double.init))
    XCTAssertLessThanOrEqual(error, tolerance, "\(message): relative error \(error)", file: file, line: line)
}
