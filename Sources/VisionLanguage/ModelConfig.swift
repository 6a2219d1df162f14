// The sizes of the embedded ViT-MLP-LLM (docs/model.md, "Shape"). Stored as JSON in the model artifact
// (`config.json` and the safetensors `__metadata__`), so no size is ever hard-coded in a caller.
import JSON

public struct ModelConfig: Sendable, Equatable {
    /// The preset it came from (`tiny`, `small`, `ref256`, or a custom name): for people only.
    public var name: String

    // Vision: a square RGB image cut into square patches, a bidirectional pre-norm encoder.
    public var imageSize: Int
    public var patchSize: Int
    public var visionLayers: Int
    public var visionWidth: Int
    public var visionHeads: Int
    /// Hidden width of the encoder's GELU MLP.
    public var visionMLPHidden: Int

    // Projector: optional 2×2 pixel shuffle (C → 4C, a quarter of the tokens), then
    // [LayerNorm →] Linear → GELU → Linear into the LLM width (InternVL's mlp1).
    public var pixelShuffle: Bool
    public var projectorNorm: Bool
    public var projectorHidden: Int

    // Language model: pre-norm decoder, RMSNorm, RoPE, causal attention, gated-SiLU MLP, untied head.
    public var llmLayers: Int
    public var llmWidth: Int
    public var llmHeads: Int
    public var llmMLPHidden: Int
    /// Rows of the embedding and of the head: bytes + the in-vocabulary specials + BPE merges.
    public var vocabularySize: Int
    /// The longest sequence (image tokens included) the model is trained or sampled on.
    public var contextLength: Int
    public var normEps: Float
    public var ropeBase: Double

    public init(
        name: String, imageSize: Int, patchSize: Int, visionLayers: Int, visionWidth: Int, visionHeads: Int,
        visionMLPHidden: Int, pixelShuffle: Bool, projectorNorm: Bool, projectorHidden: Int, llmLayers: Int,
        llmWidth: Int, llmHeads: Int, llmMLPHidden: Int, vocabularySize: Int, contextLength: Int,
        normEps: Float = 1e-5, ropeBase: Double = 10_000
    ) {
        self.name = name
        self.imageSize = imageSize
        self.patchSize = patchSize
        self.visionLayers = visionLayers
        self.visionWidth = visionWidth
        self.visionHeads = visionHeads
        self.visionMLPHidden = visionMLPHidden
        self.pixelShuffle = pixelShuffle
        self.projectorNorm = projectorNorm
        self.projectorHidden = projectorHidden
        self.llmLayers = llmLayers
        self.llmWidth = llmWidth
        self.llmHeads = llmHeads
        self.llmMLPHidden = llmMLPHidden
        self.vocabularySize = vocabularySize
        self.contextLength = contextLength
        self.normEps = normEps
        self.ropeBase = ropeBase
    }

    /// Patches per image side (the ViT grid is grid × grid).
    public var grid: Int { imageSize / patchSize }
    /// Patches per image: the encoder's sequence length.
    public var patchCount: Int { grid * grid }
    /// Floats per flattened patch (RGB).
    public var patchFeatures: Int { patchSize * patchSize * 3 }
    /// `<IMG_CONTEXT>` tokens per image in the LLM sequence.
    public var imageTokens: Int { pixelShuffle ? patchCount / 4 : patchCount }
    /// Width entering the projector.
    public var projectorInput: Int { pixelShuffle ? 4 * visionWidth : visionWidth }

    /// Every rule a usable configuration satisfies, with the offending field named.
    /// The largest size any field may take: far above every preset, far below what would make
    /// an allocation (the KV cache, an activation) fail. A config from a file is checked against
    /// these before anything is sized by it.
    public static let limits = (imageSize: 4096, width: 16_384, layers: 256, vocabulary: 1 << 20, context: 32_768)

