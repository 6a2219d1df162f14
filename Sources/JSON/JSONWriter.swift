// Serialises a JSONValue. One writer, three layouts:
// - canonical: compact, keys sorted, raw UTF-8 — what artifacts store, so equal values give equal bytes;
// - pretty: two-space indent, keys sorted — for people;
// - python(indent:): exactly what Python's `json.dumps(value, indent=N)` prints (keys in insertion
//   order, non-ASCII escaped as \uXXXX), which is the format of MathVista's official score files.
// Numbers: integers as written; doubles as their shortest round-trip form, which is also what
// Python's float repr prints ("0.1", "1e-05", "1e+16"); non-finite as Python's NaN/Infinity.

public struct JSONWriter: Sendable {
    public var indent: Int?
    public var sortKeys: Bool
    public var escapeNonASCII: Bool

    public static let canonical = JSONWriter(indent: nil, sortKeys: true, escapeNonASCII: false)
    public static let pretty = JSONWriter(indent: 2, sortKeys: true, escapeNonASCII: false)
    public static func python(indent: Int) -> JSONWriter {
        JSONWriter(indent: indent, sortKeys: false, escapeNonASCII: true)
    }

    public func string(_ value: JSONValue) -> String {
        var output = ""
        write(value, level: 0, into: &output)
        return output
    }

    public func bytes(_ value: JSONValue) -> [UInt8] { Array(string(value).utf8) }

    private func write(_ value: JSONValue, level: Int, into output: inout String) {
        switch value {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .integer(let integer): output += String(integer)
        case .number(let number): output += Self.format(number)
        case .string(let text): writeString(text, into: &output)
        case .array(let elements):
            if elements.isEmpty { output += "[]"; return }
            output += "["
            for (position, element) in elements.enumerated() {
                if position > 0 { output += "," }
                newline(level: level + 1, into: &output)
                write(element, level: level + 1, into: &output)
            }
            newline(level: level, into: &output)
            output += "]"
        case .object(let object):
            if object.count == 0 { output += "{}"; return }
            let pairs =
                sortKeys ? object.pairs.sorted { $0.key.unicodeScalars.lexicographicallyPrecedes($1.key.unicodeScalars) } : object.pairs
            output += "{"
            for (position, pair) in pairs.enumerated() {
                if position > 0 { output += "," }
                newline(level: level + 1, into: &output)
                writeString(pair.key, into: &output)
                output += indent == nil ? ":" : ": "
                write(pair.value, level: level + 1, into: &output)
            }
            newline(level: level, into: &output)
            output += "}"
        }
    }

    private func newline(level: Int, into output: inout String) {
        guard let indent else { return }
        output += "\n"
        output += String(repeating: " ", count: indent * level)
    }

    /// Python's float repr for finite values; `NaN`, `Infinity`, `-Infinity` otherwise.
    public static func format(_ number: Double) -> String {
        if number.isNaN { return "NaN" }
        if number.isInfinite { return number < 0 ? "-Infinity" : "Infinity" }
        return number.description
    }

    private func writeString(_ text: String, into output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            default:
                if scalar.value < 0x20 || (escapeNonASCII && scalar.value > 0x7E) {
                    for unit in String(scalar).utf16 { output += Self.unicodeEscape(unit) }
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }

    private static func unicodeEscape(_ unit: UInt16) -> String {
        let hex = String(unit, radix: 16)
        return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }
}
