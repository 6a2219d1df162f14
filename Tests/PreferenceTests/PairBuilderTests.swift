import Answers
import Problems
import XCTest
@testable import Preference

final class PairBuilderTests: XCTestCase {
    private func sample(
        _ pid: String, _ index: Int, _ response: String, answer: String? = "4", choices: [String]? = nil, source: String = "synth/bars"
    ) -> SampleRecord {
        SampleRecord(
            pid: pid, sampleIndex: index, seed: 1, image: "images/\(pid).png", questionOriginal: "Q \(pid)",
            prompt: PromptTemplates.chainOfThought("Q \(pid)"), response: response, answer: answer, choices: choices,
            source: source, tokens: 10, finishReason: "stop", meanLogProb: -1)
    }
    private func cot(_ answer: String) -> String { "The bars show it.\nSo we compute.\nFinal answer: \(answer)" }

    /// Borders belong to the middle: ¼ and ¾ exactly are "¼ to ¾".
    func testCorrectShareBuckets() {
        let buckets = (0...8).map { PairStatistics.shareBucket(correct: $0, of: 8) }
        XCTAssertEqual(buckets, [0, 1, 2, 2, 2, 2, 2, 3, 4])
        XCTAssertEqual(PairStatistics.shareBucket(correct: 1, of: 3), 2)  // 33 %
        XCTAssertEqual(PairStatistics.shareBucket(correct: 1, of: 5), 1)  // 20 %
    }

    func testBucketsProductAndPairTypes() {
        let samples = [
            sample("p1", 0, cot("4")), sample("p1", 1, cot("5")), sample("p1", 2, "I cannot tell."),
            sample("p1", 3, cot("4.0")), sample("p1", 4, cot("12")), sample("p1", 5, "Counting again.\nStill four.\nFinal answer: 4"),
        ]
        let (pairs, stats) = PairBuilder().pairs(from: samples)
        // Correct: 0, 3 ("4.0" equals 4 in the math mode), 5. Wrong: 1, 4. Unparseable: 2.
        XCTAssertEqual(pairs.filter { $0.kind == .correctness }.count, 6)
        XCTAssertEqual(pairs.filter { $0.kind == .format }.count, 3)
        XCTAssertEqual(Set(pairs.map(\.chosenSample)), [0, 3, 5])
        XCTAssertEqual(Set(pairs.filter { $0.kind == .correctness }.map(\.rejectedSample)), [1, 4])
        XCTAssertEqual(Set(pairs.filter { $0.kind == .format }.map(\.rejectedSample)), [2])
        XCTAssertTrue(pairs.allSatisfy { $0.question == PromptTemplates.chainOfThought("Q p1") && $0.answerGroundTruth == "4" })
        let source = stats.sources["synth/bars"]!
        XCTAssertEqual(source.samples, 6)
        XCTAssertEqual(source.correct, 3)
        XCTAssertEqual(source.mixed, 1)
        XCTAssertEqual(source.correctShares, [0, 0, 1, 0, 0])  // 3 of 6 correct
    }

    func testAllCorrectAndAllWrongQuestionsGiveNoPairs() {
        let samples = [sample("p2", 0, cot("4")), sample("p2", 1, cot("4")), sample("p3", 0, cot("1")), sample("p3", 1, "no idea")]
        let (pairs, stats) = PairBuilder().pairs(from: samples)
        XCTAssertTrue(pairs.isEmpty)
        XCTAssertEqual(stats.sources["synth/bars"]!.allCorrect, 1)
        XCTAssertEqual(stats.sources["synth/bars"]!.allWrong, 1)
    }

    /// Multiple choice: the letter and the option text both count as the right answer.
    func testMultipleChoiceAcceptsLetterOrOptionText() {
        let choices = ["3", "7", "9"]
        let samples = [
            sample("p4", 0, cot("B"), answer: "7", choices: choices), sample("p4", 1, cot("7"), answer: "7", choices: choices),
            sample("p4", 2, cot("A"), answer: "7", choices: choices), sample("p4", 3, cot("9"), answer: "7", choices: choices),
        ]
        let (pairs, _) = PairBuilder().pairs(from: samples)
        XCTAssertEqual(Set(pairs.map(\.chosenSample)), [0, 1])
        XCTAssertEqual(Set(pairs.map(\.rejectedSample)), [2, 3])
    }

    /// No "answer fix" and no substring entailment (docs/method.md, "No answer fix" and "Entailment
    /// filter"): GT "1" against "10" is a pair.
    func testSubstringsNeitherFixNorEntail() {
        let samples = [
            sample("p6", 0, cot("1"), answer: "1"), sample("p6", 1, cot("10"), answer: "1"), sample("p6", 2, cot("21"), answer: "1"),
        ]
        let (pairs, _) = PairBuilder().pairs(from: samples)
        XCTAssertEqual(pairs.map(\.rejectedSample).sorted(), [1, 2])
    }

    func testCapIsASeededDrawPerQuestionAndDuplicatesGo() {
        var samples: [SampleRecord] = []
        for index in 0..<5 { samples.append(sample("p5", index, cot("4") + String(repeating: " ", count: index))) }
        for index in 5..<10 { samples.append(sample("p5", index, cot("\(index)"))) }
        let product = Set((0..<5).flatMap { c in (5..<10).map { [c, $0] } })
        let first = PairBuilder(seed: 7).pairs(from: samples).pairs
        XCTAssertEqual(first.count, 15)
        XCTAssertTrue(first.allSatisfy { product.contains([$0.chosenSample, $0.rejectedSample]) })
        XCTAssertEqual(Set(first.map { [$0.chosenSample, $0.rejectedSample] }).count, 15)
        XCTAssertEqual(PairBuilder(seed: 7).pairs(from: samples).pairs, first, "same seed, same draw")
        let withOthers = PairBuilder(seed: 7).pairs(from: [sample("p1", 0, cot("4")), sample("p1", 1, cot("3"))] + samples).pairs
        XCTAssertEqual(withOthers.filter { $0.pid == "p5" }, first, "a question's draw ignores other questions")
        let seeds = (0..<8).map { seed in
            Set(PairBuilder(seed: UInt64(seed)).pairs(from: samples).pairs.map { [$0.chosenSample, $0.rejectedSample] })
        }
        XCTAssertGreaterThan(Set(seeds).count, 1, "the draw depends on the seed")

        let duplicated = [sample("p7", 0, cot("4")), sample("p7", 1, cot("5")), sample("p7", 2, cot("5"))]
        XCTAssertEqual(PairBuilder().pairs(from: duplicated).pairs.count, 1, "identical (chosen, rejected) texts are one pair")
    }

    func testOpenPromptsAreNeverJudged() {
        let (pairs, stats) = PairBuilder().pairs(from: [sample("o1", 0, "A chart.", answer: nil), sample("o1", 1, "Bars.", answer: nil)])
        XCTAssertTrue(pairs.isEmpty)
        XCTAssertTrue(stats.sources.isEmpty)
    }
}
