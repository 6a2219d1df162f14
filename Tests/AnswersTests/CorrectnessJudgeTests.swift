// docs/method.md, "Correctness test" (modes, threshold 0.9), and the pitfalls it must avoid
// ("No answer fix", "Real ANLS").
import XCTest
@testable import Answers

final class CorrectnessJudgeTests: XCTestCase {
    let judge = CorrectnessJudge()

    func testVerdicts() {
        XCTAssertEqual(judge.judge(response: "3 + 4 = 7.\nFinal answer: 7", groundTruth: "7"), .correct(answer: "7"))
        XCTAssertEqual(judge.judge(response: "3 + 9 = 12.\nFinal answer: 12", groundTruth: "2"), .wrong(answer: "12"))
        XCTAssertEqual(judge.judge(response: "It is 7.", groundTruth: "7"), .unparseable(.noTrigger))
    }

    func testNoSubstringAnswerFix() {  // "No answer fix": "2" inside "12" is not correct; nor "b" inside "C. … bears"
        XCTAssertFalse(judge.isCorrect("12", groundTruth: "2"))
        XCTAssertFalse(judge.isCorrect("C. The bears", groundTruth: "B"))
    }

    func testModes() {
        XCTAssertTrue(judge.isCorrect("YES", groundTruth: "yes"))  // lower-cased equality
        XCTAssertTrue(judge.isCorrect("Two dogs.", groundTruth: "2 dogs"))  // vqa: number words, periods
        XCTAssertTrue(judge.isCorrect("the cat", groundTruth: "cat"))  // vqa: articles
        XCTAssertTrue(judge.isCorrect("(B)", groundTruth: "B"))  // mc
        XCTAssertTrue(judge.isCorrect("B. 8/11", groundTruth: "B"))
        XCTAssertTrue(judge.isCorrect("45°", groundTruth: "45 degrees"))  // math: units dropped
        XCTAssertTrue(judge.isCorrect("1,000", groundTruth: "1000"))
        XCTAssertFalse(judge.isCorrect("45.1", groundTruth: "45"))  // math: 0.2 % off is too far
        let relaxed = CorrectnessJudge(modes: [.relaxed])
        XCTAssertTrue(relaxed.isCorrect("104", groundTruth: "100"))  // within 5 %
        XCTAssertFalse(relaxed.isCorrect("106", groundTruth: "100"))
        XCTAssertTrue(relaxed.isCorrect("12%", groundTruth: "12"))  // "%" stripped, not divided
        XCTAssertFalse(relaxed.isCorrect("2019", groundTruth: "2018"))  // years exactly
    }

    func testANLSIsASimilarity() {  // "Real ANLS": the reference compared the distance, passing unrelated text
        let anls = CorrectnessJudge(modes: [.anls])
        XCTAssertFalse(anls.isCorrect("completely different", groundTruth: "invoice"))
        XCTAssertTrue(anls.isCorrect("invoice no. 12345678901", groundTruth: "invoice no. 1234567890"))
        XCTAssertEqual(anls.score("abcd", groundTruth: "abce", mode: .anls), 0.75)
    }

    func testModesPerSource() {
        XCTAssertEqual(CorrectnessJudge.modes(forSource: "chartqa_train.jsonl"), [.relaxed])
        XCTAssertEqual(CorrectnessJudge.modes(forSource: "DocVQA"), [.anls])
        XCTAssertEqual(CorrectnessJudge.modes(forSource: "geometry3k"), [.relaxed, .vqa, .multipleChoice])
        XCTAssertEqual(CorrectnessJudge.modes(forSource: "m3cot"), [.vqa, .multipleChoice, .math])
    }
}
