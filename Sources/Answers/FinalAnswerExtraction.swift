// MMPR's answer extraction for chain-of-thought responses: the text after the last
// "Final answer:", or a named reason the response is unparseable: the 2025 MMPR rule, described in
// docs/method.md, "Final-answer extraction".

/// Why a response has no clear final answer; such responses become format negatives
/// (docs/method.md, "Unparseable responses are negatives").
public enum FinalAnswerRefusal: String, Error, Sendable, Equatable, CaseIterable {
    case noTrigger = "no \"Final answer:\""
    case tooManyTriggers = "more than two \"Final answer:\""
    case emptyRationale = "no reasoning before \"Final answer:\""
    case emptyAnswer = "nothing after \"Final answer:\""
    case multiLineAnswer = "the final answer spans several lines"
}

public enum FinalAnswerExtraction {
    /// The answer after the last trigger, trimmed of whitespace and markdown `*`, or why there is
    /// none. The trigger is "Final answer:" in any letter case (the English CoT prompt's format),
    /// else "答案:" (the Chinese one). Unlike the 2025 MMPR rule a response needs no minimum number
    /// of newlines: a short reasoning line followed by "Final answer:" is a clear answer.
    public static func extract(_ response: String) -> Result<String, FinalAnswerRefusal> {
        let scalars = Array(response.unicodeScalars)
        var starts = occurrences(of: Array("final answer:".unicodeScalars), in: scalars, ignoringASCIICase: true)
        var triggerLength = 13
        if starts.isEmpty {
            starts = occurrences(of: Array("答案:".unicodeScalars), in: scalars, ignoringASCIICase: false)
            triggerLength = 3
        }
        guard let last = starts.last else { return .failure(.noTrigger) }
        if starts.count > 2 { return .failure(.tooManyTriggers) }
        if PythonNumbers.strip(String(String.UnicodeScalarView(scalars[..<last]))).isEmpty {
            return .failure(.emptyRationale)
        }
        let tail = scalars[(last + triggerLength)...]
        let answer = trimmed(tail)
        if answer.isEmpty { return .failure(.emptyAnswer) }
        if answer.contains(where: isLineBreak) { return .failure(.multiLineAnswer) }
        return .success(String(String.UnicodeScalarView(answer)))
    }

    static func trimmed(_ scalars: ArraySlice<Unicode.Scalar>) -> ArraySlice<Unicode.Scalar> {
        let isTrim = { (scalar: Unicode.Scalar) in PythonNumbers.isWhitespace(scalar) || scalar == "*" }
        guard let first = scalars.firstIndex(where: { !isTrim($0) }), let last = scalars.lastIndex(where: { !isTrim($0) })
        else { return [] }
        return scalars[first...last]
    }

    private static func isLineBreak(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A...0x0D, 0x1C...0x1E, 0x85, 0x2028, 0x2029: return true  // Python's splitlines() set
        default: return false
        }
    }

    /// Start offsets of non-overlapping matches, left to right.
    static func occurrences(of pattern: [Unicode.Scalar], in text: [Unicode.Scalar], ignoringASCIICase: Bool) -> [Int] {
        func same(_ a: Unicode.Scalar, _ b: Unicode.Scalar) -> Bool {
            guard ignoringASCIICase, a.isASCII, b.isASCII else { return a == b }
            return (a.value | 0x20 == b.value | 0x20) && a.properties.isAlphabetic || a == b
        }
        var result: [Int] = []
        var index = 0
        while index + pattern.count <= text.count {
            if (0..<pattern.count).allSatisfy({ same(text[index + $0], pattern[$0]) }) {
                result.append(index)
                index += pattern.count
            } else {
                index += 1
            }
        }
        return result
    }
}
