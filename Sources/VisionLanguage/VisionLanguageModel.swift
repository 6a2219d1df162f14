// The whole ViT-MLP-LLM (docs/model.md, "Shape"): the projector's image tokens take the places of the
// `<IMG_CONTEXT>` placeholders in the LLM's input, and the LLM scores every next token.
import TensorCore

public final class VisionLanguageModel {
    public let config: ModelConfig
    public let tokenizer: Tokenizer
    public let template: ChatTemplate
    let vision: VisionEncoder
    let projector: Projector
    let llm: LanguageModel
    /// Every parameter, in construction order (vision, projector, LLM), named as in model.safetensors.
    public let parameters: [Variable]

    /// A freshly initialised model: every parameter from the Philox stream (seed, hash of its name).
    public convenience init(config: ModelConfig, tokenizer: Tokenizer = Tokenizer(), seed: UInt64) throws(ModelError) {
        try self.init(config: config, tokenizer: tokenizer, builder: ParameterBuilder(.random(seed: seed)))
    }

    /// A model from checkpoint tensors; a missing, extra or misshapen tensor is refused by name.
    public convenience init(config: ModelConfig, tokenizer: Tokenizer, tensors: [String: Tensor]) throws(ModelError) {
        try self.init(config: config, tokenizer: tokenizer, builder: ParameterBuilder(.tensors(tensors)))
    }

    private init(config: ModelConfig, tokenizer: Tokenizer, builder: ParameterBuilder) throws(ModelError) {
        try config.validate()
        guard tokenizer.vocabularySize == config.vocabularySize else {
            throw .config(
                "the tokenizer has \(tokenizer.vocabularySize) tokens but the config's vocabulary_size is \(config.vocabularySize)")
        }
        self.config = config
        self.tokenizer = tokenizer
        template = ChatTemplate(tokenizer: tokenizer, config: config)
        vision = try VisionEncoder(builder, config)
        projector = try Projector(builder, config)
        llm = try LanguageModel(builder, config)
        try builder.checkNothingLeft()
        parameters = builder.parameters
    }

    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.value.count } }

    /// Parameter values by name (what model.safetensors holds).
    public var tensors: [String: Tensor] { Dictionary(uniqueKeysWithValues: parameters.map { ($0.name, $0.value) }) }

    /// B images [H, W, 3] in [0, 1] → image tokens [B, Ni, D].
    func imageTokens(_ tape: Tape, _ images: [Tensor]) -> Variable {
        projector(tape, vision(tape, VisionEncoder.patches(images, config: config)))
    }

    /// The LLM's input [B, T, D]: token embeddings, with the image tokens spliced in at
    /// positions offset..<offset+Ni (the same offset for every sequence: the template fixes it).
    func inputEmbeddings(_ tape: Tape, _ batch: SequenceBatch) -> Variable {
        let (b, t, d) = (batch.count, batch.length, config.llmWidth)
        // Placeholders (image context, padding) look up row 0: their rows are replaced or never seen.
        let lookup = batch.ids.map { (0..<config.vocabularySize).contains($0) ? $0 : 0 }
        let text = tape.reshape(tape.embedding(lookup, table: llm.embed), [b, t, d])
        guard let images = batch.images, let offset = batch.imageOffset else { return text }
        let image = imageTokens(tape, images)
        let end = offset + config.imageTokens
        return tape.concat([tape.slice(text, axis: 1, 0..<offset), image, tape.slice(text, axis: 1, end..<t)], axis: 1)
    }

    /// Teacher-forced logits [B, T, V]: row t scores the token at t + 1.
    public func logits(_ batch: SequenceBatch, tape: Tape) -> Variable {
        llm.logits(tape, inputEmbeddings(tape, batch))
    }
}
