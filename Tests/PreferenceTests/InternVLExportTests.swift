import Foundation
import JSON
import XCTest
@testable import Preference

final class InternVLExportTests: XCTestCase {
    func testWritesSubsetsAnnotationsImagesAndMeta() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("internvl-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let pairs = [
            PairRecord(
                kind: .correctness, pid: "p1", source: "s", image: "images/p1.png", question: "Q1", chosen: "good", rejected: "bad",
                answerGroundTruth: "4", chosenSample: 0, rejectedSample: 1),
            PairRecord(
                kind: .format, pid: "p1", source: "s", image: "images/p1.png", question: "Q1", chosen: "good", rejected: "???",
                answerGroundTruth: "4", chosenSample: 0, rejectedSample: 2),
            PairRecord(
                kind: .correctness, pid: "p2", source: "s", image: nil, question: "Q2", chosen: "c", rejected: "r", answerGroundTruth: "x",
                chosenSample: 3, rejectedSample: 4),
        ]
        let written = try InternVLExport.write(pairs: pairs, image: { _ in [0x89, 0x50] }, to: directory, dataset: "toy")
        XCTAssertEqual(written.map(\.subset), ["toy_pairs_vqa_correctness_rules", "toy_pairs_vqa_format_rules"])

        let meta = try JSONValue(parsing: [UInt8](try Data(contentsOf: URL(fileURLWithPath: directory + "/meta.json"))))
        let correctness = try XCTUnwrap(meta["toy_pairs_vqa_correctness_rules"])
        XCTAssertEqual(correctness["length"], 2)
        XCTAssertEqual(correctness["repeat_time"], 1)
        XCTAssertEqual(correctness["data_augment"], false)
        let annotationPath = try XCTUnwrap(correctness["annotation"]?.stringValue)
        XCTAssertTrue(annotationPath.hasSuffix(".jsonl"), "InternVL asserts the .jsonl suffix")
        let lines = try String(contentsOfFile: annotationPath, encoding: .utf8).split(separator: "\n")
        let first = try JSONValue(parsing: String(lines[0]))
        XCTAssertEqual(first["question"], "<image>\nQ1")
        XCTAssertEqual(first["image"], "images/p1.png")
        XCTAssertEqual(first["chosen"], "good")
        let second = try JSONValue(parsing: String(lines[1]))
        XCTAssertEqual(second["question"], "Q2", "text-only pairs get no placeholder")
        XCTAssertNil(second["image"])
        let root = try XCTUnwrap(correctness["root"]?.stringValue)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: root + "images/p1.png")), Data([0x89, 0x50]))
    }

    /// A failure half-way (an image the artifact lacks) leaves no file in the folder and no
    /// staging folder beside it.
    func testAFailureHalfWayLeavesNothing() throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("internvl-\(UUID().uuidString)")
        let directory = parent.appendingPathComponent("out").path
        defer { try? FileManager.default.removeItem(at: parent) }
        let pairs = ["a", "b"].map {
            PairRecord(
                kind: .correctness, pid: $0, source: "s", image: "images/\($0).png", question: "Q", chosen: "c", rejected: "r",
                answerGroundTruth: "x", chosenSample: 0, rejectedSample: 1)
        }
        struct Missing: Error {}
        XCTAssertThrowsError(
            try InternVLExport.write(
                pairs: pairs, image: { name in if name == "images/b.png" { throw Missing() } else { return [1] } }, to: directory,
                dataset: "toy"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory), "a partial export was left")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: parent.path), [], "the staging folder was left")
    }
}
