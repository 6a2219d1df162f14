// The InternVL export: InternVL's fields and subsets, a folder that moves whole (its meta.json
// read back by a mimic of InternVL's loader from wherever it lands), and no partial export.
import Foundation
import JSON
import TestSupport
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
        let written = try InternVLExport.write(pairs: pairs, images: ["images/p1.png": [0x89, 0x50]], to: directory, dataset: "toy")
        XCTAssertEqual(written.map(\.subset), ["toy_pairs_vqa_correctness_rules", "toy_pairs_vqa_format_rules"])

        let meta = try JSONValue(parsing: [UInt8](try Data(contentsOf: URL(fileURLWithPath: directory + "/meta.json"))))
        let correctness = try XCTUnwrap(meta["toy_pairs_vqa_correctness_rules"])
        XCTAssertEqual(correctness["length"], 2)
        XCTAssertEqual(correctness["repeat_time"], 1)
        XCTAssertEqual(correctness["data_augment"], false)
        let annotationPath = try XCTUnwrap(correctness["annotation"]?.stringValue)
        XCTAssertEqual(annotationPath, "annotations/toy_pairs_vqa_correctness_rules.jsonl", "relative to the export folder")
        let lines = try String(contentsOfFile: directory + "/" + annotationPath, encoding: .utf8).split(separator: "\n")
        let first = try JSONValue(parsing: String(lines[0]))
        XCTAssertEqual(first["question"], "<image>\nQ1")
        XCTAssertEqual(first["image"], "images/p1.png")
        XCTAssertEqual(first["chosen"], "good")
        let second = try JSONValue(parsing: String(lines[1]))
        XCTAssertEqual(second["question"], "Q2", "text-only pairs get no placeholder")
        XCTAssertNil(second["image"])
        XCTAssertEqual(correctness["root"], "./")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: directory + "/images/p1.png")), Data([0x89, 0x50]))
    }

    /// The export is copied elsewhere and read by a mimic of InternVL's loader run from the
    /// folder the paths are relative to: by default the export folder itself; with --base-dir,
    /// a folder above it, moved with it. Every line finds its annotation and its own image.
    func testAMovedExportIsReadByInternVLsLoaderFromItsBaseFolder() throws {
        let scratch = try ScratchDirectory()
        let pairs = (1...3).map { index in
            PairRecord(
                kind: index == 3 ? .dropntp : .correctness, pid: "p\(index)", source: "s", image: index == 2 ? nil : "images/p\(index).png",
                question: "Q\(index)", chosen: "good \(index)", rejected: "bad \(index)", answerGroundTruth: nil, chosenSample: 0,
                rejectedSample: 1)
        }
        let bytes = { (name: String) in Array(name.utf8) }  // each image's bytes are its own name
        let images = Dictionary(uniqueKeysWithValues: pairs.compactMap(\.image).map { ($0, bytes($0)) })
        let loader = Fixtures.repository.appendingPathComponent("Tests/TestSupport/internvl_loader.py").path
        func loaded(meta: String, from directory: String) throws -> [JSONValue] {
            let result = try Subprocess.run("python3", [loader, meta], directory: directory)
            XCTAssertEqual(result.status, 0, result.stderr)
            return try result.stdoutText.split(separator: "\n").map { try JSONValue(parsing: String($0)) }
        }
        func check(_ lines: [JSONValue]) throws {
            XCTAssertEqual(lines.count, 3)
            for (line, pair) in zip(lines.sorted { $0["chosen"]?.stringValue ?? "" < $1["chosen"]?.stringValue ?? "" }, pairs) {
                XCTAssertEqual(line["chosen"]?.stringValue, pair.chosen)
                XCTAssertEqual(line["rejected"]?.stringValue, pair.rejected)
                XCTAssertEqual(line["image"]?.stringValue, pair.image.map { bytes($0).map { String(format: "%02x", $0) }.joined() })
            }
        }
        let manager = FileManager.default

        // Default: paths relative to the export folder; train from inside the moved folder.
        try InternVLExport.write(pairs: pairs, images: images, to: scratch.path("made/out"), dataset: "toy")
        try manager.moveItem(atPath: scratch.path("made/out"), toPath: scratch.path("moved"))
        try check(try loaded(meta: "meta.json", from: scratch.path("moved")))

        // --base-dir: paths relative to the folder above; that folder moves with the export.
        try InternVLExport.write(
            pairs: pairs, images: images, to: scratch.path("project/data/mpo"), dataset: "toy",
            baseDirectory: scratch.path("project"))
        let meta = try JSONValue(parsing: try scratch.read("project/data/mpo/meta.json"))
        XCTAssertEqual(meta["toy_pairs_vqa_correctness_rules"]?["root"], "data/mpo/")
        try manager.moveItem(atPath: scratch.path("project"), toPath: scratch.path("cluster"))
        try check(try loaded(meta: "data/mpo/meta.json", from: scratch.path("cluster")))
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
        XCTAssertThrowsError(try InternVLExport.write(pairs: pairs, images: ["images/a.png": [1]], to: directory, dataset: "toy")) {
            XCTAssertTrue("\($0)".contains("images/b.png"), "\($0)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory), "a partial export was left")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: parent.path), [], "the staging folder was left")
    }
}
