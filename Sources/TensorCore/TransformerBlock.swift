// A pre-norm decoder block composed from the ops (RMSNorm → causal attention with RoPE → residual
// → RMSNorm → gated SiLU MLP → residual): the thread-determinism test and the bench run it.

public struct TransformerBlock {
    public let heads: Int
    public let attentionNorm, qkv, projection, mlpNorm, gate, up, down: Variable

    /// dim = heads·Dh; weights [out, in] drawn N(0, 0.02²) from (seed, stream); norms start at 1.
    public init(dim: Int, heads: Int, hidden: Int, seed: UInt64, prefix: String = "block") {
        var random = PhiloxGenerator(seed: seed, stream: 0)
        func weight(_ name: String, _ shape: [Int]) -> Variable { .parameter("\(prefix).\(name)", random.normalTensor(shape, std: 0.02)) }
        func norm(_ name: String) -> Variable { .parameter("\(prefix).\(name)", onesLike(Tensor(zeros: [dim])), decay: false) }
        self.heads = heads
        attentionNorm = norm("attention_norm.weight")
        qkv = weight("attention.qkv.weight", [3 * dim, dim])
        projection = weight("attention.projection.weight", [dim, dim])
        mlpNorm = norm("mlp_norm.weight")
        gate = weight("mlp.gate.weight", [hidden, dim])
        up = weight("mlp.up.weight", [hidden, dim])
        down = weight("mlp.down.weight", [dim, hidden])
    }

    public var parameters: [Variable] { [attentionNorm, qkv, projection, mlpNorm, gate, up, down] }

    /// x [B, T, D] → [B, T, D].
    public func callAsFunction(_ tape: Tape, _ x: Variable) -> Variable {
        let attended = tape.attention(tape.linear(tape.rmsNorm(x, weight: attentionNorm), qkv), heads: heads, causal: true, rope: RoPE())
        let h = tape.add(x, tape.linear(attended, projection))
        return tape.add(h, tape.gatedMLP(tape.rmsNorm(h, weight: mlpNorm), gate: gate, up: up, down: down))
    }
}
