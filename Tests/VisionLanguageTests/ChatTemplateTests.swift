// The internlm2-chat layout, position by position, and the supervised mask: response tokens and
// the closing <|im_end|> only (docs/method.md, "Notation"); the text-only prompt has no image
// tokens at all.
import XCTest
@testable import VisionLanguage

final class ChatTemplateTests: XCTestCase {
    let config = ModelConfig.preset("tiny")!
    var template: ChatTemplate { ChatTemplate(tokenizer: Tokenizer(), config: config) }

    func bytes(_ s: String) -> [Int] { s.utf8.map { Int($0) } }

    func testImageExampleLayoutAndMask() throws {
        let n = config.imageTokens, image = Tokenizer().imageContext
        let s = try template.example(question: "Q?", response: "A1", withImage: true)
        let expected =
            [Tokenizer.imStart] + bytes("user\n") + [Tokenizer.imageStart] + [Int](repeating: image, count: n)
            + [Tokenizer.imageEnd] + bytes("\nQ?") + [Tokenizer.imEnd, Tokenizer.imStart] + bytes("assistant\n")
            + bytes("A1") + [Tokenizer.imEnd]
        XCTAssertEqual(s.ids, expected)
        XCTAssertEqual(s.imageOffset, 7)  // <|im_start|> u s e r \n <img>
        XCTAssertEqual(s.promptLength, expected.count - 3)
        XCTAssertEqual(s.supervised.count, s.ids.count)
        for (i, flag) in s.supervised.enumerated() { XCTAssertEqual(flag, i >= expected.count - 3, "position \(i)") }
        XCTAssertFalse(s.truncated)
    }

    func testTextOnlyPromptRemovesTheImage() throws {
        let s = try template.prompt(question: "Q?", withImage: false, prefill: "The")
        XCTAssertEqual(s.ids, [Tokenizer.imStart] + bytes("user\nQ?") + [Tokenizer.imEnd, Tokenizer.imStart] + bytes("assistant\nThe"))
        XCTAssertNil(s.imageOffset)
        XCTAssertFalse(s.supervised.contains(true))
    }

    func testBatchTargetsAreShiftedByOne() throws {
        let a = try template.example(question: "Q", response: "xy", withImage: false)
        let b = try template.example(question: "Qlonger", response: "z", withImage: false)
        let batch = try SequenceBatch(sequences: [a, b], images: nil)
        XCTAssertEqual(batch.length, b.ids.count)
        XCTAssertEqual(batch.counts, [3, 2])
        let t = batch.length
        // Row t predicts token t + 1: the last prompt row predicts the first response token.
        XCTAssertEqual(batch.targets[a.promptLength - 1], Int(UInt8(ascii: "x")))
        XCTAssertEqual(batch.targets[a.ids.count - 2], Tokenizer.imEnd)
        XCTAssertEqual(batch.mask.scalars[0..<t].reduce(0, +), 3)
        XCTAssertEqual(batch.mask.pointer[a.promptLength - 2], 0)
        XCTAssertEqual(batch.mask.pointer[t + b.ids.count - 2], 1)
        XCTAssertEqual(batch.mask.pointer[t + b.ids.count - 1], 0)
    }

    func testResponseIsCutAtTheContext() throws {
        let s = try template.example(question: "Q", response: String(repeating: "x", count: 500), withImage: true)
        XCTAssertEqual(s.ids.count, config.contextLength)
        XCTAssertTrue(s.truncated)
        XCTAssertNotEqual(s.ids.last, Tokenizer.imEnd)
    }
}
