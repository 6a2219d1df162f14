// MathVista's `normalize_extracted_answer`: an extracted answer becomes the prediction that is
// compared with the ground truth. See docs/answers.md, "Normalisation" and "Python semantics".

import JSON

/// The two official versions of `calculate_score.py`: v1 wrote every published score file, HEAD
/// is today's code. They score items identically except for a float `precision` (the v1 quirk in
/// docs/answers.md, "Normalisation"), and they write different files ("Aggregation").
public enum MathVistaVersion: String, Sendable, CaseIterable {
    case legacy
    case current
}

/// How an integer item's extraction becomes a prediction. Today's scorer writes
/// `str(int(float(x)))`, which truncates ("3.4" → "3"); the older rule behind eight published
/// score files (docs/answers.md, "Published scores vs today's code") wrote `str(int(x))`, under
/// which a string with a fraction ("2.0", "3.4") raises and predicts None.
public enum IntegerRule: String, Sendable, CaseIterable {
    case current
    case legacy
}

public enum MathVistaNormalization {
    /// The prediction for one item; `.null` is Python's None, which never equals an answer.
    /// - Parameters:
    ///   - extraction: the stored or extracted answer; nil when the record has none.
    ///   - choices: the options of a multi-choice item, in order (required for multi_choice).
    ///   - precision: the record's `precision` as stored (an integer in testmini).
    ///   - ignoreEmptyExtractions: HEAD's `--ignore_empty_extractions`: an empty multi-choice
    ///     extraction predicts None instead of the shortest option.
    ///   - integerRule: `str(int(float(x)))` (current) or `str(int(x))` (legacy).
    public static func normalize(
        extraction: JSONValue?, choices: [String], questionType: String, answerType: String,
        precision: JSONValue?, version: MathVistaVersion = .legacy, ignoreEmptyExtractions: Bool = false,
        integerRule: IntegerRule = .current
    ) -> JSONValue {
        if questionType == "multi_choice" {
            let text: String
            if case .string(let string)? = extraction { text = PythonNumbers.strip(string) } else { text = PythonValues.str(extraction) }
            if ignoreEmptyExtractions && text.isEmpty { return .null }
            return .string(multipleChoicePrediction(text, choices: choices))
        }
        switch answerType {
        case "integer" where integerRule == .legacy:
            return pythonInt(extraction).map(JSONValue.string) ?? .null
        case "integer":
            guard let value = pythonFloat(extraction), let integer = PythonNumbers.truncatedIntegerString(value) else {
                return .null
            }
            return .string(integer)
        case "float":
            guard let value = pythonFloat(extraction) else { return .null }
            return roundedFloat(value, precision: precision, version: version).map(JSONValue.string) ?? .null
        case "list":
            return .string(PythonValues.str(extraction))
        default:
            // Free-form text: v1 passes the extraction through (HEAD would crash here).
            return extraction ?? .null
        }
    }

    /// Multi-choice steps 3–5 of docs/answers.md, "Normalisation": "(b) …" → "B"; an exact option
    /// letter → that option; else the option at the smallest edit distance, the first one on a tie.
    public static func multipleChoicePrediction(_ text: String, choices: [String]) -> String {
        let candidate = firstParenthesisedLetter(text).map { String($0.properties.uppercaseMapping) } ?? text
        let letters = choices.indices.map { Unicode.Scalar(UInt32(65 + $0)).map(String.init) ?? "" }
        if let index = letters.firstIndex(where: { PythonValues.sameCodePoints($0, candidate) }) {
            return choices[index]
        }
        var best = 0
        var bestDistance = Int.max
        for (index, choice) in choices.enumerated() {
            let distance = levenshteinDistance(candidate, choice)
            if distance < bestDistance { best = index; bestDistance = distance }
        }
        return choices.isEmpty ? candidate : choices[best]
    }

    /// The first match of `\(([a-zA-Z])\)`.
    static func firstParenthesisedLetter(_ text: String) -> Unicode.Scalar? {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count >= 3 else { return nil }
        for start in 0...(scalars.count - 3) where scalars[start] == "(" && scalars[start + 2] == ")" {
            let letter = scalars[start + 1]
            if ("a"..."z").contains(letter) || ("A"..."Z").contains(letter) { return letter }
        }
        return nil
    }

    /// Python `float(x)` for a JSON-loaded x; nil where it raises (None, lists, bad strings).
    /// `str(int(x))`, nil where Python raises: a string must spell an integer, a float truncates.
    static func pythonInt(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text)?: return PythonNumbers.integerString(parsing: text)
        case .integer(let integer)?: return String(integer)
        case .number(let number)?: return PythonNumbers.truncatedIntegerString(number)
        case .bool(let flag)?: return flag ? "1" : "0"
        default: return nil
        }
    }

    static func pythonFloat(_ value: JSONValue?) -> Double? {
        switch value {
        case .string(let text)?: return PythonNumbers.double(parsing: text)
        case .integer(let integer)?: return Double(integer)
        case .number(let number)?: return number
        case .bool(let flag)?: return flag ? 1 : 0
        default: return nil
        }
    }

    /// `str(round(x, precision))` (v1) or `str(round(x, int(precision)))` (HEAD), nil where
    /// Python raises.
    static func roundedFloat(_ value: Double, precision: JSONValue?, version: MathVistaVersion) -> String? {
        let digits: Int?
        switch (precision ?? .null, version) {
        case (.integer(let n), _): digits = Int(clamping: n)
        case (.bool(let flag), _): digits = flag ? 1 : 0
        case (.null, .legacy):
            // round(x, None) is round(x): an int, rounded half to even.
            return PythonNumbers.truncatedIntegerString(value.rounded(.toNearestOrEven))
        case (.number(let n), .current):
            guard n.isFinite else { return nil }
            digits = Int(exactly: n.rounded(.towardZero))
        case (.string(let text), .current):
            digits = PythonNumbers.integerString(parsing: text).flatMap { Int($0) }
        default:
            // v1: round() with a float precision raises TypeError, so the item scores wrong.
            digits = nil
        }
        guard let digits, let rounded = PythonNumbers.round(value, digits: digits) else { return nil }
        return PythonNumbers.repr(rounded)
    }
}
