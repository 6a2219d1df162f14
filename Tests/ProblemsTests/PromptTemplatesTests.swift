import XCTest
@testable import Problems

final class PromptTemplatesTests: XCTestCase {
    /// The template exactly as docs/method.md, "Prompts" gives it.
    func testChainOfThoughtTemplateIsThePapers() {
        let expected =
            "Your task is to answer the question below. Give step by step reasoning before you answer, and when you're ready to answer, please use the format \"Final answer: ..\"\n\nQuestion:\n\nHow many bars are red?"
        XCTAssertEqual(PromptTemplates.chainOfThought("How many bars are red?"), expected)
    }

    func testShortAnswerSuffixesAreStripped() {
        for suffix in PromptTemplates.shortAnswerSuffixes {
            XCTAssertEqual(PromptTemplates.strippingShortAnswerSuffix("What is x?\n\(suffix)"), "What is x?")
        }
        XCTAssertEqual(PromptTemplates.strippingShortAnswerSuffix("Say yes. Please answer Yes or No. "), "Say yes.")
        XCTAssertEqual(PromptTemplates.strippingShortAnswerSuffix("Keep this."), "Keep this.")
    }

    func testBracesSurviveAndDirectPromptsCarryTheirSuffix() {
        XCTAssertTrue(PromptTemplates.chainOfThought("Is {x} > 2?").hasSuffix("Is {x} > 2?"))
        XCTAssertEqual(
            PromptTemplates.direct(question: "Which is largest?", choices: ["3", "7"]),
            "Which is largest?\nA. 3\nB. 7\nAnswer with the option's letter from the given choices directly.")
        XCTAssertEqual(
            PromptTemplates.direct(question: "How many?", choices: nil), "How many?\nAnswer the question using a single word or phrase.")
        let direct = PromptTemplates.direct(question: "Which?", choices: ["a", "b"])
        XCTAssertEqual(
            PromptTemplates.chainOfThought(direct), PromptTemplates.chainOfThought("Which?\nA. a\nB. b"), "CoT replaces the direct suffix")
    }
}
