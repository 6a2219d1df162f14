// mmpr-import: the real testmini keeps all 1000 records and every field (checked by Python's
// json; records.jsonl is canonical JSON, keys sorted, like every artifact), images are packed or their absence listed, plain lines get their answer types, MMPR's
// repeat_time gives the line counts InternVL would use, and MMPR pairs round-trip through our
// own InternVL export.
import Artifacts
import Foundation
import JSON
import Preference
import Problems
import TestSupport
import XCTest

final class ImportTests: XCTestCase {
    func testTestminiKeepsEveryRecordAndField() throws {
        let scratch = try ScratchDirectory()
        let output = scratch.path("testmini.mmpr")
        let result = try ToolRunner.run(
            "mmpr-import", ["mathvista", "--annotations", try Fixtures.path("testmini.json"), "--without-images", "-o", output])
        XCTAssertEqual(result.status, 0, result.stderr)
        let (_, entries) = try ArtifactReader.entries(in: output) { $0 == "records.jsonl" }
        let lines = try scratch.write("records.jsonl", try XCTUnwrap(entries["records.jsonl"]))
        let check = try Subprocess.run(
            "python3",
            [
                "-c",
                """
                import json, sys
                fixture = json.load(open(sys.argv[1]))
                lines = [json.loads(l) for l in open(sys.argv[2])]
                assert len(lines) == len(fixture) == 1000, len(lines)
                assert [l['pid'] for l in lines] == list(fixture), 'order'
                for l in lines:
                    assert l == fixture[l['pid']], l['pid']
                print('ok')
                """, try Fixtures.path("testmini.json"), lines,
            ])
        XCTAssertEqual(check.stdoutText, "ok\n", check.stderr)
        // Without --without-images the fixture's missing images are listed, 10 then a count.
        let refused = try ToolRunner.run(
            "mmpr-import", ["mathvista", "--annotations", try Fixtures.path("testmini.json"), "-o", scratch.path("x.mmpr")])
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.stderr.contains("1000 image(s) not found") && refused.stderr.contains("and 990 more"), refused.stderr)
        XCTAssertEqual(refused.stderr.split(separator: "\n").count, 1)
        XCTAssertFalse(FileManager.default.fileExists(atPath: scratch.path("x.mmpr")))
    }

    func testMathVistaImagesArePackedAsTheyAre() throws {
        let scratch = try ScratchDirectory()
        let annotations: JSONValue = [
            "7": [
                "pid": "7", "question": "q?", "image": "images/7.jpg", "choices": .null, "unit": .null, "precision": .null, "answer": "3",
                "question_type": "free_form", "answer_type": "integer", "metadata": ["split": "testmini"], "extra": ["kept": true],
            ]
        ]
        let path = try scratch.write("testmini.json", Array(JSONWriter.canonical.string(annotations).utf8))
        try FileManager.default.createDirectory(atPath: scratch.path("images"), withIntermediateDirectories: true)
        _ = try scratch.write("images/7.jpg", [0xFF, 0xD8, 0xFF, 1, 2, 3])
        let output = scratch.path("p.mmpr")
        XCTAssertEqual(try ToolRunner.run("mmpr-import", ["mathvista", "--annotations", path, "-o", output]).status, 0)
        let contents = try ProblemArtifact.read(path: output) { _ in true }
        XCTAssertEqual(contents.images["images/7.jpg"], [0xFF, 0xD8, 0xFF, 1, 2, 3])
        XCTAssertEqual(contents.records[0].json["extra"], ["kept": true])
    }

    func testPlainAnswerTypesAndRefusals() throws {
        for (answer, type, precision) in [
            ("12", "integer", nil), ("-3", "integer", nil), ("1.25", "float", 2), ("-0.5", "float", 1),
            ("1.2.3", "text", nil), ("3.", "text", nil), ("blue", "text", nil), ("٣", "text", nil),
        ] as [(String, String, Int?)] {
            let inferred = PlainImport.answerType(of: answer)
            XCTAssertEqual(inferred.type, type, answer)
            XCTAssertEqual(inferred.precision, precision, answer)
        }
        let scratch = try ScratchDirectory()
        _ = try scratch.write("a.png", try PNGCodec.encode(RGBImage(width: 4, height: 4)))
        let good = try scratch.write(
            "q.jsonl",
            Array(
                """
                {"image": "a.png", "question": "How many?", "answer": "4", "difficulty": "easy"}
                {"id": "x9", "image": "a.png", "question": "Slope?", "answer": "0.5"}
                {"image": "a.png", "question": "Describe it."}

                """.utf8))
        let output = scratch.path("q.mmpr")
        let result = try ToolRunner.run("mmpr-import", ["plain", "--jsonl", good, "--split", "pref", "-o", output])
        XCTAssertEqual(result.status, 0, result.stderr)
        let records = try ProblemArtifact.read(path: output) { _ in false }.records
        XCTAssertEqual(records.map(\.pid), ["1", "x9", "3"])
        XCTAssertEqual(records.map(\.answerType), ["integer", "float", "text"])
        XCTAssertEqual(records[1].precision, 1)
        XCTAssertEqual(records[0].json["difficulty"], "easy")
        XCTAssertEqual(records[0].source, "q")
        XCTAssertFalse(records[2].hasAnswer)

        // A changed image is a changed input: the stage cache must not answer with the old artifact.
        let cache = ["--cache", scratch.path("cache")]
        XCTAssertEqual(
            try ToolRunner.run("mmpr-import", ["plain", "--jsonl", good, "--split", "pref", "-o", scratch.path("c1.mmpr")] + cache).status,
            0)
        _ = try scratch.write("a.png", try PNGCodec.encode(RGBImage(width: 4, height: 4, fill: (1, 2, 3))))
        XCTAssertEqual(
            try ToolRunner.run("mmpr-import", ["plain", "--jsonl", good, "--split", "pref", "-o", scratch.path("c2.mmpr")] + cache).status,
            0)
        XCTAssertNotEqual(try scratch.read("c1.mmpr"), try scratch.read("c2.mmpr"))

        let bad = try scratch.write(
            "bad.jsonl",
            Array("{\"image\": \"a.png\", \"question\": \"ok\", \"answer\": \"1\"}\n{\"image\": \"a.png\", \"question\": 5}\n".utf8))
        let refused = try ToolRunner.run("mmpr-import", ["plain", "--jsonl", bad, "--split", "pref", "-o", scratch.path("x.mmpr")])
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.stderr.contains("bad.jsonl line 2: \"question\" must be a string"), refused.stderr)
        let lines =
            (0..<12).map { "{\"image\": \"missing-\($0).png\", \"question\": \"q\", \"answer\": \"1\"}" }.joined(separator: "\n") + "\n"
        let missing = try ToolRunner.run(
            "mmpr-import",
            ["plain", "--jsonl", try scratch.write("m.jsonl", Array(lines.utf8)), "--split", "val", "-o", scratch.path("x.mmpr")])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("12 image(s) not found") && missing.stderr.contains("and 2 more"), missing.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: scratch.path("x.mmpr")))
        // A file that is not JSON at all is named, for MathVista annotations and MMPR meta files alike.
        let broken = try scratch.write("broken.json", Array("{\"1\": {".utf8))
        for arguments in [["mathvista", "--annotations", broken], ["mmpr", "--meta", broken]] {
            let result = try ToolRunner.run("mmpr-import", arguments + ["-o", scratch.path("x.mmpr")])
            XCTAssertEqual(result.status, 2, result.stderr)
            XCTAssertTrue(result.stderr.contains("\(broken): not valid JSON"), result.stderr)
        }
        let empty = try ToolRunner.run(
            "mmpr-import", ["plain", "--jsonl", try scratch.write("empty.jsonl", []), "--split", "val", "-o", scratch.path("x.mmpr")])
        XCTAssertEqual(empty.status, 2)
        XCTAssertTrue(empty.stderr.contains("empty.jsonl: no records"), empty.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: scratch.path("x.mmpr")))
    }

    private func writeSubset(_ scratch: ScratchDirectory, _ name: String, lines count: Int) throws -> String {
        let lines = (0..<count).map { index in
            JSONWriter.canonical.string(
                [
                    "image": .string("img/\(index % 2).png"), "question": .string("<image>\nWhat is shown? (\(index))"),
                    "chosen": .string("good \(index)"), "rejected": .string("bad \(index)"),
                    "answer_gt": "7", "note": "x",
                ] as JSONValue)
        }
        return try scratch.write("\(name).jsonl", Array((lines.joined(separator: "\n") + "\n").utf8))
    }

    func testMMPRRepeatTimeKindsAndPlaceholders() throws {
        let scratch = try ScratchDirectory()
        try FileManager.default.createDirectory(atPath: scratch.path("data/img"), withIntermediateDirectories: true)
        for index in 0..<2 { _ = try scratch.write("data/img/\(index).png", [UInt8(index), 9, 9]) }
        _ = try writeSubset(scratch, "geo_pairs_vqa_correctness_rules", lines: 10)
        _ = try writeSubset(scratch, "geo_pairs_vqa_format_rules", lines: 4)
        _ = try writeSubset(scratch, "captions_prefix_pair_sr0.5_wo_image", lines: 3)
        let meta: JSONValue = [
            "geo_pairs_vqa_correctness_rules": ["root": "data", "annotation": "geo_pairs_vqa_correctness_rules.jsonl", "repeat_time": 0.5],
            "geo_pairs_vqa_format_rules": ["root": "data", "annotation": "geo_pairs_vqa_format_rules.jsonl", "repeat_time": 1],
            "captions_prefix_pair_sr0.5_wo_image": [
                "root": "data", "annotation": "captions_prefix_pair_sr0.5_wo_image.jsonl", "repeat_time": 2.5,
            ],
        ]
        let metaPath = try scratch.write("meta.json", Array(JSONWriter.canonical.string(meta).utf8))
        let result = try MMPRImport.read(meta: metaPath, seed: 0)
        // int(10·0.5) = 5, 4 as is, int(2.5) = 2 copies of 3.
        XCTAssertEqual(
            Dictionary(uniqueKeysWithValues: result.subsets.map { ($0.name, $0.pairs) }),
            [
                "geo_pairs_vqa_correctness_rules": 5, "geo_pairs_vqa_format_rules": 4, "captions_prefix_pair_sr0.5_wo_image": 6,
            ])
        XCTAssertEqual(result.pairs.filter { $0.kind == .correctness }.count, 5)
        XCTAssertEqual(result.pairs.filter { $0.kind == .format }.count, 4)
        XCTAssertEqual(result.pairs.filter { $0.kind == .dropntp }.count, 6)
        XCTAssertEqual(Set(result.pairs.map(\.pid)).count, result.pairs.count, "repeated lines get distinct ids")
        XCTAssertTrue(result.pairs.allSatisfy { $0.question.hasPrefix("What is shown?") })
        XCTAssertEqual(result.images, ["images/img/0.png": [0, 9, 9], "images/img/1.png": [1, 9, 9]])
        XCTAssertEqual(result.droppedFields, ["note": 15], "counted per kept line")
        XCTAssertEqual(try MMPRImport.read(meta: metaPath, seed: 0).pairs, result.pairs, "the same seed keeps the same lines")

        let noRepeat: JSONValue = ["s": ["root": "data", "annotation": "geo_pairs_vqa_format_rules.jsonl"]]
        let refused = try ToolRunner.run(
            "mmpr-import",
            [
                "mmpr", "--meta", try scratch.write("meta2.json", Array(JSONWriter.canonical.string(noRepeat).utf8)), "-o",
                scratch.path("x.mmpr"),
            ])
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.stderr.contains("subset s has no \"repeat_time\""), refused.stderr)
    }

    /// Two subsets whose roots differ but whose images share a name (as AI2D/2.jpg and
    /// GeoQA/2.jpg in real MMPR) keep their own pictures: the second gets an entry under its subset.
    func testTheSameImageNameInTwoSubsetsKeepsBothPictures() throws {
        let scratch = try ScratchDirectory()
        _ = try scratch.write("AI2D/2.jpg", [0xA1])
        _ = try scratch.write("GeoQA/2.jpg", [0x6E])
        for subset in ["ai2d", "geoqa"] {
            let line = JSONWriter.canonical.string(["image": "2.jpg", "question": "Q", "chosen": "c", "rejected": "r"] as JSONValue)
            _ = try scratch.write("\(subset).jsonl", Array((line + "\n").utf8))
        }
        let meta: JSONValue = [
            "ai2d": ["root": "AI2D", "annotation": "ai2d.jsonl", "repeat_time": 1],
            "geoqa": ["root": "GeoQA", "annotation": "geoqa.jsonl", "repeat_time": 1],
        ]
        let result = try MMPRImport.read(meta: try scratch.write("meta.json", Array(JSONWriter.canonical.string(meta).utf8)), seed: 0)
        let images = Dictionary(uniqueKeysWithValues: result.pairs.map { ($0.pid, try! XCTUnwrap($0.image)) })
        XCTAssertNotEqual(images["ai2d:1"], images["geoqa:1"])
        XCTAssertEqual(result.images[images["ai2d:1"]!], [0xA1])
        XCTAssertEqual(result.images[images["geoqa:1"]!], [0x6E], "the GeoQA pair would train on the AI2D picture")
    }

    /// MMPR's release layout: meta.json inside MMPR-v1.1/ names paths that start with
    /// "MMPR-v1.1/", because InternVL takes them from the folder it runs in (the one above). The
    /// import reads it with --base-dir that folder; without, it says so in one line.
    func testTheReleaseLayoutImportsWithTheTrainersBaseFolder() throws {
        let scratch = try ScratchDirectory()
        _ = try scratch.write("release/MMPR-v1.1/images/AI2D/2.jpg", [0xA1])
        _ = try scratch.write("release/MMPR-v1.1/images/GeoQA/2.jpg", [0x6E])
        var meta = JSONObject()
        for subset in ["AI2D", "GeoQA"] {
            let line = JSONWriter.canonical.string(
                ["image": "2.jpg", "question": "<image>\nQ", "chosen": "c", "rejected": "r"] as JSONValue)
            _ = try scratch.write("release/MMPR-v1.1/annotations/\(subset).jsonl", Array((line + "\n").utf8))
            meta[subset] = [
                "root": .string("MMPR-v1.1/images/\(subset)/"), "annotation": .string("MMPR-v1.1/annotations/\(subset).jsonl"),
                "data_augment": false, "repeat_time": 1, "length": 1,
            ]
        }
        let metaPath = try scratch.write("release/MMPR-v1.1/meta.json", Array(JSONWriter.canonical.string(.object(meta)).utf8))
        let refused = try ToolRunner.run("mmpr-import", ["mmpr", "--meta", metaPath, "-o", scratch.path("x.mmpr")])
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.stderr.contains("cannot read"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("pass that as --base-dir"), refused.stderr)
        XCTAssertEqual(refused.stderr.split(separator: "\n").count, 1, refused.stderr)

        let imported = try ToolRunner.run(
            "mmpr-import", ["mmpr", "--meta", metaPath, "--base-dir", scratch.path("release"), "-o", scratch.path("pairs.mmpr")])
        XCTAssertEqual(imported.status, 0, imported.stderr)
        let (_, entries) = try ArtifactReader.entries(in: scratch.path("pairs.mmpr")) { _ in true }
        let pairs = try JSONLines.decode(try XCTUnwrap(entries["records.jsonl"]), file: "pairs", entry: "records.jsonl")
        let pictures = try pairs.map { try XCTUnwrap(entries[try XCTUnwrap($0["image"]?.stringValue)]) }
        XCTAssertEqual(Set(pictures), [[0xA1], [0x6E]], "each subset keeps its own 2.jpg")
    }

    func testOurInternVLExportRoundTrips() throws {
        let scratch = try ScratchDirectory()
        let pairs = [
            PairRecord(
                kind: .correctness, pid: "pref-1", source: "bar_range", image: "images/pref-1.png", question: "Q1", chosen: "c",
                rejected: "r",
                answerGroundTruth: "4", chosenSample: 2, rejectedSample: 5),
            PairRecord(
                kind: .dropntp, pid: "open-3", source: "shape_count", image: "images/open-3.png", question: "Describe.", chosen: "long",
                rejected: "lo ng",
                answerGroundTruth: nil, chosenSample: 0, rejectedSample: 0),
        ]
        let images = Dictionary(uniqueKeysWithValues: pairs.compactMap(\.image).map { ($0, Array($0.utf8)) })
        try InternVLExport.write(pairs: pairs, images: images, to: scratch.path("export"), dataset: "synth")
        let result = try MMPRImport.read(meta: scratch.path("export/meta.json"), seed: 0)
        XCTAssertEqual(result.pairs.sorted { $0.pid < $1.pid }, pairs.sorted { $0.pid < $1.pid })
        XCTAssertEqual(result.images["images/pref-1.png"], Array("images/pref-1.png".utf8))
    }
}