    public func validate() throws(ModelError) {
        func rule(_ ok: Bool, _ message: String) throws(ModelError) { if !ok { throw .config(message) } }
        let l = Self.limits
        try rule(
            imageSize <= l.imageSize && patchSize <= imageSize,
            "imageSize \(imageSize) (patch \(patchSize)) is above the limit \(l.imageSize)")
        try rule(
            [visionWidth, visionMLPHidden, projectorHidden, llmWidth, llmMLPHidden].allSatisfy { $0 <= l.width },
            "a width of \([visionWidth, visionMLPHidden, projectorHidden, llmWidth, llmMLPHidden].max()!) is above the limit \(l.width)")
        try rule(visionLayers <= l.layers && llmLayers <= l.layers, "more than \(l.layers) layers")
        try rule(vocabularySize <= l.vocabulary, "vocabularySize \(vocabularySize) is above the limit \(l.vocabulary)")
        try rule(contextLength <= l.context, "contextLength \(contextLength) is above the limit \(l.context)")
        try rule(visionHeads <= visionWidth && llmHeads <= llmWidth, "more heads than features")
        try rule(
            imageSize > 0 && patchSize > 0 && imageSize % patchSize == 0,
            "imageSize \(imageSize) must be a positive multiple of patchSize \(patchSize)")
        try rule(!pixelShuffle || grid % 2 == 0, "pixelShuffle needs an even patch grid, got \(grid)×\(grid)")
        try rule(visionLayers >= 0 && llmLayers >= 1, "need visionLayers ≥ 0 and llmLayers ≥ 1")
        try rule(
            visionHeads > 0 && visionWidth % visionHeads == 0, "visionWidth \(visionWidth) must be a multiple of visionHeads \(visionHeads)"
        )
        try rule(
            llmHeads > 0 && llmWidth % llmHeads == 0 && (llmWidth / llmHeads) % 2 == 0,
            "llmWidth \(llmWidth) / llmHeads \(llmHeads) must be an even head size (RoPE)")
        try rule(visionMLPHidden > 0 && projectorHidden > 0 && llmMLPHidden > 0, "MLP widths must be positive")
        try rule(
            vocabularySize >= Tokenizer.baseVocabularySize,
            "vocabularySize \(vocabularySize) is below the \(Tokenizer.baseVocabularySize) bytes and specials")
        try rule(
            contextLength > imageTokens + 16, "contextLength \(contextLength) leaves no room for text after \(imageTokens) image tokens")
    }
}

// MARK: - JSON form (keys sorted when written canonically)

extension ModelConfig {
    public var json: JSONValue {
        .object([
            "name": .string(name),
            "image_size": .integer(Int64(imageSize)), "patch_size": .integer(Int64(patchSize)),
            "vision_layers": .integer(Int64(visionLayers)), "vision_width": .integer(Int64(visionWidth)),
            "vision_heads": .integer(Int64(visionHeads)), "vision_mlp_hidden": .integer(Int64(visionMLPHidden)),
            "pixel_shuffle": .bool(pixelShuffle), "projector_norm": .bool(projectorNorm),
            "projector_hidden": .integer(Int64(projectorHidden)),
            "llm_layers": .integer(Int64(llmLayers)), "llm_width": .integer(Int64(llmWidth)),
            "llm_heads": .integer(Int64(llmHeads)), "llm_mlp_hidden": .integer(Int64(llmMLPHidden)),
            "vocabulary_size": .integer(Int64(vocabularySize)), "context_length": .integer(Int64(contextLength)),
            "norm_eps": .number(Double(normEps)), "rope_base": .number(ropeBase),
        ])
    }

    /// Reads the JSON form; an absent or mistyped field is named in the error.
    public init(json value: JSONValue) throws(ModelError) {
        guard let object = value.objectValue else { throw .config("config is not a JSON object") }
        let known: Set<String> = [
            "name", "image_size", "patch_size", "vision_layers", "vision_width", "vision_heads", "vision_mlp_hidden",
            "pixel_shuffle", "projector_norm", "projector_hidden", "llm_layers", "llm_width", "llm_heads",
            "llm_mlp_hidden", "vocabulary_size", "context_length", "norm_eps", "rope_base",
        ]
        if let unknown = object.keys.first(where: { !known.contains($0) }) { throw .config("unknown config field \"\(unknown)\"") }
        func int(_ key: String) throws(ModelError) -> Int {
            guard let v = object[key]?.integerValue else { throw .config("config field \"\(key)\" is missing or not an integer") }
            return Int(v)
        }
        func bool(_ key: String) throws(ModelError) -> Bool {
            guard let v = object[key]?.boolValue else { throw .config("config field \"\(key)\" is missing or not a boolean") }
            return v
        }
        func number(_ key: String) throws(ModelError) -> Double {
            guard let v = object[key]?.doubleValue else { throw .config("config field \"\(key)\" is missing or not a number") }
            return v
        }
        guard let name = object["name"]?.stringValue else { throw .config("config field \"name\" is missing or not a string") }
        self.init(
            name: name, imageSize: try int("image_size"), patchSize: try int("patch_size"), visionLayers: try int("vision_layers"),
            visionWidth: try int("vision_width"), visionHeads: try int("vision_heads"), visionMLPHidden: try int("vision_mlp_hidden"),
            pixelShuffle: try bool("pixel_shuffle"), projectorNorm: try bool("projector_norm"),
            projectorHidden: try int("projector_hidden"),
            llmLayers: try int("llm_layers"), llmWidth: try int("llm_width"), llmHeads: try int("llm_heads"),
            llmMLPHidden: try int("llm_mlp_hidden"), vocabularySize: try int("vocabulary_size"),
            contextLength: try int("context_length"), normEps: Float(try number("norm_eps")), ropeBase: try number("rope_base"))
        try validate()
    }
}

/// What the model reports: a bad configuration, a checkpoint that does not fit it, or a bad input.
public enum ModelError: Error, CustomStringConvertible, Equatable {
    case config(String)
    case checkpoint(String)
    case input(String)

    public var description: String {
        switch self {
        case .config(let message): return "model config: \(message)"
        case .checkpoint(let message): return "model checkpoint: \(message)"
        case .input(let message): return "model input: \(message)"
        }
    }
}
