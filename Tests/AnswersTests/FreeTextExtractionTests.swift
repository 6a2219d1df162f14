// General patterns for other models' free text (stand-in for MathVista's GPT-4 step:
// docs/answers.md, "Extraction rules", rule 6).
import XCTest
@testable import Answers

final class FreeTextExtractionTests: XCTestCase {
    let choice = MathVistaProblem(
        pid: "1", questionType: "multi_choice", answerType: "text", choices: ["3/11", "8/11", "6/11"], answer: "8/11")
    let integer = MathVistaProblem(pid: "2", questionType: "free_form", answerType: "integer", answer: "5")

    func testPatterns() {
        XCTAssertEqual(FreeTextExtraction.extract(response: "Let me see.\nThe correct answer is (B) 8/11.", problem: choice), "B")
        XCTAssertEqual(FreeTextExtraction.extract(response: "Answer: C", problem: choice), "C")
        XCTAssertEqual(FreeTextExtraction.extract(response: "I think it is 6/11 here.", problem: choice), "6/11")
        XCTAssertEqual(FreeTextExtraction.extract(response: "The answer is 1,250 apples.", problem: integer), "1250")
        XCTAssertEqual(FreeTextExtraction.extract(response: "First 3, then 4, so 7", problem: integer), "7")  // trailing number
        XCTAssertEqual(FreeTextExtraction.extract(response: "Temperature fell to -4 degrees", problem: integer), "-4")
        XCTAssertNil(FreeTextExtraction.extract(response: "Sorry, I can't help with images of people yet.", problem: integer))
    }

    /// What a short-answer prompt asks for: the bare letter, or the bare word. MathVista's
    /// nearest-option rule maps an empty extraction to the first option, so missing these turned
    /// Direct accuracy into "is the answer option A".
    func testBareAnswers() {
        for response in ["B", "B.", "(B)", "Option B", "option B", "B) 8/11", "B. 8/11", " B \n"] {
            XCTAssertEqual(MathVistaExtractionRules.extract(response: response, problem: choice), "B", response)
        }
        let colour = MathVistaProblem(pid: "4", questionType: "free_form", answerType: "text", answer: "red")
        XCTAssertEqual(MathVistaExtractionRules.extract(response: "red", problem: colour), "red")
        XCTAssertEqual(MathVistaExtractionRules.extract(response: "Red.", problem: colour), "Red")
        // Not bare: a letter that opens a sentence, another option's text after the letter, a long line.
        XCTAssertNotEqual(MathVistaExtractionRules.extract(response: "A chart of three bars", problem: choice), "A")
        XCTAssertEqual(MathVistaExtractionRules.extract(response: "B) 3/11", problem: choice), "3/11")
        XCTAssertEqual(MathVistaExtractionRules.extract(response: "it is a very red bar indeed", problem: colour), "")
    }

    func testOfficialRulesComeFirst() {  // docs/answers.md, "Extraction rules", rules 1–5
        XCTAssertEqual(MathVistaExtractionRules.official(response: "", problem: integer), "")
        XCTAssertEqual(MathVistaExtractionRules.official(response: " +5 ", problem: integer), "5")
        XCTAssertEqual(MathVistaExtractionRules.official(response: "8/11", problem: choice), "8/11")
        XCTAssertNil(MathVistaExtractionRules.official(response: " 8/11", problem: choice))  // exact match only
        let float = MathVistaProblem(pid: "3", questionType: "free_form", answerType: "float", precision: 1, answer: "13.0")
        XCTAssertEqual(MathVistaExtractionRules.official(response: "13", problem: float), "13.0")
        XCTAssertEqual(MathVistaExtractionRules.official(response: "1e3", problem: float), "1000.0")
        XCTAssertNil(MathVistaExtractionRules.official(response: "The answer is \"7\".", problem: integer))
        XCTAssertEqual(
            MathVistaExtractionRules.official(response: "x\nThe answer is \"7\". And \"8\".", problem: integer, quickExtract: true),
            "7\". And \"8")  // greedy up to the last `".` on the line
    }

    func testFinalAnswerRuleThenPatterns() {
        XCTAssertEqual(MathVistaExtractionRules.extract(response: "Count: 2 and 3.\nFinal answer: 5 apples", problem: integer), "5")
        XCTAssertEqual(MathVistaExtractionRules.extract(response: "No idea.", problem: integer), "")
    }
}
