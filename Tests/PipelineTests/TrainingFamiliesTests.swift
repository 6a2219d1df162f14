// `mpo-train fit --families`: SFT on some generator families of a problems artifact only, the
// step a reading curriculum needs (docs/model.md, "Where reading fails"). With batch 1 and one
// epoch the run takes one step per example, so its step count says which records it trained on;
// the expected count is recomputed here from the artifact's records.
import Artifacts
import Foundation
import JSON
import TestSupport
import XCTest

final class TrainingFamiliesTests: XCTestCase {
    private let families = ["bar_range", "table_sum"]

    func testFitTrainsOnTheNamedFamiliesOnly() throws {
        let scratch = try ScratchDirectory()
        let problems = scratch.path("p.mmpr"), initial = scratch.path("init.mmpr"), trained = scratch.path("fit.mmpr")
        try run("mmpr-synth", ["generate", "--sft", "44", "--pref", "4", "--open", "2", "--val", "2", "--testmini", "4", "-o", problems])
        try run("mpo-train", ["init", "--preset", "tiny", "-o", initial])
        let fit = [
            "fit", "--model", initial, "--data", problems, "--split", "sft", "--families", families.reversed().joined(separator: ","),
            "--batch-size", "1", "--epochs", "1", "--lr", "1e-4",
        ]
        try run("mpo-train", fit + ["-o", trained])

        // Each problem with an answer gives a CoT and a direct example, an open prompt its description.
        let sft = try ArtifactReader.records(in: problems, kind: "problems").records.filter { $0["metadata"]?["split"] == "sft" }
        let chosen = sft.filter { families.contains($0["metadata"]?["source"]?.stringValue ?? "") }
        XCTAssertGreaterThan(chosen.count, 0)
        XCTAssertLessThan(chosen.count, sft.count)
        let (manifest, entries) = try ArtifactReader.entries(in: trained) { $0 == "metrics.jsonl" }
        let steps = String(decoding: try XCTUnwrap(entries["metrics.jsonl"]), as: UTF8.self).split(separator: "\n").count
        XCTAssertEqual(steps, chosen.map { $0["answer"] == .null ? 1 : 2 }.reduce(0, +))
        // Recorded sorted: the same families in another order are the same stage.
        XCTAssertEqual(manifest.parameters["families"], .string(families.joined(separator: ",")))
    }

    func testFitRefusesFamiliesItCannotUse() throws {
        let scratch = try ScratchDirectory()
        let problems = scratch.path("p.mmpr"), model = scratch.path("init.mmpr")
        try run("mmpr-synth", ["generate", "--sft", "22", "--pref", "2", "--open", "2", "--val", "2", "--testmini", "2", "-o", problems])
        try run("mpo-train", ["init", "--preset", "tiny", "-o", model])
        let fit = ["fit", "--model", model, "--data", problems, "-o", scratch.path("x.mmpr")]
        for (families, message) in [
            ("table_sum,", "--families takes family names, comma-separated; got 'table_sum,'"),
            ("table_sums", "no records of family 'table_sums' in split 'sft'; its families: bar_colour_sum, bar_range"),
        ] {
            let result = try ToolRunner.run("mpo-train", fit + ["--families", families])
            XCTAssertEqual(result.status, 2, result.stderr)
            XCTAssertTrue(result.stderr.contains(message), result.stderr)
            XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
            XCTAssertFalse(FileManager.default.fileExists(atPath: scratch.path("x.mmpr")))
        }
    }

    private func run(_ tool: String, _ arguments: [String]) throws {
        let result = try ToolRunner.run(tool, arguments)
        XCTAssertEqual(result.status, 0, "\(tool) \(arguments.joined(separator: " ")): \(result.stderr)")
    }
}
