// A chat-completions request as `mpo-serve` understands it (docs/serving.md, "mpo-serve"): the
// user turn's text and at most one image (a base64 data URL), an optional assistant turn to
// continue (`continue_final_message`), and the sampling fields. Anything else the embedded model
// cannot honour is refused with the field named, as OpenAI's API refuses it: 400, never a guess.
import Foundation
import JSON
import VisionLanguage

public struct ChatRequestError: Error, CustomStringConvertible {
    public let description: String
    /// The request field at fault, as OpenAI's errors name it.
    public let parameter: String?
    public init(_ description: String, parameter: String? = nil) {
        self.description = description
        self.parameter = parameter
    }
}

public struct ChatRequest {
    public var model: String
    public var question: String
    /// The image's bytes (PNG or JPEG) from the data URL, if the user turn has one.
    public var image: [UInt8]?
    /// The assistant turn to continue, with `continue_final_message`.
    public var prefill: String
    public var choices: Int
    public var settings: SamplingSettings
    public var stop: [String]

    /// The most choices one request may ask for, and the largest body `mpo-serve` reads.
    public static let maxChoices = 64

    public init(json: JSONValue, contextLength: Int) throws {
        guard case .object(let body) = json else { throw ChatRequestError("the body must be a JSON object") }
        func number(_ key: String, default value: Double, in range: ClosedRange<Double>) throws -> Double {
            guard let field = body[key], !field.isNull else { return value }
            guard let number = field.doubleValue, number.isFinite, range.contains(number) else {
                throw ChatRequestError("\(key) must be a number in [\(range.lowerBound), \(range.upperBound)]", parameter: key)
            }
            return number
        }
        func integer(_ key: String, default value: Int, in range: ClosedRange<Int>) throws -> Int {
            guard let field = body[key], !field.isNull else { return value }
            guard let number = field.integerValue, range.contains(Int(number)) else {
                throw ChatRequestError("\(key) must be an integer in [\(range.lowerBound), \(range.upperBound)]", parameter: key)
            }
            return Int(number)
        }
        model = body["model"]?.stringValue ?? ""
        if body["stream"]?.boolValue == true { throw ChatRequestError("stream is not supported; ask without it", parameter: "stream") }
        guard let messages = body["messages"]?.arrayValue, !messages.isEmpty else {
            throw ChatRequestError("messages must be a non-empty list", parameter: "messages")
        }
        let continues = body["continue_final_message"]?.boolValue ?? false
        var userTurn = messages
        prefill = ""
        if continues {
            guard messages.last?["role"]?.stringValue == "assistant" else {
                throw ChatRequestError("continue_final_message needs an assistant message last", parameter: "messages")
            }
            var image: [UInt8]?
            prefill = try Self.text(of: messages.last!, image: &image)
            if image != nil { throw ChatRequestError("an assistant message cannot hold an image", parameter: "messages") }
            userTurn.removeLast()
        }
        // One user turn (an optional system turn before it is refused: the model has none).
        guard userTurn.count == 1, userTurn[0]["role"]?.stringValue == "user" else {
            throw ChatRequestError(
                "messages must be one user message (and, with continue_final_message, an assistant one)", parameter: "messages")
        }
        var image: [UInt8]?
        question = try Self.text(of: userTurn[0], image: &image)
        self.image = image
        choices = try integer("n", default: 1, in: 1...Self.maxChoices)
        let temperature = try number("temperature", default: 1, in: 0...100)
        let topP = try number("top_p", default: 1, in: 0...1)
        let topK = try integer("top_k", default: 0, in: -1...(1 << 20))
        let maxTokens = try integer("max_tokens", default: 256, in: 1...contextLength)
        let seed = try integer("seed", default: 0, in: Int(Int64.min)...Int(Int64.max))
        guard topP > 0 else { throw ChatRequestError("top_p must be above 0", parameter: "top_p") }
        // vLLM's extra field: keep going past the end of the turn (benchmarks).
        let ignoreEOS = body["ignore_eos"]?.boolValue ?? false
        settings = SamplingSettings(
            temperature: temperature, topK: max(0, topK), topP: topP, maxNewTokens: maxTokens, greedy: temperature == 0,
            seed: UInt64(bitPattern: Int64(seed)), ignoreEndOfTurn: ignoreEOS)
        switch body["stop"] {
        case nil, .null?: stop = []
        case .string(let text)?: stop = [text]
        case .array(let list)?:
            stop = try list.map {
                guard let text = $0.stringValue, !text.isEmpty else { throw ChatRequestError("stop must hold strings", parameter: "stop") }
                return text
            }
        default: throw ChatRequestError("stop must be a string or a list of strings", parameter: "stop")
        }
    }

    /// The text of a message (a string, or text parts), collecting at most one image part.
    private static func text(of message: JSONValue, image: inout [UInt8]?) throws -> String {
        switch message["content"] {
        case .string(let text)?: return text
        case .array(let parts)?:
            var text = ""
            for part in parts {
                switch part["type"]?.stringValue {
                case "text"?: text += part["text"]?.stringValue ?? ""
                case "image_url"?:
                    guard image == nil else { throw ChatRequestError("the model reads one image per request", parameter: "messages") }
                    guard let url = part["image_url"]?["url"]?.stringValue else {
                        throw ChatRequestError("an image part needs image_url.url", parameter: "messages")
                    }
                    image = try decodeDataURL(url)
                default: throw ChatRequestError("content parts must be text or image_url", parameter: "messages")
                }
            }
            return text
        default: throw ChatRequestError("a message's content must be a string or a list of parts", parameter: "messages")
        }
    }

    /// `data:image/…;base64,…` → the bytes; other URLs are not fetched (the server has no network).
    static func decodeDataURL(_ url: String) throws -> [UInt8] {
        guard url.hasPrefix("data:"), let comma = url.firstIndex(of: ","), url[..<comma].hasSuffix(";base64"),
            let data = Data(base64Encoded: String(url[url.index(after: comma)...]))
        else { throw ChatRequestError("images must be base64 data URLs (data:image/png;base64,…)", parameter: "messages") }
        return [UInt8](data)
    }
}
