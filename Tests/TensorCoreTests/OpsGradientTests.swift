// Every differentiable op against central finite differences of its own forward, on small random
// shapes that include the odd sizes 1, 3 and 17.
import XCTest
@testable import TensorCore

final class OpsGradientTests: XCTestCase {
    var random = TestRandom(7)

    func testMatmulAllTransposes() {
        for (m, k, n) in [(3, 17, 1), (1, 3, 17), (17, 1, 3), (5, 4, 3)] {
            for ta in [false, true] {
                for tb in [false, true] {
                    let a = random.parameter("a", ta ? [k, m] : [m, k]), b = random.parameter("b", tb ? [n, k] : [k, n])
                    checkGradients([a, b]) { $0.matmul($1[0], $1[1], transposeA: ta, transposeB: tb) }
                }
            }
        }
    }

    func testBatchedMatmulAndSharedWeight() {
        let a = random.parameter("a", [2, 3, 17]), b = random.parameter("b", [2, 17, 5]), w = random.parameter("w", [4, 17])
        checkGradients([a, b]) { $0.matmul($1[0], $1[1]) }
        checkGradients([a, w]) { $0.matmul($1[0], $1[1], transposeB: true) }
    }

    func testLinearWithBias() {
        let x = random.parameter("x", [2, 3, 17]), w = random.parameter("w", [5, 17]), b = random.parameter("b", [5])
        checkGradients([x, w, b]) { $0.linear($1[0], $1[1], $1[2]) }
    }

    func testElementwise() {
        let a = random.parameter("a", [3, 17]), b = random.parameter("b", [3, 17]), bias = random.parameter("bias", [17])
        checkGradients([a, b]) { $0.add($1[0], $1[1]) }
        checkGradients([a, bias]) { $0.add($1[0], $1[1]) }
        checkGradients([a, b]) { $0.mul($1[0], $1[1]) }
        checkGradients([a]) { $0.scale($1[0], -2.5) }
        checkGradients([a]) { $0.reshape($1[0], [17, 3]) }
        // An intermediate that adopts its output's gradient (reshape, the residual add) and is
        // then used twice: both uses must still add up.
        checkGradients([a]) { tape, p in
            let h = tape.scale(p[0], 1.5)
            return tape.add(tape.reshape(tape.add(h, h), [17, 3]), tape.reshape(tape.mul(h, h), [17, 3]))
        }
    }

    func testParametersKeepTheirOwnGradientBuffer() {
        let w = random.parameter("w", [3, 4])
        let tape = Tape()
        let y = tape.reshape(w, [12])
        tape.backward(from: y)
        XCTAssertEqual(w.grad!.scalars, [Float](repeating: 1, count: 12))
        XCTAssertFalse(w.grad!.storage === y.grad!.storage, "a parameter's gradient must not alias an op's output gradient")
        // An intermediate may adopt it: the same reshape of a non-parameter shares the storage.
        let x = Variable(Tensor(zeros: [3, 4]), requiresGrad: true), tape2 = Tape()
        let z = tape2.reshape(tape2.scale(x, 2), [12])
        tape2.backward(from: z)
        XCTAssertEqual(x.grad!.scalars, [Float](repeating: 2, count: 12))
    }

    func testNorms() {
        for shape in [[1, 17], [17, 3], [2, 3, 17]] {  // C = 1 is degenerate: rmsNorm(x) = sign(x)·w
            let x = random.parameter("x", shape), w = random.parameter("w", [shape.last!]), b = random.parameter("b", [shape.last!])
            checkGradients([x, w]) { $0.rmsNorm($1[0], weight: $1[1]) }
            checkGradients([x, w, b]) { $0.layerNorm($1[0], weight: $1[1], bias: $1[2]) }
        }
    }

