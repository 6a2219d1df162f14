// The TRL export: each line in TRL's conversational vision preference format, its images found
// from the base folder after the folder is moved, and an image-free pair without an image part.
// (`make interop` loads the same kind of export with the `datasets` package and TRL itself.)
import Foundation
import JSON
import TestSupport
import XCTest

@testable import Preference

final class TRLExportTests: XCTestCase {
    func testLinesFollowTRLsFormatAndTheMovedFolderFindsItsImages() throws {
        let scratch = try ScratchDirectory()
        let pairs = (1...3).map { index in
            PairRecord(
                kind: index == 3 ? .dropntp : .correctness, pid: "p\(index)", source: "s\(index)",
                image: index == 2 ? nil : "images/p\(index).png", question: "Question \(index)?", chosen: "good \(index)",
                rejected: "bad \(index)", answerGroundTruth: nil, chosenSample: 0, rejectedSample: 1)
        }
        let images = Dictionary(uniqueKeysWithValues: pairs.compactMap(\.image).map { ($0, Array($0.utf8)) })
        XCTAssertEqual(try TRLExport.write(pairs: pairs, images: images, to: scratch.path("a/export"), baseDirectory: scratch.path("a")), 3)
        try FileManager.default.moveItem(atPath: scratch.path("a"), toPath: scratch.path("b"))

        let lines = try String(decoding: scratch.read("b/export/pairs.jsonl"), as: UTF8.self).split(separator: "\n")
        XCTAssertEqual(lines.count, 3)
        for (text, pair) in zip(lines, pairs) {
            let line = try JSONValue(parsing: String(text))
            let paths = try XCTUnwrap(line["images"]?.arrayValue).map { try XCTUnwrap($0.stringValue) }
            XCTAssertEqual(paths, pair.image.map { ["export/\($0)"] } ?? [], "relative to the base folder")
            for (path, name) in zip(paths, [pair.image].compactMap { $0 }) {
                XCTAssertEqual(try scratch.read("b/\(path)"), Array(name.utf8), "the image is found from the moved base folder")
            }
            // prompt: one user message, an image part per image, then the question.
            let prompt = try XCTUnwrap(line["prompt"]?.arrayValue)
            XCTAssertEqual(prompt.count, 1)
            XCTAssertEqual(prompt[0]["role"], "user")
            let parts = try XCTUnwrap(prompt[0]["content"]?.arrayValue)
            XCTAssertEqual(parts.dropLast().map { $0["type"] }, Array(repeating: "image", count: paths.count))
            XCTAssertEqual(parts.last?["type"], "text")
            XCTAssertEqual(parts.last?["text"]?.stringValue, pair.question)
            // chosen and rejected: one assistant message each, one text part.
            for (side, expected) in [("chosen", pair.chosen), ("rejected", pair.rejected)] {
                let messages = try XCTUnwrap(line[side]?.arrayValue)
                XCTAssertEqual(messages.count, 1)
                XCTAssertEqual(messages[0]["role"], "assistant")
                XCTAssertEqual(messages[0]["content"], [["type": "text", "text": .string(expected)]])
            }
            XCTAssertEqual(line["pair_type"]?.stringValue, pair.kind.rawValue)
            XCTAssertEqual(line["pid"]?.stringValue, pair.pid)
        }
    }
}
