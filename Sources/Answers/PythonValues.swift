// Python's str() and == on values loaded from JSON, which MathVista's scorer applies to
// extractions and answers of any type. See docs/answers.md, "Normalisation" (str(x)), "Correctness"
// (==) and "Python semantics".

import JSON

public enum PythonValues {
    /// `str(value)` of the Python object that `json.load` would produce (nil is Python's None).
    public static func str(_ value: JSONValue?) -> String {
        guard let value else { return "None" }
        if case .string(let text) = value { return text }
        return repr(value)
    }

    /// `repr(value)`: what `str` of a list or dict shows for its elements.
    public static func repr(_ value: JSONValue) -> String {
        switch value {
        case .null: return "None"
        case .bool(let flag): return flag ? "True" : "False"
        case .integer(let integer): return String(integer)
        case .number(let number): return PythonNumbers.repr(number)
        case .string(let text): return quoted(text)
        case .array(let elements): return "[" + elements.map(repr).joined(separator: ", ") + "]"
        case .object(let object):
            return "{" + object.map { quoted($0.key) + ": " + repr($0.value) }.joined(separator: ", ") + "}"
        }
    }

    /// Python's string repr: single quotes unless the text has a single quote and no double one.
    /// Non-printable characters are approximated as the C0/C1 controls and DEL.
    private static func quoted(_ text: String) -> String {
        let quote: Unicode.Scalar = text.unicodeScalars.contains("'") && !text.unicodeScalars.contains("\"") ? "\"" : "'"
        var output = String(quote)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case quote: output += "\\" + String(quote)
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                    let hex = String(scalar.value, radix: 16)
                    output += "\\x" + (hex.count < 2 ? "0" : "") + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        return output + String(quote)
    }

    /// Python `a == b` for JSON-loaded values: strings by code points (not Swift's canonical
    /// equivalence), numbers and booleans by numeric value (True == 1 == 1.0), None only to None.
    public static func equal(_ lhs: JSONValue?, _ rhs: JSONValue?) -> Bool {
        switch (lhs ?? .null, rhs ?? .null) {
        case (.null, .null): return true
        case let (.string(a), .string(b)): return sameCodePoints(a, b)
        case let (.array(a), .array(b)): return a.count == b.count && zip(a, b).allSatisfy { equal($0, $1) }
        case let (.object(a), .object(b)):
            return a.count == b.count && a.allSatisfy { pair in b[pair.key].map { equal(pair.value, $0) } ?? false }
        case let (a, b):
            guard let x = numericValue(a), let y = numericValue(b) else { return false }
            return x == y
        }
    }

    /// String equality as Python and JSON see it: the same sequence of code points.
    public static func sameCodePoints(_ a: String, _ b: String) -> Bool {
        a.utf8.elementsEqual(b.utf8)
    }

    private static func numericValue(_ value: JSONValue) -> Double? {
        switch value {
        case .bool(let flag): return flag ? 1 : 0
        case .integer(let integer): return Double(integer)
        case .number(let number): return number
        default: return nil
        }
    }
}
