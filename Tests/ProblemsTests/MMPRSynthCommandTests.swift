// mmpr-synth as a user runs it: generate to a file that verifies, stats tables, the MathVista
// export layout read back by Python's json, the contact sheet, and refusals.
import Artifacts
import Foundation
import JSON
import Problems
import TestSupport
import XCTest

final class MMPRSynthCommandTests: XCTestCase {
    private let small = ["--sft", "60", "--pref", "20", "--open", "10", "--val", "10", "--testmini", "40", "--pope", "12"]

    func testGenerateStatsExportAndSheet() throws {
        let scratch = try ScratchDirectory()
        let problems = scratch.path("p.mmpr")
        let generate = try ToolRunner.run("mmpr-synth", ["generate"] + small + ["-o", problems])
        XCTAssertEqual(generate.status, 0, generate.stderr)
        XCTAssertEqual(try ToolRunner.run("mmpr-art", ["verify", problems]).status, 0)

        let stats = try ToolRunner.run("mmpr-synth", ["stats", problems])
        XCTAssertEqual(stats.status, 0, stats.stderr)
        XCTAssertTrue(stats.stdoutText.contains("| bar_range | bar chart | free_form | integer |"), stats.stdoutText)
        XCTAssertTrue(stats.stdoutText.contains("| testmini | 40 |"), stats.stdoutText)

        let out = scratch.path("mathvista")
        let export = try ToolRunner.run("mmpr-synth", ["export-mathvista", problems, out])
        XCTAssertEqual(export.status, 0, export.stderr)
        let check = try Subprocess.run(
            "python3",
            [
                "-c",
                """
                import json, os, sys
                d = json.load(open(sys.argv[1] + '/testmini.json'))
                fields = {'question', 'image', 'choices', 'unit', 'precision', 'answer', 'question_type', 'answer_type', 'pid', 'metadata'}
                assert len(d) == 40, len(d)
                for pid, r in d.items():
                    assert set(r) == fields, set(r) ^ fields
                    assert r['pid'] == pid and r['metadata']['split'] == 'testmini'
                    assert os.path.getsize(os.path.join(sys.argv[1], r['image'])) > 0
                print('ok')
                """, out,
            ])
        XCTAssertEqual(check.stdoutText, "ok\n", check.stderr)

        let sheet = try ToolRunner.run("mmpr-synth", ["sheet", problems, "-o", scratch.path("sheet.png")])
        XCTAssertEqual(sheet.status, 0, sheet.stderr)
        XCTAssertEqual(Array(try scratch.read("sheet.png").prefix(4)), [0x89, 0x50, 0x4E, 0x47])
    }

    /// MathVista's release layout with JPEG images, as the real testmini ships: exported from our
    /// generator, the same pictures (decoded, within JPEG's loss), imported, and run by a model.
    func testTheReleaseLayoutWithJPEGsImportsAndRunsThroughEvaluation() throws {
        let scratch = try ScratchDirectory()
        let problems = scratch.path("p.mmpr"), out = scratch.path("mathvista")
        XCTAssertEqual(try ToolRunner.run("mmpr-synth", ["generate"] + small + ["-o", problems]).status, 0)
        let export = try ToolRunner.run("mmpr-synth", ["export-mathvista", problems, out, "--image-format", "jpeg"])
        XCTAssertEqual(export.status, 0, export.stderr)

        let annotations = try JSONValue(parsing: try scratch.read("mathvista/testmini.json"))
        let original = try ProblemArtifact.read(path: problems) { $0.hasPrefix("images/") }
        let byPid = Dictionary(uniqueKeysWithValues: original.records.map { ($0.pid, $0) })
        for (pid, record) in try XCTUnwrap(annotations.objectValue) {
            let path = try XCTUnwrap(record["image"]?.stringValue)
            XCTAssertTrue(path.hasPrefix("images/") && path.hasSuffix(".jpg"), path)
            let jpeg = try scratch.read("mathvista/\(path)")
            XCTAssertEqual(Array(jpeg.prefix(3)), [0xFF, 0xD8, 0xFF], "\(path) is a JPEG")
            let decoded = try ImageCodec.decode(jpeg), source = try ImageCodec.decode(original.images[byPid[pid]!.image]!)
            XCTAssertEqual([decoded.width, decoded.height], [source.width, source.height])
            let error = zip(decoded.pixels, source.pixels).map { abs(Int($0) - Int($1)) }.reduce(0, +) / decoded.pixels.count
            XCTAssertLessThan(error, 8, "\(path): mean error \(error) per channel; not the same picture")
        }

        let imported = scratch.path("imported.mmpr"), model = scratch.path("init.mmpr")
        let importing = try ToolRunner.run("mmpr-import", ["mathvista", "--annotations", out + "/testmini.json", "-o", imported])
        XCTAssertEqual(importing.status, 0, importing.stderr)
        XCTAssertEqual(try ToolRunner.run("mpo-train", ["init", "--preset", "tiny", "-o", model]).status, 0)
        let run = try ToolRunner.run(
            "mpo-eval",
            [
                "run", "--model", model, "--problems", imported, "--split", "testmini", "--max-new-tokens", "4", "-o",
                scratch.path("run.mmpr"),
            ])
        XCTAssertEqual(run.status, 0, run.stderr)
        let (_, entries) = try ArtifactReader.entries(in: scratch.path("run.mmpr")) { $0.hasPrefix("outputs_") }
        for mode in ["direct", "cot"] {
            let outputs = try JSONValue(parsing: try XCTUnwrap(entries["outputs_\(mode).json"], "no \(mode) outputs"))
            XCTAssertEqual(outputs.objectValue?.count, 40, "every problem answered in \(mode) mode")
        }
    }

    func testRefusals() throws {
        let scratch = try ScratchDirectory()
        let cases: [([String], String)] = [
            (["generate", "--sft=-3", "-o", scratch.path("x")], "--sft must be in 0...1000000; got -3"),
            (["generate", "--image-size", "8", "-o", scratch.path("x")], "--image-size must be in 32...512"),
            (["stats", scratch.path("missing.mmpr")], "missing.mmpr"),
            (["export-mathvista", scratch.path("missing.mmpr"), scratch.path("out")], "missing.mmpr"),
            (
                ["export-mathvista", scratch.path("missing.mmpr"), scratch.path("out"), "--jpeg-quality", "0"],
                "--jpeg-quality must be in 1...100"
            ),
            (["export-mathvista", scratch.path("missing.mmpr"), scratch.path("out"), "--image-format", "gif"], "--image-format"),
        ]
        for (arguments, expected) in cases {
            let result = try ToolRunner.run("mmpr-synth", arguments)
            XCTAssertEqual(result.status, 2, "\(arguments): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(expected), result.stderr)
            XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
            XCTAssertFalse(FileManager.default.fileExists(atPath: scratch.path("x")))
        }
    }
}