    func testActivations() {
        let x = random.parameter("x", [3, 17], scale: 3), u = random.parameter("u", [3, 17])
        checkGradients([x]) { $0.gelu($1[0]) }
        checkGradients([x]) { $0.silu($1[0]) }
        checkGradients([x, u]) { $0.siluGate($1[0], $1[1]) }
        let w1 = random.parameter("w1", [5, 17]), w3 = random.parameter("w3", [5, 17]), w2 = random.parameter("w2", [17, 5])
        checkGradients([u, w1, w3, w2]) { $0.gatedMLP($1[0], gate: $1[1], up: $1[2], down: $1[3]) }
    }

    func testSoftmax() {
        checkGradients([random.parameter("x", [3, 17], scale: 3)]) { $0.softmax($1[0]) }
        checkGradients([random.parameter("x", [1, 3])]) { $0.softmax($1[0]) }
    }

    func testLogProbsAndCrossEntropy() {
        let logits = random.parameter("logits", [2, 3, 17], scale: 3)
        let targets = [0, 16, 5, 3, 3, 9]
        checkGradients([logits]) { $0.logProbs($1[0], targets: targets) }
        let mask = Tensor(shape: [2, 3], values: [1, 0, 1, 1, 0, 1])
        checkGradients([logits]) { $0.crossEntropy($1[0], targets: targets, mask: mask) }
    }

    func testCrossEntropyValueMatchesFormula() {
        let logits = Tensor(shape: [2, 3], values: [1, 2, 3, 0, 0, 0])
        let loss = Tape(recording: false).crossEntropy(Variable(logits), targets: [2, 1], mask: Tensor(shape: [2], values: [1, 0]))
        let expected = -(3 - log(exp(1.0) + exp(2.0) + exp(3.0)))
        XCTAssertEqual(Double(loss.value.item), expected, accuracy: 1e-6)
    }

    func testReductions() {
        let x = random.parameter("x", [3, 17])
        checkGradients([x]) { $0.sum($1[0]) }
        checkGradients([x]) { $0.mean($1[0]) }
        let weights = Tensor(shape: [3, 17], values: (0..<51).map { Float($0 % 4) })
        checkGradients([x]) { $0.maskedMean($1[0], mask: weights) }
    }

    func testConcatAndSlice() {
        let a = random.parameter("a", [2, 3, 4]), b = random.parameter("b", [2, 1, 4]), c = random.parameter("c", [2, 17, 4])
        checkGradients([a, b, c]) { $0.concat($1, axis: 1) }
        checkGradients([a]) { $0.slice($1[0], axis: 2, 1..<3) }
        checkGradients([a]) { $0.concat([$1[0], $0.scale($1[0], 2)], axis: 0) }
    }

    func testEmbeddingScatterAdd() {
        let table = random.parameter("table", [5, 17])
        checkGradients([table]) { $0.embedding([4, 0, 4, 4, 1], table: $1[0]) }
    }

    func testPixelShuffle() {
        let x = random.parameter("x", [1, 4, 2, 3])
        checkGradients([x]) { $0.pixelShuffle($1[0]) }
        let y = Tape(recording: false).pixelShuffle(x)
        // y[0, i=1, j=0, (2·di + dj)·C + c] with di = 1, dj = 0, c = 2 is x[0, 3, 0, 2].
        XCTAssertEqual(y.value.pointer[(1 * 1 + 0) * 12 + 2 * 3 + 2], x.value.pointer[(3 * 2 + 0) * 3 + 2])
    }

    func testGradientsAccumulateAcrossBackwards() {
        let w = random.parameter("w", [3])
        for _ in 0..<2 {
            let tape = Tape()
            tape.backward(from: tape.sum(tape.scale(w, 3)))
        }
        XCTAssertEqual(w.grad!.scalars, [6, 6, 6])
        w.zeroGrad()
        XCTAssertEqual(w.grad!.scalars, [0, 0, 0])
    }

    func testNoGradTapeRecordsNothing() {
        let tape = Tape(recording: false)
        let w = random.parameter("w", [3, 17])
        let y = tape.gelu(tape.linear(w, random.parameter("v", [2, 17])))
        XCTAssertEqual(tape.count, 0)
        XCTAssertFalse(y.requiresGrad)
        XCTAssertNil(w.grad)
    }
}
