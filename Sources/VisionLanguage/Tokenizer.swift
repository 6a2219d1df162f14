// Byte-level tokens plus InternVL's special tokens: ids 0..<256 are UTF-8 bytes, so any text
// encodes and decodes exactly; specials come only from the chat template, never from plain text.
// Optional *phrases* (Hugging Face's "added tokens") give a fixed string one id of its own: the
// paper's CoT template alone is ~190 bytes, more than a toy model's context can spare, so the
// prompt templates' fixed text is declared as phrases and costs one position each.
import JSON

/// The vocabulary (V = model rows):
///   0..<256 the bytes; 256 `<|im_start|>`, 257 `<|im_end|>`, 258 `<img>`, 259 `</img>`;
///   260 + i the i-th phrase.
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

    /// Rows of the model's embedding and head: the base vocabulary plus one per phrase.
    public let vocabularySize: Int
    /// Fixed strings with an id each (260 + index), matched longest-first wherever they occur.
    public let phrases: [String]
    private let phraseBytes: [[UInt8]]

    public init(phrases: [String] = []) {
        precondition(Set(phrases).count == phrases.count && !phrases.contains(""), "Tokenizer: phrases must be distinct and non-empty")
        self.phrases = phrases
        phraseBytes = phrases.map { Array($0.utf8) }
        vocabularySize = Tokenizer.baseVocabularySize + phrases.count
    }

    public static func == (lhs: Tokenizer, rhs: Tokenizer) -> Bool { lhs.phrases == rhs.phrases }

    public var imageContext: Int { vocabularySize }
    public var padding: Int { vocabularySize + 1 }

    /// Plain text → tokens (never a special): at each position the longest phrase that starts
    /// there, else one byte. Decoding gives the text back exactly.
    public func encode(_ text: String) -> [Int] {
        let bytes = Array(text.utf8)
        guard !phrases.isEmpty else { return bytes.map { Int($0) } }
        var ids: [Int] = [], position = 0
        ids.reserveCapacity(bytes.count)
        while position < bytes.count {
            var best: Int?
            for (index, phrase) in phraseBytes.enumerated()
            where phrase.count <= bytes.count - position && phrase.count > (best.map { phraseBytes[$0].count } ?? 0)
                && phrase[0] == bytes[position] && bytes[position..<position + phrase.count].elementsEqual(phrase)
            {
                best = index
            }
            if let best {
                ids.append(Tokenizer.baseVocabularySize + best)
                position += phraseBytes[best].count
            } else {
                ids.append(Int(bytes[position]))
                position += 1
            }
        }
        return ids
    }

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
            } else if id >= Tokenizer.baseVocabularySize && id < vocabularySize {
                bytes += phraseBytes[id - Tokenizer.baseVocabularySize]
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
        return .object([
            "type": "byte-level", "bytes": .integer(Int64(Tokenizer.byteCount)), "specials": .object(specials),
            "phrases": .array(phrases.map(JSONValue.string)), "vocabulary_size": .integer(Int64(vocabularySize)),
        ])
    }

    public init(json value: JSONValue) throws(ModelError) {
        guard value["type"]?.stringValue == "byte-level", let size = value["vocabulary_size"]?.integerValue else {
            throw .checkpoint("tokenizer.json is not a byte-level tokenizer with a vocabulary_size")
        }
        let listed = value["phrases"]?.arrayValue ?? []
        let phrases = listed.compactMap(\.stringValue)
        guard phrases.count == listed.count, Set(phrases).count == phrases.count, !phrases.contains("") else {
            throw .checkpoint("tokenizer.json: \"phrases\" must be a list of distinct non-empty strings")
        }
        guard size == Int64(Tokenizer.baseVocabularySize + phrases.count) else {
            throw .checkpoint(
                "tokenizer.json has vocabulary_size \(size); \(Tokenizer.baseVocabularySize) base tokens and \(phrases.count) phrases make \(Tokenizer.baseVocabularySize + phrases.count)"
            )
        }
        self.init(phrases: phrases)
    }
}
