// The ViT: an RGB image cut into patches, a linear patch embedding with learned positions, then
// bidirectional pre-norm blocks (RMSNorm → attention → residual, RMSNorm → GELU MLP → residual).
import TensorCore

struct VisionLayer {
    let attentionNorm, qkv, projection, mlpNorm, fc1, fc2: Variable

    init(_ p: ParameterBuilder, _ prefix: String, _ c: ModelConfig) throws(ModelError) {
        let d = c.visionWidth, residualStd = 0.02 / Float(2 * max(1, c.visionLayers)).squareRoot()
        attentionNorm = try p.make("\(prefix).attn_norm.weight", [d], .ones, decay: false)
        qkv = try p.make("\(prefix).attn.qkv.weight", [3 * d, d], .normal(std: 0.02))
        projection = try p.make("\(prefix).attn.proj.weight", [d, d], .normal(std: residualStd))
        mlpNorm = try p.make("\(prefix).mlp_norm.weight", [d], .ones, decay: false)
        fc1 = try p.make("\(prefix).mlp.fc1.weight", [c.visionMLPHidden, d], .normal(std: 0.02))
        fc2 = try p.make("\(prefix).mlp.fc2.weight", [d, c.visionMLPHidden], .normal(std: residualStd))
    }

    /// x [B, N, Dv] → [B, N, Dv].
    func callAsFunction(_ tape: Tape, _ x: Variable, heads: Int, eps: Float) -> Variable {
        let attended = tape.attention(tape.linear(tape.rmsNorm(x, weight: attentionNorm, eps: eps), qkv), heads: heads, causal: false)
        let h = tape.add(x, tape.linear(attended, projection))
        return tape.add(h, tape.linear(tape.gelu(tape.linear(tape.rmsNorm(h, weight: mlpNorm, eps: eps), fc1)), fc2))
    }
}

struct VisionEncoder {
    let config: ModelConfig
    let patchWeight, patchBias, positions, finalNorm: Variable
    let layers: [VisionLayer]

    init(_ p: ParameterBuilder, _ c: ModelConfig) throws(ModelError) {
        config = c
        patchWeight = try p.make("vision.patch_embed.weight", [c.visionWidth, c.patchFeatures], .normal(std: 0.02))
        patchBias = try p.make("vision.patch_embed.bias", [c.visionWidth], .zeros, decay: false)
        positions = try p.make("vision.positions", [c.patchCount, c.visionWidth], .normal(std: 0.02), decay: false)
        var layers: [VisionLayer] = []
        for i in 0..<c.visionLayers { layers.append(try VisionLayer(p, "vision.layers.\(i)", c)) }
        self.layers = layers
        finalNorm = try p.make("vision.norm.weight", [c.visionWidth], .ones, decay: false)
    }

    /// pixels: B images [H, W, 3] in [0, 1] → patches [B, N, P·P·3], patches in row-major grid
    /// order, features in (row, column, channel) order, each value mapped to 2p − 1.
    static func patches(_ images: [Tensor], config c: ModelConfig) -> Tensor {
        let (s, p, g) = (c.imageSize, c.patchSize, c.grid)
        let out = Tensor(zeros: [images.count, c.patchCount, c.patchFeatures])
        for (b, image) in images.enumerated() {
            precondition(image.shape == [s, s, 3], "VisionEncoder: image of shape \(image.shape), expected [\(s), \(s), 3]")
            let src = image.pointer, dst = out.pointer + b * c.patchCount * c.patchFeatures
            for gy in 0..<g {
                for gx in 0..<g {
                    let patch = dst + (gy * g + gx) * c.patchFeatures
                    for y in 0..<p {
                        for x in 0..<p {
                            for ch in 0..<3 { patch[(y * p + x) * 3 + ch] = 2 * src[((gy * p + y) * s + gx * p + x) * 3 + ch] - 1 }
                        }
                    }
                }
            }
        }
        return out
    }

    /// patches [B, N, P·P·3] → features [B, N, Dv].
    func callAsFunction(_ tape: Tape, _ patches: Tensor) -> Variable {
        var x = tape.add(tape.linear(Variable(patches), patchWeight, patchBias), positions)
        for layer in layers { x = layer(tape, x, heads: config.visionHeads, eps: config.normEps) }
        return tape.rmsNorm(x, weight: finalNorm, eps: config.normEps)
    }
}
