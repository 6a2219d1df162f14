// InternVL's internlm2-chat template, without the system turn (docs/model.md, "Tokens and template"):
// the prompt, the image expanded to <img> + image tokens + </img>, and the supervised mask
// (response + <|im_end|>, docs/method.md, "Notation").

/// One templated sequence.
///   ids        [T]  token ids (image positions hold the `<IMG_CONTEXT>` placeholder)
///   supervised [T]  true where the token is a label: the response and its closing <|im_end|>
public struct TemplatedSequence: Sendable, Equatable {
    public var ids: [Int]
    public var supervised: [Bool]
    /// Index of the first image token, or nil for text-only sequences.
    public var imageOffset: Int?
    /// Tokens before the first supervised one (everything through "assistant\n" and any prefill).
    public var promptLength: Int
    /// Whether the response was cut at the context length (its <|im_end|> is then missing).
    public var truncated: Bool
}

public struct ChatTemplate: Sendable {
    public let tokenizer: Tokenizer
    public let imageTokens: Int
    public let contextLength: Int

    public init(tokenizer: Tokenizer, config: ModelConfig) {
        self.tokenizer = tokenizer
        imageTokens = config.imageTokens
        contextLength = config.contextLength
    }

    /// `<|im_start|>user\n<img>…</img>\n{question}<|im_end|><|im_start|>assistant\n{prefill}`, or
    /// without an image `<|im_start|>user\n{question}<|im_end|><|im_start|>assistant\n{prefill}`
    /// (the image removed, not blanked: DropoutNTP's continuation, docs/method.md, "DropoutNTP").
    public func prompt(question: String, withImage: Bool, prefill: String = "") throws(ModelError) -> TemplatedSequence {
        var ids = [Tokenizer.imStart] + tokenizer.encode("user\n")
        var imageOffset: Int?
        if withImage {
            ids.append(Tokenizer.imageStart)
            imageOffset = ids.count
            ids += [Int](repeating: tokenizer.imageContext, count: imageTokens)
            ids.append(Tokenizer.imageEnd)
            ids += tokenizer.encode("\n")
        }
        ids += tokenizer.encode(question)
        ids += [Tokenizer.imEnd, Tokenizer.imStart] + tokenizer.encode("assistant\n") + tokenizer.encode(prefill)
        guard ids.count < contextLength else {
            throw .input(
                "the prompt is \(ids.count) tokens; the context holds \(contextLength) and needs room for at least one response token")
        }
        return TemplatedSequence(
            ids: ids, supervised: [Bool](repeating: false, count: ids.count), imageOffset: imageOffset,
            promptLength: ids.count, truncated: false)
    }

    /// The prompt followed by `{response}<|im_end|>`, supervised; cut at the context length.
    public func example(question: String, response: String, withImage: Bool) throws(ModelError) -> TemplatedSequence {
        var sequence = try prompt(question: question, withImage: withImage)
        let answer = tokenizer.encode(response) + [Tokenizer.imEnd]
        let room = contextLength - sequence.ids.count
        sequence.ids += answer.prefix(room)
        sequence.supervised += [Bool](repeating: true, count: min(room, answer.count))
        sequence.truncated = answer.count > room
        return sequence
    }
}
