// Shared fixtures: tiny models with weights scaled up so logits are far from uniform (otherwise
// every comparison would pass trivially), and synthetic images.
import TensorCore
@testable import VisionLanguage

enum ModelFixtures {
    /// The tiny preset with every weight matrix multiplied by `gain` (norms and biases kept).
    static func tinyModel(seed: UInt64 = 7, gain: Float = 6) throws -> VisionLanguageModel {
        let model = try VisionLanguageModel(config: ModelConfig.preset("tiny")!, seed: seed)
        for p in model.parameters where p.value.rank == 2 {
            for i in 0..<p.value.count { p.value.pointer[i] *= gain }
        }
        return model
    }

    /// A 64×64 RGB image: a solid colour, plus a checkerboard of `cell` pixels when cell > 0.
    static func image(_ rgb: (Float, Float, Float), cell: Int = 0, size: Int = 64) -> Tensor {
        let t = Tensor(zeros: [size, size, 3])
        for y in 0..<size {
            for x in 0..<size {
                let dark: Float = cell > 0 && (x / cell + y / cell) % 2 == 1 ? 0.3 : 1
                t.pointer[(y * size + x) * 3] = rgb.0 * dark
                t.pointer[(y * size + x) * 3 + 1] = rgb.1 * dark
                t.pointer[(y * size + x) * 3 + 2] = rgb.2 * dark
            }
        }
        return t
    }

    /// A deterministic pseudo-random image.
    static func noiseImage(seed: UInt64, size: Int = 64) -> Tensor {
        var random = PhiloxGenerator(seed: seed, stream: 99)
        let t = Tensor(zeros: [size, size, 3])
        for i in 0..<t.count { t.pointer[i] = random.uniformFloat() }
        return t
    }
}
