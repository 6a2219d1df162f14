// The lane-wise e^x against Double's exp, and the properties the kernels rely on: a value's result
// does not depend on its lane or on a short last chunk, and the sums leave the padding out.
import Foundation
import XCTest
@testable import TensorCore

final class VectorExpTests: XCTestCase {
    func testWithinTwoUlpOfDoubleExp() {
        var worst = 0.0
        var x = -87.0
        while x <= 88 {
            let lanes = exp(Float8((0..<8).map { Float(x) + Float($0) * 1e-3 }))
            for lane in 0..<8 {
                let input = Double(Float(x) + Float(lane) * 1e-3), expected = Foundation.exp(input)
                let ulp = Double(Float(expected).ulp)
                worst = max(worst, abs(Double(lanes[lane]) - expected) / ulp)
            }
            x += 0.0173
        }
        XCTAssertLessThanOrEqual(worst, 2, "worst error \(worst) ulp")
        XCTAssertEqual(exp(Float8(repeating: 0))[3], 1)
        XCTAssertGreaterThan(exp(Float8(repeating: 1000))[0], 1e38, "clamped, not infinite")
        XCTAssertFalse(exp(Float8(repeating: 1000))[0].isInfinite)
        XCTAssertLessThan(exp(Float8(repeating: -1000))[0], 1e-37)
    }

    func testTanhAndSigmoidAgainstFoundation() {
        for x in stride(from: -20.0, through: 20.0, by: 0.37) {
            XCTAssertEqual(Double(tanh(Float8(repeating: Float(x)))[0]), Foundation.tanh(x), accuracy: 2e-7, "tanh(\(x))")
            XCTAssertEqual(Double(sigmoid(Float8(repeating: Float(x)))[0]), 1 / (1 + Foundation.exp(-x)), accuracy: 2e-7, "σ(\(x))")
        }
    }

    func testExponentiateSumsOnlyRealElementsAndIgnoresChunking() {
        var random = TestRandom(8)
        for n in [1, 7, 8, 9, 61] {
            let values = random.tensor([n]).scalars
            var out = [Float](repeating: 0, count: n)
            let sum = values.withUnsafeBufferPointer { v in
                out.withUnsafeMutableBufferPointer { exponentiate(v.baseAddress!, n, minus: 0.5, into: $0.baseAddress!) }
            }
            let expected = values.reduce(0.0) { $0 + Foundation.exp(Double($1) - 0.5) }
            XCTAssertEqual(Double(sum), expected, accuracy: 1e-5 * expected, "n \(n)")
            // Element i alone in a lane gives the same bits as inside its chunk.
            for i in 0..<n {
                XCTAssertEqual(out[i].bitPattern, exp(Float8(repeating: values[i] - 0.5))[0].bitPattern, "n \(n) element \(i)")
            }
        }
    }
}
