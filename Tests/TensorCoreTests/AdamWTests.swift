// AdamW steps against the update formula written out here in Double; global-norm clipping; the
// warm-up + cosine schedule at its landmarks.
import Foundation
import XCTest
@testable import TensorCore

final class AdamWTests: XCTestCase {
    func testTwoStepsMatchTheFormula() {
        let config = AdamWConfig(beta1: 0.8, beta2: 0.95, eps: 1e-6, weightDecay: 0.1)
        let w = Variable.parameter("w", Tensor(shape: [3], values: [0.5, -1.5, 2])),
            b = Variable.parameter("b", Tensor(shape: [2], values: [0.25, -0.75]), decay: false)
        let optimizer = AdamW(parameters: [w, b], config: config)
        let grads: [[[Double]]] = [[[0.1, -0.2, 0.3], [1, -2]], [[-0.4, 0.05, 0.3], [0.5, 0.5]]]
        let lrs = [0.01, 0.02]
        var theta = [[0.5, -1.5, 2], [0.25, -0.75]], m = [[0.0, 0, 0], [0, 0]], v = m
        for step in 0..<2 {
            for (p, g) in zip([w, b], grads[step]) {
                p.zeroGrad()
                let tape = Tape()
                tape.backward(from: tape.sum(tape.mul(p, Variable(Tensor(shape: p.shape, values: g.map(Float.init))))))
            }
            optimizer.update(lr: Float(lrs[step]))
            let t = Double(step + 1), lr = lrs[step]
            for i in 0..<2 {
                for j in theta[i].indices {
                    let g = grads[step][i][j]
                    m[i][j] = 0.8 * m[i][j] + 0.2 * g
                    v[i][j] = 0.95 * v[i][j] + 0.05 * g * g
                    if i == 0 { theta[i][j] -= lr * 0.1 * theta[i][j] }  // decay on w only
                    theta[i][j] -= lr * (m[i][j] / (1 - pow(0.8, t))) / ((v[i][j] / (1 - pow(0.95, t))).squareRoot() + 1e-6)
                }
            }
            for (p, expected) in zip([w, b], theta) {
                for (actual, e) in zip(p.value.scalars, expected) {
                    XCTAssertEqual(Double(actual), e, accuracy: 1e-6, "\(p.name) step \(step + 1)")
                }
            }
        }
        XCTAssertEqual(optimizer.step, 2)
    }

    func testClippingByGlobalNorm() {
        let a = Variable.parameter("a", Tensor(zeros: [2])), b = Variable.parameter("b", Tensor(zeros: [1]))
        let tape = Tape()
        let weights = Variable(Tensor(shape: [3], values: [3, 0, 4]))
        tape.backward(from: tape.sum(tape.mul(tape.concat([a, b], axis: 0), weights)))
        XCTAssertEqual(clipGradientNorm([a, b], maxNorm: 1), 5, accuracy: 1e-12)
        XCTAssertEqual(a.grad!.scalars, [0.6, 0])
        XCTAssertEqual(b.grad!.scalars, [0.8])
        XCTAssertEqual(clipGradientNorm([a, b], maxNorm: 2), 1, accuracy: 1e-6)  // below the limit: unchanged
        XCTAssertEqual(b.grad!.scalars, [0.8])
    }

    func testScheduleLandmarks() {
        let s = LearningRateSchedule(peak: 1e-3, warmupSteps: 10, totalSteps: 110, floor: 1e-4)
        XCTAssertEqual(s.rate(at: 0), 0)
        XCTAssertEqual(s.rate(at: 5), 5e-4, accuracy: 1e-15)
        XCTAssertEqual(s.rate(at: 10), 1e-3, accuracy: 1e-15)
        XCTAssertEqual(s.rate(at: 60), 1e-4 + 0.9e-3 * 0.5, accuracy: 1e-15)  // half-way: cos(π/2) = 0
        XCTAssertEqual(s.rate(at: 110), 1e-4, accuracy: 1e-15)
        XCTAssertEqual(s.rate(at: 500), 1e-4, accuracy: 1e-15)
        XCTAssertEqual(LearningRateSchedule(peak: 1, warmupSteps: 0, totalSteps: 4).rate(at: 0), 1)
    }
}
