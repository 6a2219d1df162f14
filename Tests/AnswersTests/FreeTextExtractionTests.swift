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
        XCTAssertEqual(FreeTextExtraction.extract(response: "First 3, then 4, so 7", problem: integer), "7")  // the conclusion
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

    /// What GPT-4 takes from prose (docs/answers.md, "Extraction without an LLM"), one general
    /// pattern per line, on responses written for the test.
    func testTheStatementAResponseEndsOn() {
        func integer(_ response: String) -> String? { FreeTextExtraction.extract(response: response, problem: self.integer) }
        func option(_ response: String) -> String? { FreeTextExtraction.extract(response: response, problem: choice) }
        // The last answer phrase, not the first.
        XCTAssertEqual(option("The answer is A at first sight.\nOn reflection the answer is C."), "C")
        // The answer on the line after "The answer is:".
        XCTAssertEqual(option("Since 3 is greater than 2, the answer is:\n\nB"), "B")
        XCTAssertEqual(option("所以答案为C。"), "C")
        // A closing line that is only a letter; a closing statement naming one.
        XCTAssertEqual(option("Hastate leaf - arrowhead.\nCordate leaf - heart shaped.\n\nB"), "B")
        XCTAssertEqual(option("The option that fits best is B (8/11)."), "B")
        // A response that declines: no answer (GPT-4 writes N/A).
        XCTAssertEqual(option("Without more information I cannot determine which option is right."), "N/A")
        XCTAssertNil(integer("I do not have enough information to count the 3 kinds of objects."))
        // A made-up follow-up question: GPT-4 takes its answer, even one that is no option.
        XCTAssertEqual(
            option("The answer is A.\n\nQuestion: How many toys are there?\nSolution: 3 + 2 = 5 toys.\n\nSo the total is 5."), "5")
        // …but not a follow-up left unanswered.
        XCTAssertEqual(option("The answer is B.\n\nQuestion: What colour is the sky?"), "B")
        // Numbers: bold first, then the closing statement's result, then the opening sentence.
        XCTAssertEqual(integer("**Candy:** 4 units.\nThere are a total of **3** items below 5."), "3")
        XCTAssertEqual(integer("Bars: 2, 4 and 5.\nSo there are 2 + 1 + 3 = 6 objects left."), "6")
        XCTAssertEqual(integer("The value of r at theta = 3*pi/2 is 1."), "1")
        XCTAssertEqual(integer("Therefore, the share greater than 0.92% is 6."), "6")
        XCTAssertEqual(integer("The missing number is 12, which is the next number after 10."), "12")
        XCTAssertEqual(integer("Therefore, if she makes 2 cakes, she will need 4 cups of flour."), "4")
        XCTAssertEqual(integer("There are 17 flocks with at least 17 birds but fewer than 33 birds."), "17")
        XCTAssertEqual(integer("The total is:\n\n9"), "9")
        XCTAssertEqual(integer("Solution: 326"), "326")
        // Spelled-out numbers count; one that names things already counted does not.
        XCTAssertEqual(integer("There are four people in the image."), "4")
        XCTAssertEqual(integer("The two people in the image are smiling."), nil)
        XCTAssertEqual(integer("Subtracting them all leaves no objects."), "0")
        // A range stays a range, which no integer parses.
        XCTAssertEqual(integer("The age gap is 10 to 15 years."), "10 to 15")
    }

    func testALaTeXOptionIsRecognisedInProse() {
        let fractions = MathVistaProblem(
            pid: "5", questionType: "multi_choice", answerType: "text", choices: ["\\frac{9}{2}", "\\frac{3√{5}}{2}"], answer: "x")
        XCTAssertEqual(FreeTextExtraction.extract(response: "The length of CD is 3√5 / 2.", problem: fractions), "\\frac{3√{5}}{2}")
    }
}
