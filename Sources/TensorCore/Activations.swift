// Pointwise activations: GELU (tanh form, the ViT's), SiLU, and the gated unit silu(gate) ⊙ up
// of the LLM's gated MLP. Each forward with its derivative beside it.
import Foundation

/// GELU, tanh approximation: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).
@inline(__always) func geluValue(_ x: Float) -> Float {
    0.5 * x * (1 + tanhf(0.7978845608 * (x + 0.044715 * x * x * x)))
}

/// d gelu/dx = 0.5·(1 + t) + 0.5·x·(1 − t²)·√(2/π)·(1 + 3·0.044715·x²), t the tanh above.
@inline(__always) func geluDerivative(_ x: Float) -> Float {
    let u = 0.7978845608 * (x + 0.044715 * x * x * x)
    let t = tanhf(u)
    return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * 0.7978845608 * (1 + 3 * 0.044715 * x * x)
}

/// SiLU: x·σ(x).
@inline(__always) func siluValue(_ x: Float) -> Float { x / (1 + expf(-x)) }

/// d silu/dx = σ(x)·(1 + x·(1 − σ(x))).
@inline(__always) func siluDerivative(_ x: Float) -> Float {
    let s = 1 / (1 + expf(-x))
    return s * (1 + x * (1 - s))
}

extension Tape {
    /// y = gelu(x). Backward: dx += dy · gelu'(x).
    public func gelu(_ x: Variable) -> Variable { pointwise(x, geluValue, geluDerivative) }

    /// y = silu(x). Backward: dx += dy · silu'(x).
    public func silu(_ x: Variable) -> Variable { pointwise(x, siluValue, siluDerivative) }

    private func pointwise(_ x: Variable, _ f: @escaping (Float) -> Float, _ df: @escaping (Float) -> Float) -> Variable {
        let y = Tensor(zeros: x.shape)
        elementwise(x.value.count, x.value.pointer, x.value.pointer, y.pointer) { v, _ in f(v) }
        return result(y, inputs: [x]) { out in
            elementwiseAccumulate(x.value.count, out.grad!.pointer, x.value.pointer, x.gradBuffer().pointer) { g, v in g * df(v) }
        }
    }

    /// The gated unit of a SwiGLU MLP: y = silu(gate) ⊙ up (equal shapes).
    ///   Backward: dgate += dy ⊙ up ⊙ silu'(gate); dup += dy ⊙ silu(gate).
    public func siluGate(_ gate: Variable, _ up: Variable) -> Variable {
        checked { () throws(TensorError) in try shapeRule(gate.shape == up.shape, "siluGate", gate.shape, up.shape, "equal shapes") }
        let y = Tensor(zeros: gate.shape)
        elementwise(gate.value.count, gate.value.pointer, up.value.pointer, y.pointer) { g, u in siluValue(g) * u }
        return result(y, inputs: [gate, up]) { out in
            let n = gate.value.count
            let pg = UncheckedSendable(out.grad!.pointer), pgate = UncheckedSendable(gate.value.pointer), pup = UncheckedSendable(up.value.pointer)
            let dGate = gate.requiresGrad ? UncheckedSendable(Optional(gate.gradBuffer().pointer)) : UncheckedSendable(nil)
            let dUp = up.requiresGrad ? UncheckedSendable(Optional(up.gradBuffer().pointer)) : UncheckedSendable(nil)
            ComputeThreads.parallelChunks(n, grain: elementGrain) { range in
                for i in range {
                    let g = pg.value[i], a = pgate.value[i]
                    dGate.value?[i] += g * pup.value[i] * siluDerivative(a)
                    dUp.value?[i] += g * siluValue(a)
                }
            }
        }
    }

    /// The LLM's gated MLP: down(silu(x·Wgateᵀ) ⊙ (x·Wupᵀ)); weights [hidden, C], [hidden, C], [C, hidden].
    public func gatedMLP(_ x: Variable, gate: Variable, up: Variable, down: Variable) -> Variable {
        linear(siluGate(linear(x, gate), linear(x, up)), down)
    }
}
