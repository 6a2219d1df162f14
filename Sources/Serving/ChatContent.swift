// The parts of a chat message's content, as every served stage writes them: text, and an image
// as a data URL of its stored bytes (PNG or JPEG, told apart by their first bytes).
import Foundation
import JSON

public enum ChatContent {
    public static func text(_ text: String) -> JSONValue { ["type": "text", "text": .string(text)] }

    public static func image(_ bytes: [UInt8]) -> JSONValue {
        let type = bytes.starts(with: [0xFF, 0xD8, 0xFF]) ? "image/jpeg" : "image/png"
        return ["type": "image_url", "image_url": ["url": .string("data:\(type);base64,\(Data(bytes).base64EncodedString())")]]
    }
}
