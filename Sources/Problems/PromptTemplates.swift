// The prompts of the MMPR pipeline (docs/method.md, "Prompts"): the direct-answer prompt with
// InternVL's short-answer suffixes, and the paper's chain-of-thought template, which replaces them.

public enum PromptTemplates {
    /// The suffixes that ask for a short answer; sampling strips them before the CoT template.
    public static let shortAnswerSuffixes = [
        "Answer the question using a single word or phrase.",
        "Answer with the option's letter from the given choices directly.",
        "Please answer Yes or No.",
        "Please answer the question and put the final answer within \\boxed{}.",
    ]

    /// The paper's English CoT template, exactly; `{question}` is replaced literally, never with a
    /// format function, so braces in questions survive (docs/method.md, "Literal template
    /// substitution").
    public static let chainOfThoughtTemplate = """
        Your task is to answer the question below. Give step by step reasoning before you answer, and when you're ready to answer, please use the format "Final answer: .."

        Question:

        {question}
        """

    /// The question with its options, as InternVL's evaluation shows them: "A. …" lines.
    public static func questionWithChoices(_ question: String, choices: [String]?) -> String {
        guard let choices, !choices.isEmpty else { return question }
        let options = choices.enumerated().map { "\(optionLetter($0.offset)). \($0.element)" }
        return question + "\n" + options.joined(separator: "\n")
    }

    /// The direct prompt: the question (with options) and the one suffix that asks for a short
    /// answer: the option's letter, Yes or No for a yes/no question (POPE's form), else a word or phrase.
    public static func direct(question: String, choices: [String]?, yesNo: Bool = false) -> String {
        let suffix = (choices?.isEmpty == false) ? shortAnswerSuffixes[1] : yesNo ? shortAnswerSuffixes[2] : shortAnswerSuffixes[0]
        return questionWithChoices(question, choices: choices) + "\n" + suffix
    }

    /// The CoT prompt for a question: short-answer suffix stripped, then the template.
    public static func chainOfThought(_ question: String) -> String {
        chainOfThoughtTemplate.replacingOccurrences(of: "{question}", with: strippingShortAnswerSuffix(question))
    }

    /// Removes one trailing short-answer suffix (and the whitespace before it), if present.
    public static func strippingShortAnswerSuffix(_ question: String) -> String {
        let trimmed = question.trimmingTrailingWhitespace
        for suffix in shortAnswerSuffixes where trimmed.hasSuffix(suffix) {
            return String(trimmed.dropLast(suffix.count)).trimmingTrailingWhitespace
        }
        return trimmed
    }

    /// "A", "B", … for option indices 0, 1, …
    public static func optionLetter(_ index: Int) -> String {
        String(UnicodeScalar(UInt8(ascii: "A") + UInt8(index)))
    }

    /// The fixed text of these prompts, as tokenizer phrases (one id each, `mpo-train init
    /// --phrases prompts`): the CoT template around `{question}`, the short-answer suffixes with
    /// the newline before them, and the "Final answer:" every reference solution ends with. The
    /// model still sees the exact text; it just costs a few positions instead of ~250.
    public static var tokenizerPhrases: [String] {
        let parts = chainOfThoughtTemplate.components(separatedBy: "{question}")
        return (parts + shortAnswerSuffixes.map { "\n" + $0 } + ["Final answer: "]).filter { !$0.isEmpty }
    }
}

extension String {
    var trimmingTrailingWhitespace: String {
        var text = Substring(self)
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return String(text)
    }
}
