// What counts as the right answer to a problem, for judging sampled responses (docs/method.md,
// "Correctness test"): the ground truth, and for multiple choice also its option letter, since a
// CoT may end in either "Final answer: B" or "Final answer: <option text>".
import Answers
import Problems

public struct AnswerKey: Sendable {
    public let accepted: [String]
    public let judge: CorrectnessJudge

    /// `answer` is MathVista's: the option text for multiple choice.
    public init(answer: String, choices: [String]?, source: String) {
        var accepted = [answer]
        if let index = choices?.firstIndex(of: answer) { accepted.insert(PromptTemplates.optionLetter(index), at: 0) }
        self.accepted = accepted
        judge = CorrectnessJudge(modes: CorrectnessJudge.modes(forSource: source))
    }

    /// Correct when the final answer matches any accepted form; the answer text is kept either way.
    public func verdict(on response: String) -> Verdict {
        let first = judge.judge(response: response, groundTruth: accepted[0])
        guard case .wrong(let answer) = first else { return first }
        return accepted.dropFirst().contains { judge.isCorrect(answer, groundTruth: $0) } ? .correct(answer: answer) : first
    }
}
