// The decoder-only LLM: token embedding, pre-norm blocks (RMSNorm → causal attention with RoPE →
// residual, RMSNorm → gated-SiLU MLP → residual), a final RMSNorm and an untied output head.
import TensorCore

struct DecoderLayer {
    let attentionNorm, qkv, projection, mlpNorm, gate, up, down: Variable

    init(_ p: ParameterBuilder, _ prefix: String, _ c: ModelConfig) throws(ModelError) {
        let d = c.llmWidth, residualStd = 0.02 / Float(2 * c.llmLayers).squareRoot()
        attentionNorm = try p.make("\(prefix).attn_norm.weight", [d], .ones, decay: false)
        qkv = try p.make("\(prefix).attn.qkv.weight", [3 * d, d], .normal(std: 0.02))
        projection = try p.make("\(prefix).attn.proj.weight", [d, d], .normal(std: residualStd))
        mlpNorm = try p.make("\(prefix).mlp_norm.weight", [d], .ones, decay: false)
        gate = try p.make("\(prefix).mlp.gate.weight", [c.llmMLPHidden, d], .normal(std: 0.02))
        up = try p.make("\(prefix).mlp.up.weight", [c.llmMLPHidden, d], .normal(std: 0.02))
        down = try p.make("\(prefix).mlp.down.weight", [d, c.llmMLPHidden], .normal(std: residualStd))
    }

    /// x [B, T, D] → [B, T, D], positions 0..<T. `onQKV` sees the packed q|k|v [B, T, 3D] (the
    /// decoder's prefill fills its cache from it).
    func callAsFunction(_ tape: Tape, _ x: Variable, config c: ModelConfig, onQKV: ((Tensor) -> Void)? = nil) -> Variable {
        let qkvOut = tape.linear(tape.rmsNorm(x, weight: attentionNorm, eps: c.normEps), qkv)
        onQKV?(qkvOut.value)
        let attended = tape.attention(qkvOut, heads: c.llmHeads, causal: true, rope: RoPE(base: c.ropeBase))
        let h = tape.add(x, tape.linear(attended, projection))
        return tape.add(h, tape.gatedMLP(tape.rmsNorm(h, weight: mlpNorm, eps: c.normEps), gate: gate, up: up, down: down))
    }
}

struct LanguageModel {
    let config: ModelConfig
    let embed, finalNorm, head: Variable
    let layers: [DecoderLayer]

    init(_ p: ParameterBuilder, _ c: ModelConfig) throws(ModelError) {
        config = c
        embed = try p.make("llm.embed.weight", [c.vocabularySize, c.llmWidth], .normal(std: 0.02))
        var layers: [DecoderLayer] = []
        for i in 0..<c.llmLayers { layers.append(try DecoderLayer(p, "llm.layers.\(i)", c)) }
        self.layers = layers
        finalNorm = try p.make("llm.norm.weight", [c.llmWidth], .ones, decay: false)
        head = try p.make("llm.head.weight", [c.vocabularySize, c.llmWidth], .normal(std: 0.02))
    }

    /// Input embeddings x [B, T, D] → logits [B, T, V] (teacher forcing, all positions);
    /// `onQKV(layer, qkv [B, T, 3D])` as in DecoderLayer.
    func logits(_ tape: Tape, _ x: Variable, onQKV: ((Int, Tensor) -> Void)? = nil) -> Variable {
        var h = x
        for (i, layer) in layers.enumerated() { h = layer(tape, h, config: config, onQKV: onQKV.map { f in { f(i, $0) } }) }
        return tape.linear(tape.rmsNorm(h, weight: finalNorm, eps: config.normEps), head)
    }
}
