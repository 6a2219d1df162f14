// Byte-level tokens plus InternVL's special tokens: ids 0..<256 are UTF-8 bytes, so any text
// encodes and decodes exactly; specials come only from the chat template, never from plain text.
import JSON

/// The vocabulary (V = model rows):
///   0..<256 the bytes; 256 `<|im_start|>`, 257 `<|im_end|>`, 258 `<img>`, 259 `</img>`.
/// Two placeholder ids sit just past the model's rows and are never embedded or predicted:
/// `<IMG_CONTEXT>` = V (its positions take the projector's image features) and padding = V + 1
/// (right padding, masked, after every real token, so causal attention never sees it).
public struct Tokenizer: Sendable, Equatable {
    public static let byteCount = 256
    public static let imStart = 256
    public static let imEnd = 257
    public static let imageStart = 258
    public static let imageEnd = 259
    /// Bytes plus the four in-vocabulary specials.
    public static let baseVocabularySize = 260
    static let specialNames = ["<|im_start|>", "<|im_end|>", "<img>", "</img>"]

    /// Rows of the model's embedding and head.
    public let vocabularySize: Int

    public init(vocabularySize: Int = Tokenizer.baseVocabularySize) {
        precondition(vocabularySize == Tokenizer.baseVocabularySize, "Tokenizer: byte-level vocabulary has \(Tokenizer.baseVocabularySize) rows")
        self.vocabularySize = vocabularySize
    }

    public var imageContext: Int { vocabularySize }
    public var padding: Int { vocabularySize + 1 }

    /// Plain text → byte tokens (never a special).
    public func encode(_ text: String) -> [Int] { text.utf8.map { Int($0) } }

    /// Tokens → text: bytes decoded as UTF-8 (invalid sequences, possible in samples, become U+FFFD),
    /// specials and placeholders written as their names.
    public func decode(_ ids: [Int]) -> String {
        var text = "", bytes: [UInt8] = []
        func flush() {
            text += String(decoding: bytes, as: UTF8.self)
            bytes.removeAll()
        }
        for id in ids {
            if id < Tokenizer.byteCount {
                bytes.append(UInt8(id))
            } else {
                flush()
                text += name(of: id)
            }
        }
        flush()
        return text
    }

    /// The printable name of a non-byte id.
    func name(of id: Int) -> String {
        if id >= Tokenizer.imStart && id < Tokenizer.baseVocabularySize { return Tokenizer.specialNames[id - Tokenizer.imStart] }
        if id == imageContext { return "<IMG_CONTEXT>" }
        if id == padding { return "<pad>" }
        return "<unk:\(id)>"
    }

    /// `tokenizer.json` in the model artifact.
    public var json: JSONValue {
        var specials = JSONObject()
        for (offset, name) in Tokenizer.specialNames.enumerated() { specials[name] = .integer(Int64(Tokenizer.imStart + offset)) }
        specials["<IMG_CONTEXT>"] = .integer(Int64(imageContext))
        specials["<pad>"] = .integer(Int64(padding))
        return .object(["type": "byte-level", "bytes": .integer(Int64(Tokenizer.byteCount)), "specials": .object(specials),
                        "vocabulary_size": .integer(Int64(vocabularySize))])
    }

    public init(json value: JSONValue) throws(ModelError) {
        guard value["type"]?.stringValue == "byte-level", let size = value["vocabulary_size"]?.integerValue else {
            throw .checkpoint("tokenizer.json is not a byte-level tokenizer with a vocabulary_size")
        }
        guard size == Tokenizer.baseVocabularySize else {
            throw .checkpoint("tokenizer.json has vocabulary_size \(size); this toolkit's byte-level tokenizer has \(Tokenizer.baseVocabularySize)")
        }
        self.init(vocabularySize: Int(size))
    }
}
