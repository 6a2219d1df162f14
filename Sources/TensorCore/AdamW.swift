// AdamW (Loshchilov & Hutter, 2019): Adam with bias-corrected moments and weight decay decoupled
// from the gradient, skipped for no-decay parameters; plus clipping by the global gradient norm.
import Foundation

public struct AdamWConfig: Sendable {
    public var beta1: Float = 0.9
    public var beta2: Float = 0.999
    public var eps: Float = 1e-8
    public var weightDecay: Float = 0.01
    public init(beta1: Float = 0.9, beta2: Float = 0.999, eps: Float = 1e-8, weightDecay: Float = 0.01) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.weightDecay = weightDecay
    }
}

/// Keeps the first and second moments of each parameter, named like the parameter (for checkpoints).
public final class AdamW {
    public let parameters: [Variable]
    public let config: AdamWConfig
    /// Steps taken; the bias corrections use it (1 after the first step).
    public private(set) var step = 0
    public let firstMoments: [Tensor]
    public let secondMoments: [Tensor]

    public init(parameters: [Variable], config: AdamWConfig = AdamWConfig()) {
        self.parameters = parameters
        self.config = config
        firstMoments = parameters.map { Tensor(zeros: $0.shape) }
        secondMoments = parameters.map { Tensor(zeros: $0.shape) }
    }

    /// Restores a checkpointed state (moments are copied into place).
    public func restore(step: Int, firstMoments: [Tensor], secondMoments: [Tensor]) {
        precondition(
            firstMoments.count == parameters.count && secondMoments.count == parameters.count,
            "AdamW.restore: \(parameters.count) parameters")
        for (i, p) in parameters.enumerated() {
            checked { () throws(TensorError) in
                try shapeRule(
                    firstMoments[i].shape == p.shape && secondMoments[i].shape == p.shape, "AdamW.restore \(p.name)", p.shape,
                    firstMoments[i].shape, "moments of the parameter's shape")
            }
            self.firstMoments[i].pointer.update(from: firstMoments[i].pointer, count: p.value.count)
            self.secondMoments[i].pointer.update(from: secondMoments[i].pointer, count: p.value.count)
        }
        self.step = step
    }

    /// One update at learning rate `lr`; parameters without a gradient are left alone.
    ///   m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²;  m̂ = m/(1−β1ᵗ);  v̂ = v/(1−β2ᵗ)
    ///   θ ← θ − lr·wd·θ (decay on only);  θ ← θ − lr·m̂/(√v̂ + ε)
    public func update(lr: Float) {
        step += 1
        let c = config
        let correction1 = 1 - Float(pow(Double(c.beta1), Double(step))), correction2 = 1 - Float(pow(Double(c.beta2), Double(step)))
        for (i, p) in parameters.enumerated() {
            guard let grad = p.grad else { continue }
            let decay = p.decay ? lr * c.weightDecay : 0
            let pt = UncheckedSendable(p.value.pointer), pg = UncheckedSendable(grad.pointer)
            let pm = UncheckedSendable(firstMoments[i].pointer), pv = UncheckedSendable(secondMoments[i].pointer)
            ComputeThreads.parallelChunks(p.value.count, grain: elementGrain) { range in
                for j in range {
                    let g = pg.value[j]
                    let m = c.beta1 * pm.value[j] + (1 - c.beta1) * g, v = c.beta2 * pv.value[j] + (1 - c.beta2) * g * g
                    pm.value[j] = m
                    pv.value[j] = v
                    var theta = pt.value[j]
                    theta -= decay * theta
                    theta -= lr * (m / correction1) / ((v / correction2).squareRoot() + c.eps)
                    pt.value[j] = theta
                }
            }
        }
    }
}

/// The global L2 norm of all gradients, summed in Double in parameter then element order.
public func globalGradientNorm(_ parameters: [Variable]) -> Double {
    var total = 0.0
    for p in parameters {
        guard let g = p.grad else { continue }
        for i in 0..<g.count { total += Double(g.pointer[i]) * Double(g.pointer[i]) }
    }
    return total.squareRoot()
}

/// Scales every gradient by maxNorm / norm when the global norm exceeds maxNorm; returns the norm
/// before clipping (for the training log).
@discardableResult
public func clipGradientNorm(_ parameters: [Variable], maxNorm: Double) -> Double {
    let norm = globalGradientNorm(parameters)
    if norm > maxNorm {
        let factor = Float(maxNorm / norm)
        for p in parameters {
            guard let g = p.grad else { continue }
            for i in 0..<g.count { g.pointer[i] *= factor }
        }
    }
    return norm
}
