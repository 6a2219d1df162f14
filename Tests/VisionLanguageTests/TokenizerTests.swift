// The byte-level tokenizer: exact round trips of arbitrary UTF-8, and no special token ever
// produced from plain text (not even from the specials' own spelling).
import XCTest
import TensorCore
@testable import VisionLanguage

final class TokenizerTests: XCTestCase {
    let tokenizer = Tokenizer()

    func testRoundTripsArbitraryUTF8() {
        let fixed = ["", "a", "Final answer: 42", "naïve café ∑ ∫ √2 ≈ 1.414", "日本語のテキスト", "emoji 👩🏽‍🚀🧪🇫🇷", "tab\tnew\nline\r\n", "\u{0}nul"]
        var random = PhiloxGenerator(seed: 3, stream: 1)
        var generated: [String] = []
        for _ in 0..<200 {
            var scalars = String.UnicodeScalarView()
            for _ in 0..<Int(random.nextUInt32() % 20) {
                let value = random.nextUInt32() % 0x10FFFF
                if let scalar = Unicode.Scalar(value) { scalars.append(scalar) }
            }
            generated.append(String(scalars))
        }
        for text in fixed + generated {
            let ids = tokenizer.encode(text)
            XCTAssertEqual(ids.count, text.utf8.count)
            XCTAssertEqual(tokenizer.decode(ids), text, "round trip of \(text.debugDescription)")
        }
    }

    func testSpecialsNeverComeFromPlainText() {
        let text = "<|im_start|>user\n<img><IMG_CONTEXT></img><|im_end|><pad>"
        let ids = tokenizer.encode(text)
        XCTAssertTrue(ids.allSatisfy { $0 < Tokenizer.byteCount }, "plain text must encode to bytes only")
        XCTAssertEqual(tokenizer.decode(ids), text)
    }

    func testSpecialIdsAndPlaceholders() {
        XCTAssertEqual(tokenizer.vocabularySize, 260)
        XCTAssertEqual(tokenizer.decode([Tokenizer.imStart, 104, 105, Tokenizer.imEnd]), "<|im_start|>hi<|im_end|>")
        XCTAssertEqual(tokenizer.imageContext, 260)
        XCTAssertEqual(tokenizer.padding, 261)
        XCTAssertEqual(tokenizer.decode([Tokenizer.imageStart, tokenizer.imageContext, Tokenizer.imageEnd]), "<img><IMG_CONTEXT></img>")
    }

    // Phrases: one id per occurrence, longest match first, and text in between stays bytes; the
    // expected ids are spelled out here from the rule, independently of the encoder's loop.
    func testPhrasesTakeOneIdEachAndRoundTrip() throws {
        let phrased = Tokenizer(phrases: ["Final answer: ", "Final", "\nAnswer briefly."])
        XCTAssertEqual(phrased.vocabularySize, Tokenizer.baseVocabularySize + 3)
        let text = "x Final answer: 7\nAnswer briefly.Final!"
        let expected =
            [Int(UInt8(ascii: "x")), Int(UInt8(ascii: " ")), 260] + "7".utf8.map { Int($0) } + [262, 261, Int(UInt8(ascii: "!"))]
        XCTAssertEqual(phrased.encode(text), expected)
        XCTAssertEqual(phrased.decode(expected), text)
        var random = PhiloxGenerator(seed: 5, stream: 2)
        let pieces = ["Final answer: ", "Final", "Fin", "\nAnswer briefly.", "é", " ", "\n", "a"]
        for _ in 0..<300 {
            let text = (0..<Int(random.nextUInt32() % 12)).map { _ in pieces[Int(random.nextUInt32() % UInt32(pieces.count))] }.joined()
            XCTAssertEqual(phrased.decode(phrased.encode(text)), text)
        }
        let restored = try Tokenizer(json: phrased.json)
        XCTAssertEqual(restored.phrases, phrased.phrases)
        XCTAssertThrowsError(try Tokenizer(json: ["type": "byte-level", "vocabulary_size": 262, "phrases": ["a"]]))
    }
}
