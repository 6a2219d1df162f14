// The named model sizes: `tiny` (tests; trains in seconds), `small` (the default recipe's, sized for
// `make reproduce` in 30 minutes on 2 cores) and `ref256` (matches the PyTorch reference of make bench).

extension ModelConfig {
    public static let presetNames = ["tiny", "small", "small64", "ref256"]

    /// The preset `name` with `vocabularySize` rows (bytes + specials, plus BPE merges if any).
    public static func preset(_ name: String, vocabularySize: Int = Tokenizer.baseVocabularySize) -> ModelConfig? {
        switch name {
        case "tiny":
            // 64×64 images in 16×16 patches: 16 patches → 4 image tokens after the pixel shuffle.
            return ModelConfig(
                name: name, imageSize: 64, patchSize: 16, visionLayers: 1, visionWidth: 32, visionHeads: 2,
                visionMLPHidden: 128, pixelShuffle: true, projectorNorm: true, projectorHidden: 64,
                llmLayers: 2, llmWidth: 64, llmHeads: 2, llmMLPHidden: 172,
                vocabularySize: vocabularySize, contextLength: 256)
        case "small":
            // 64 patches of 8×8 → 16 image tokens; d 192 keeps SFT on ~20k problems plus tens of
            // thousands of samples inside the 30-minute budget (about 2.3 M parameters).
            return ModelConfig(
                name: name, imageSize: 64, patchSize: 8, visionLayers: 2, visionWidth: 128, visionHeads: 4,
                visionMLPHidden: 512, pixelShuffle: true, projectorNorm: true, projectorHidden: 192,
                llmLayers: 4, llmWidth: 192, llmHeads: 4, llmMLPHidden: 512,
                vocabularySize: vocabularySize, contextLength: 256)
        case "small64":
            // `small` without the 2×2 merge: 64 image tokens, one per 8×8 patch, so a digit of the
            // 3×5 font stays inside one token instead of sharing it with three neighbours.
            return ModelConfig(
                name: name, imageSize: 64, patchSize: 8, visionLayers: 2, visionWidth: 128, visionHeads: 4,
                visionMLPHidden: 512, pixelShuffle: false, projectorNorm: true, projectorHidden: 192,
                llmLayers: 4, llmWidth: 192, llmHeads: 4, llmMLPHidden: 512,
                vocabularySize: vocabularySize, contextLength: 320)
        case "ref256":
            // The PyTorch reference: 64 image tokens (no pixel shuffle) + 192 text tokens, d 256,
            // 4 layers, 4 heads, gated-SiLU 683, no projector norm: 5.05 M parameters, 2.14 GFLOP/sample.
            return ModelConfig(
                name: name, imageSize: 64, patchSize: 8, visionLayers: 2, visionWidth: 256, visionHeads: 4,
                visionMLPHidden: 1024, pixelShuffle: false, projectorNorm: false, projectorHidden: 256,
                llmLayers: 4, llmWidth: 256, llmHeads: 4, llmMLPHidden: 683,
                vocabularySize: vocabularySize, contextLength: 256)
        default:
            return nil
        }
    }
}
