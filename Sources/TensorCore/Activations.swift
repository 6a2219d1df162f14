// Pointwise activations: GELU (tanh form, the ViT's), SiLU, and the gated unit silu(gate) ⊙ up
// of the LLM's gated MLP. Each forward with its derivative beside it, eight lanes at a time.

/// tanh(u) = 1 − 2/(e^{2u} + 1): saturates to ±1 cleanly at both ends.
@inline(__always) func tanh(_ u: Float8) -> Float8 { 1 - 2 / (exp(2 * u) + 1) }

/// GELU, tanh approximation: 0.5·x·(1 + tanh(u)), u = √(2/π)·(x + 0.044715·x³).
@inline(__always) func geluValue(_ x: Float8) -> Float8 {
    let u: Float8 = 0.797_884_560_8 * (x + 0.044715 * x * x * x)
    return 0.5 * x * (1 + tanh(u))
}

/// d gelu/dx = 0.5·(1 + t) + 0.5·x·(1 − t²)·du/dx, t = tanh(u), du/dx = √(2/π)·(1 + 3·0.044715·x²).
@inline(__always) func geluDerivative(_ x: Float8) -> Float8 {
    let u: Float8 = 0.797_884_560_8 * (x + 0.044715 * x * x * x)
    let t = tanh(u)
    let du: Float8 = 0.797_884_560_8 * (1 + 3 * 0.044715 * x * x)
    let half: Float8 = 0.5 * (1 + t)
    return half + 0.5 * x * (1 - t * t) * du
}

/// σ(x) = 1/(1 + e^−x).
@inline(__always) func sigmoid(_ x: Float8) -> Float8 { 1 / (1 + exp(-x)) }

/// SiLU, x·σ(x), and its derivative σ(x)·(1 + x·(1 − σ(x))), from one σ.
@inline(__always) func siluAndDerivative(_ x: Float8) -> (value: Float8, derivative: Float8) {
    let s = sigmoid(x)
    return (x * s, s * (1 + x * (1 - s)))
}

@inline(__always) func siluValue(_ x: Float8) -> Float8 { siluAndDerivative(x).value }
@inline(__always) func siluDerivative(_ x: Float8) -> Float8 { siluAndDerivative(x).derivative }

/// gate[j] ← silu(gate[j]) · up[j] for j in `range`: one row of the gated unit, for the KV-cache
/// decoder (the same lane arithmetic as `Tape.siluGate`).
public func siluGate(_ gate: UnsafeMutablePointer<Float>, _ up: UnsafePointer<Float>, _ range: Range<Int>) {
    lanes(range, gate, up, up, into: gate, accumulate: false) { g, u, _ in siluValue(g) * u }
}

extension Tape {
    /// y = gelu(x). Backward: dx += dy · gelu'(x).
    public func gelu(_ x: Variable) -> Variable { pointwise(x, geluValue, geluDerivative) }

    /// y = silu(x). Backward: dx += dy · silu'(x).
    public func silu(_ x: Variable) -> Variable { pointwise(x, siluValue, siluDerivative) }

    private func pointwise(_ x: Variable, _ f: @escaping (Float8) -> Float8, _ df: @escaping (Float8) -> Float8) -> Variable {
        let y = Tensor(uninitialized: x.shape)
        lanewise(x.value.count, x.value.pointer, x.value.pointer, into: y.pointer) { v, _ in f(v) }
        return result(y, inputs: [x]) { out in
            lanewise(x.value.count, out.grad!.pointer, x.value.pointer, into: x.gradBuffer().pointer, accumulate: true) { g, v in g * df(v)
            }
        }
    }

    /// The gated unit of a SwiGLU MLP: y = silu(gate) ⊙ up (equal shapes).
    ///   Backward: dgate += dy ⊙ up ⊙ silu'(gate); dup += dy ⊙ silu(gate).
    public func siluGate(_ gate: Variable, _ up: Variable) -> Variable {
        checked { () throws(TensorError) in try shapeRule(gate.shape == up.shape, "siluGate", gate.shape, up.shape, "equal shapes") }
        let y = Tensor(uninitialized: gate.shape)
        lanewise(gate.value.count, gate.value.pointer, up.value.pointer, into: y.pointer) { g, u in siluValue(g) * u }
        return result(y, inputs: [gate, up]) { out in
            // One pass writes both gradients, so σ(gate) is computed once per element.
            lanewise(
                gate.value.count, out.grad!.pointer, up.value.pointer, gate.value.pointer,
                accumulatingInto: gate.requiresGrad ? gate.gradBuffer().pointer : nil, up.requiresGrad ? up.gradBuffer().pointer : nil
            ) { g, u, a in
                let silu = siluAndDerivative(a)
                return (g * u * silu.derivative, g * silu.value)
            }
        }
    }

    /// The LLM's gated MLP: down(silu(x·Wgateᵀ) ⊙ (x·Wupᵀ)); weights [hidden, C], [hidden, C], [C, hidden].
    public func gatedMLP(_ x: Variable, gate: Variable, up: Variable, down: Variable) -> Variable {
        linear(siluGate(linear(x, gate), linear(x, up)), down)
    }
}
