// docs/method.md, "Final-answer extraction": the text after the last "Final answer:", and the refusals.
import XCTest
@testable import Answers

final class FinalAnswerExtractionTests: XCTestCase {
    func testTakesTheLastTriggerInAnyCase() {
        XCTAssertEqual(try FinalAnswerExtraction.extract("Two plus two.\nFinal answer: 4").get(), "4")
        XCTAssertEqual(try FinalAnswerExtraction.extract("Count them.\n**Final Answer:** 12 \n").get(), "12")
        XCTAssertEqual(try FinalAnswerExtraction.extract("So FINAL ANSWER: x\nchecking… final answer: B").get(), "B")
        XCTAssertEqual(try FinalAnswerExtraction.extract("计算。\n答案: 7").get(), "7")
    }

    func testRefusals() {
        XCTAssertEqual(FinalAnswerExtraction.extract("The answer is 4."), .failure(.noTrigger))
        XCTAssertEqual(FinalAnswerExtraction.extract("a Final answer: 1 Final answer: 2 Final answer: 3"), .failure(.tooManyTriggers))
        XCTAssertEqual(FinalAnswerExtraction.extract("  \n Final answer: 4"), .failure(.emptyRationale))
        XCTAssertEqual(FinalAnswerExtraction.extract("Reasoning.\nFinal answer: 4\nor maybe 5"), .failure(.multiLineAnswer))
        XCTAssertEqual(FinalAnswerExtraction.extract("Reasoning.\nFinal answer: ** "), .failure(.emptyAnswer))
    }
}
