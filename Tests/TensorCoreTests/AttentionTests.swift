// The fused attention against finite differences and against the same computation composed from
// the basic ops (slice, concat, mul, matmul, softmax), including RoPE and the causal mask.
import Foundation
import XCTest
@testable import TensorCore

final class AttentionTests: XCTestCase {
    /// Attention built from basic ops, with RoPE tables computed here in Double.
    func unfusedAttention(_ tape: Tape, _ qkv: Variable, heads: Int, causal: Bool, rope: Bool, offset: Int) -> Variable {
        let (b, t, d) = (qkv.shape[0], qkv.shape[1], qkv.shape[2] / 3)
        let dh = d / heads, half = dh / 2
        var cosValues: [Float] = [], sinValues: [Float] = []
        for pos in 0..<t {
            for i in 0..<dh {
                let angle = Double(pos + offset) / pow(10_000, Double(2 * (i % half)) / Double(dh))
                cosValues.append(Float(cos(angle)))
                sinValues.append(Float(sin(angle)))
            }
        }
        let cosT = Variable(Tensor(shape: [t, dh], values: cosValues)), sinT = Variable(Tensor(shape: [t, dh], values: sinValues))
        let mask = Variable(Tensor(shape: [t, t], values: (0..<t * t).map { causal && $0 % t > $0 / t ? -1e9 : 0 }))
        func rotate(_ x: Variable) -> Variable {  // x·cos + rotate_half(x)·sin, rotate_half(x) = (−x2, x1)
            guard rope else { return x }
            let rotated = tape.concat([tape.scale(tape.slice(x, axis: 1, half..<dh), -1), tape.slice(x, axis: 1, 0..<half)], axis: 1)
            return tape.add(tape.mul(x, cosT), tape.mul(rotated, sinT))
        }
        var items: [Variable] = []
        for item in 0..<b {
            let rows = tape.reshape(tape.slice(qkv, axis: 0, item..<item + 1), [t, 3 * d])
            var outputs: [Variable] = []
            for h in 0..<heads {
                let q = rotate(tape.slice(rows, axis: 1, h * dh..<(h + 1) * dh))
                let k = rotate(tape.slice(rows, axis: 1, d + h * dh..<d + (h + 1) * dh))
                let v = tape.slice(rows, axis: 1, 2 * d + h * dh..<2 * d + (h + 1) * dh)
                let scores = tape.add(tape.scale(tape.matmul(q, k, transposeB: true), 1 / Float(dh).squareRoot()), mask)
                outputs.append(tape.matmul(tape.softmax(scores), v))
            }
            items.append(tape.reshape(tape.concat(outputs, axis: 1), [1, t, d]))
        }
        return tape.concat(items, axis: 0)
    }

    func testMatchesUnfusedComposition() {
        var random = TestRandom(11)
        // T = 150 and 129 span several causal query blocks of 64, the last one short; T = 128 ends
        // on a block boundary. Full attention is one block at any T (the T = 70 case).
        for (b, t, heads, dh, causal, rope) in [
            (2, 17, 2, 4, true, true), (1, 3, 3, 2, false, true), (3, 1, 1, 6, true, false), (2, 5, 2, 4, false, false),
            (1, 150, 2, 4, true, true), (2, 129, 1, 6, true, false), (1, 128, 1, 4, true, true), (1, 70, 1, 4, false, true),
        ] {
            for offset in rope ? [0, 7] : [0] {
                let qkv = random.parameter("qkv", [b, t, 3 * heads * dh], scale: 2)
                let fusedTape = Tape()
                let fused = fusedTape.attention(qkv, heads: heads, causal: causal, rope: rope ? RoPE() : nil, positionOffset: offset)
                let seed = random.tensor(fused.shape)
                fusedTape.backward(from: fused, seed: seed)
                let fusedGrad = qkv.grad!.copy()
                qkv.zeroGrad()
                let plainTape = Tape()
                let plain = unfusedAttention(plainTape, qkv, heads: heads, causal: causal, rope: rope, offset: offset)
                plainTape.backward(from: plain, seed: seed)
                let label = "b \(b) t \(t) heads \(heads) dh \(dh) causal \(causal) rope \(rope) offset \(offset)"
                XCTAssertClose(fused.value, plain.value, tolerance: 1e-5, "forward " + label)
                XCTAssertClose(fusedGrad, qkv.grad!, tolerance: 1e-5, "backward " + label)
            }
        }
    }

    func testFiniteDifferences() {
        var random = TestRandom(12)
        for (b, t, heads, dh, causal) in [(2, 17, 2, 4, true), (1, 3, 1, 2, false), (3, 1, 3, 2, true), (1, 70, 1, 2, true)] {
            let qkv = random.parameter("qkv", [b, t, 3 * heads * dh])
            checkGradients([qkv]) { $0.attention($1[0], heads: heads, causal: causal, rope: RoPE(), positionOffset: 2) }
        }
    }

    func testCausalOutputIgnoresTheFuture() {
        var random = TestRandom(13)
        let qkv = random.tensor([1, 5, 12])
        let before = Tape(recording: false).attention(Variable(qkv), heads: 2, causal: true, rope: RoPE()).value
        for c in 0..<12 { qkv.pointer[4 * 12 + c] += 1 }  // change the last token only; y is [1, 5, 4]
        let after = Tape(recording: false).attention(Variable(qkv), heads: 2, causal: true, rope: RoPE()).value
        XCTAssertEqual(Array(before.scalars[0..<16]), Array(after.scalars[0..<16]))
        XCTAssertNotEqual(Array(before.scalars[16...]), Array(after.scalars[16...]))
    }
}
