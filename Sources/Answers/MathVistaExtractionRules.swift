// MathVista's answer extraction without the LLM: the official rules that run before GPT-4 is
// called, then our rule-based stand-in for GPT-4. See docs/answers.md, "Extraction rules".

/// Where a record's extraction comes from when scoring.
public enum ExtractionSource: String, Sendable, CaseIterable {
    /// The stored `extraction` field (the official GPT-4 step's output).
    case field
    /// Our rules applied to `response`, ignoring any stored extraction.
    case rules
    /// The stored field when it is non-empty after strip (as the official extractor skips those
    /// records), else the rules; where they find nothing, the served LLM when one is given.
    case auto
    /// The official step itself: rules 1–4, then MathVista's extraction prompt sent to a served
    /// LLM (`MathVistaExtractionPrompt`), every record asked afresh.
    case llm
}

public enum MathVistaExtractionRules {
    /// Rules 1–5 of docs/answers.md, "Extraction rules", or nil where the official script would ask
    /// the LLM.
    /// - Parameter quickExtract: the opt-in `--quick_extract` rule (`The answer is "(.*)"\.`).
    public static func official(response: String, problem: MathVistaProblem, quickExtract: Bool = false) -> String? {
        if response.isEmpty { return "" }
        if problem.questionType == "multi_choice", problem.choices.contains(where: { PythonValues.sameCodePoints($0, response) }) {
            return response
        }
        if problem.answerType == "integer", let integer = PythonNumbers.integerString(parsing: response) {
            return integer
        }
        if problem.answerType == "float", let value = PythonNumbers.double(parsing: response) {
            return PythonNumbers.repr(value)
        }
        if quickExtract { return quotedAnswer(response) }
        return nil
    }

    /// The official rules, then the MMPR "Final answer:" rule, then general free-text patterns;
    /// "" when nothing is found (what the official script stores when the LLM call fails).
    public static func extract(response: String, problem: MathVistaProblem) -> String {
        if let official = official(response: response, problem: problem) { return official }
        if case .success(let answer) = FinalAnswerExtraction.extract(response) {
            return FreeTextExtraction.answer(in: answer, problem: problem) ?? answer
        }
        return FreeTextExtraction.extract(response: response, problem: problem) ?? ""
    }

    /// `re.search(r'The answer is "(.*)"\.', response).group(1)`: the first line holding the
    /// phrase, greedy up to the last `".` on that line.
    static func quotedAnswer(_ response: String) -> String? {
        let opening = Array("The answer is \"".unicodeScalars)
        for line in response.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false) {
            let scalars = Array(line)
            for start in FinalAnswerExtraction.occurrences(of: opening, in: scalars, ignoringASCIICase: false) {
                let body = scalars[(start + opening.count)...]
                var end = scalars.count - 2
                while end >= body.startIndex {
                    if scalars[end] == "\"" && scalars[end + 1] == "." {
                        return String(String.UnicodeScalarView(scalars[body.startIndex..<end]))
                    }
                    end -= 1
                }
            }
        }
        return nil
    }
}
