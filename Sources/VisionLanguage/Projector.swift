// InternVL's mlp1 between the ViT and the LLM: the 2×2 pixel shuffle (four neighbouring patches
// become one token of 4× the width), then [LayerNorm →] Linear → GELU → Linear into the LLM width.
import TensorCore

struct Projector {
    let config: ModelConfig
    let normWeight, normBias: Variable?
    let fc1, bias1, fc2, bias2: Variable

    init(_ p: ParameterBuilder, _ c: ModelConfig) throws(ModelError) {
        config = c
        let input = c.projectorInput
        normWeight = c.projectorNorm ? try p.make("projector.norm.weight", [input], .ones, decay: false) : nil
        normBias = c.projectorNorm ? try p.make("projector.norm.bias", [input], .zeros, decay: false) : nil
        fc1 = try p.make("projector.fc1.weight", [c.projectorHidden, input], .normal(std: 0.02))
        bias1 = try p.make("projector.fc1.bias", [c.projectorHidden], .zeros, decay: false)
        fc2 = try p.make("projector.fc2.weight", [c.llmWidth, c.projectorHidden], .normal(std: 0.02))
        bias2 = try p.make("projector.fc2.bias", [c.llmWidth], .zeros, decay: false)
    }

    /// ViT features [B, N, Dv] → image tokens [B, Ni, D] (Ni = N/4 with the pixel shuffle).
    func callAsFunction(_ tape: Tape, _ features: Variable) -> Variable {
        let (b, g, dv) = (features.shape[0], config.grid, config.visionWidth)
        var x = features
        if config.pixelShuffle {
            x = tape.reshape(tape.pixelShuffle(tape.reshape(x, [b, g, g, dv])), [b, config.imageTokens, 4 * dv])
        }
        if let normWeight, let normBias { x = tape.layerNorm(x, weight: normWeight, bias: normBias, eps: config.normEps) }
        return tape.linear(tape.gelu(tape.linear(x, fc1, bias1)), fc2, bias2)
    }
}
