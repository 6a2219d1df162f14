// The pipeline's tools run as a user runs them, on the hand-built fixture: SFT a tiny model,
// sample, DropoutNTP, pair, score the reference, train MPO, evaluate. What must hold:
// shards merge into the unsharded bytes, the thread count changes nothing, every stage output
// verifies; and each stage refuses bad input with one line and exit status 2.
import Foundation
import JSON
import Artifacts
import TestSupport
import XCTest

final class PipelineToolsTests: XCTestCase {
    /// Runs a tool that must succeed; returns its stderr.
    @discardableResult
    private func succeed(_ tool: String, _ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let result = try ToolRunner.run(tool, arguments)
        XCTAssertEqual(result.status, 0, "\(tool) \(arguments.joined(separator: " ")): \(result.stderr)", file: file, line: line)
        return result.stderr
    }

    private func records(_ path: String, kind: String) throws -> [JSONValue] {
        try ArtifactReader.records(in: path, kind: kind).records
    }

    /// Canonical JSON lines, sorted: the same records whatever order shards wrote them in.
    private func sortedLines(_ records: [JSONValue]) -> [String] {
        records.map { JSONWriter.canonical.string($0) }.sorted()
    }

    func testTheStagesChainAndShardsMergeIntoTheUnshardedBytes() throws {
        let scratch = try ScratchDirectory()
        let problems = scratch.path("problems.mmpr"), initial = scratch.path("init.mmpr"), sft = scratch.path("sft.mmpr")
        try PipelineFixture.write(to: problems)
        try succeed("mpo-train", ["init", "--preset", "tiny", "--seed", "3", "-o", initial])
        try succeed(
            "mpo-train",
            [
                "fit", "--model", initial, "--data", problems, "--split", "sft", "--loss", "sft",
                "--epochs", "60", "--batch-size", "4", "--lr", "3e-3", "--warmup-ratio", "0", "-o", sft,
            ])

        // Samples: one unsharded run on 1 thread, and two shards on 2 threads.
        let sampling = [
            "--problems", problems, "--model", sft, "--samples", "6", "--open-samples", "3", "--max-new-tokens", "40", "--batch-size", "5",
        ]
        let whole = scratch.path("samples.mmpr"), shards = [scratch.path("samples-0.mmpr"), scratch.path("samples-1.mmpr")]
        try succeed("mmpr-sample", sampling + ["--threads", "1", "-o", whole])
        for (k, path) in shards.enumerated() { try succeed("mmpr-sample", sampling + ["--shard", "\(k)/2", "--threads", "2", "-o", path]) }
        let wholeSamples = try records(whole, kind: "samples")
        XCTAssertEqual(wholeSamples.count, 4 * 6 + 2 * 3)
        XCTAssertEqual(sortedLines(wholeSamples), sortedLines(try shards.flatMap { try records($0, kind: "samples") }))
        // Merged, the shards are the unsharded run's artifact byte for byte (manifest included),
        // whatever order they are given in; a missing shard is refused.
        let merged = scratch.path("samples-merged.mmpr")
        try succeed("mmpr-sample", ["--problems", problems, "--merge", shards[1], "--merge", shards[0], "-o", merged])
        XCTAssertEqual(try scratch.read("samples-merged.mmpr"), try scratch.read("samples.mmpr"))
        let partial = try ToolRunner.run("mmpr-sample", ["--problems", problems, "--merge", shards[1], "-o", scratch.path("x.mmpr")])
        XCTAssertEqual(partial.status, 2)
        XCTAssertTrue(partial.stderr.contains("a merge needs each of 0..<2 once"), partial.stderr)

        // DropoutNTP over the unsharded samples: unsharded vs two shards.
        let ntp = scratch.path("ntp.mmpr"), ntpShards = [scratch.path("ntp-0.mmpr"), scratch.path("ntp-1.mmpr")]
        let dropping = ["--samples", whole, "--model", sft, "--max-new-tokens", "40"]
        try succeed("mmpr-dropntp", dropping + ["--threads", "2", "-o", ntp])
        for (k, path) in ntpShards.enumerated() {
            try succeed("mmpr-dropntp", dropping + ["--shard", "\(k)/2", "--threads", "1", "-o", path])
        }
        let continuations = try records(ntp, kind: "ntp")
        XCTAssertEqual(sortedLines(continuations), sortedLines(try ntpShards.flatMap { try records($0, kind: "ntp") }))
        // DropoutNTP run on each sampling shard, as on separate machines: together, the same records.
        let perMachine = try shards.enumerated().flatMap { k, samplesShard -> [JSONValue] in
            let path = scratch.path("ntp-of-samples-\(k).mmpr")
            try succeed("mmpr-dropntp", ["--samples", samplesShard, "--model", sft, "--max-new-tokens", "40", "-o", path])
            return try records(path, kind: "ntp")
        }
        XCTAssertEqual(sortedLines(continuations), sortedLines(perMachine))
        for record in continuations {
            let chosen = try XCTUnwrap(record["chosen"]?.stringValue), prefix = try XCTUnwrap(record["prefix"]?.stringValue)
            XCTAssertTrue(chosen.hasPrefix(prefix), "the prefix is the start of the chosen response")
        }

        // Pairs from the unsharded artifacts and from the shards: the same bytes.
        let pairs = scratch.path("pairs.mmpr"), pairsFromShards = scratch.path("pairs-shards.mmpr")
        try succeed("mmpr-pair", ["build", "--problems", problems, "--samples", whole, "--ntp", ntp, "-o", pairs])
        try succeed(
            "mmpr-pair",
            [
                "build", "--problems", problems, "--samples", shards[1], "--samples", shards[0],
                "--ntp", ntpShards[1], "--ntp", ntpShards[0], "-o", pairsFromShards,
            ])
        XCTAssertEqual(try scratch.read("pairs.mmpr"), try scratch.read("pairs-shards.mmpr"))
        let pairRecords = try records(pairs, kind: "pairs")
        XCTAssertFalse(pairRecords.isEmpty, "the SFT model should be right on some samples and wrong on others")
        for pair in pairRecords { XCTAssertNotEqual(pair["chosen"], pair["rejected"]) }

        // Reference log-probs once, then MPO against them; metrics under TRL's names.
        let reference = scratch.path("ref.mmpr"), mpo = scratch.path("mpo.mmpr")
        try succeed("mpo-train", ["reflogps", "--model", sft, "--pairs", pairs, "-o", reference])
        XCTAssertEqual(try records(reference, kind: "reflogps").count, pairRecords.count)
        try succeed(
            "mpo-train",
            [
                "fit", "--model", sft, "--data", pairs, "--reflogps", reference, "--loss", "mpo",
                "--epochs", "2", "--batch-size", "4", "--val", pairs, "--val-reflogps", reference, "--val-every", "2", "-o", mpo,
            ])
        let (_, modelEntries) = try ArtifactReader.entries(in: mpo) { $0 == "metrics.jsonl" }
        let metrics = try JSONLines.decode(try XCTUnwrap(modelEntries["metrics.jsonl"]), file: mpo, entry: "metrics.jsonl")
        XCTAssertFalse(metrics.isEmpty)
        for name in [
            "loss", "rewards/chosen", "rewards/rejected", "rewards/accuracies", "rewards/margins", "logps/chosen", "logps/rejected",
            "delta", "nll", "lr", "grad_norm",
        ] {
            XCTAssertNotNil(metrics[0][name], "metrics.jsonl lacks \(name)")
        }
        for (index, step) in metrics.enumerated() {
            let evaluated = (index + 1) % 2 == 0 || index == metrics.count - 1
            XCTAssertEqual(
                step["eval/rewards/accuracies"] != nil, evaluated, "step \(index + 1): held-out metrics every 2 steps and at the end")
        }

        // MPO on some pair kinds only: one step per batch of the kept pairs.
        let kept = pairRecords.filter { $0["type"]?.stringValue != "dropntp" }.count
        XCTAssertTrue(kept > 0 && kept < pairRecords.count, "the fixture makes DropoutNTP pairs and others")
        let ablation = scratch.path("mpo-no-ntp.mmpr")
        try succeed(
            "mpo-train",
            [
                "fit", "--model", sft, "--data", pairs, "--reflogps", reference, "--loss", "mpo", "--batch-size", "4",
                "--pair-kinds", "correctness,format", "-o", ablation,
            ])
        let (_, ablationEntries) = try ArtifactReader.entries(in: ablation) { $0 == "metrics.jsonl" }
        XCTAssertEqual(
            try JSONLines.decode(try XCTUnwrap(ablationEntries["metrics.jsonl"]), file: ablation, entry: "metrics.jsonl").count,
            (kept + 3) / 4)

        // Grounding: one record per problem and mode, and a summary that agrees with them.
        let grounding = scratch.path("grounding.mmpr")
        try succeed("mpo-eval", ["grounding", "--model", mpo, "--problems", problems, "--split", "testmini", "-o", grounding])
        let groundingRecords = try records(grounding, kind: "grounding")
        XCTAssertEqual(groundingRecords.count, 8, "4 testmini problems × 2 modes")
        let (_, groundingEntries) = try ArtifactReader.entries(in: grounding) { $0 == "summary.json" }
        let groundingSummary = try JSONValue(parsing: try XCTUnwrap(groundingEntries["summary.json"]))
        let cotGains = groundingRecords.filter { $0["mode"]?.stringValue == "cot" }.map {
            $0["logp_own_image"]!.doubleValue! - $0["logp_other_image"]!.doubleValue!
        }
        XCTAssertEqual(
            groundingSummary["cot"]?["overall"]?["mean_gain_nats"]?.doubleValue ?? .nan, cotGains.reduce(0, +) / Double(cotGains.count),
            accuracy: 1e-9)

        // Descriptions: one record per open prompt with an image, counts that add up to the summary.
        let described = scratch.path("describe.mmpr")
        try succeed(
            "mpo-eval", ["describe", "--model", mpo, "--problems", problems, "--split", "open", "--max-new-tokens", "24", "-o", described])
        let descriptions = try records(described, kind: "descriptions")
        XCTAssertEqual(descriptions.compactMap { $0["pid"]?.stringValue }, ["open-1", "open-2"])
        XCTAssertEqual(descriptions.compactMap { $0["items"]?.integerValue }, [1, 1], "one number in each reference description")
        let (_, describedEntries) = try ArtifactReader.entries(in: described) { $0 == "summary.json" }
        let describedSummary = try JSONValue(parsing: try XCTUnwrap(describedEntries["summary.json"]))
        XCTAssertEqual(
            describedSummary["overall"]?["items_right"]?.integerValue,
            descriptions.compactMap { $0["items_right"]?.integerValue }.reduce(0, +))

        // Evaluation: the summary's count agrees with the per-problem verdicts it wrote.
        let scores = scratch.path("scores.mmpr")
        try succeed(
            "mpo-eval", ["run", "--model", mpo, "--problems", problems, "--split", "testmini", "--max-new-tokens", "40", "-o", scores])
        let (manifest, entries) = try ArtifactReader.entries(in: scores) { _ in true }
        XCTAssertEqual(manifest.kind, "scores")
        let summary = try JSONValue(parsing: try XCTUnwrap(entries["summary.json"]))
        for mode in ["direct", "cot"] {
            let outputs = try JSONValue(parsing: try XCTUnwrap(entries["outputs_\(mode).json"]))
            let verdicts = try XCTUnwrap(outputs.objectValue).map { $0.value["true_false"]?.boolValue }
            XCTAssertEqual(verdicts.count, 4)
            let first = try XCTUnwrap(outputs["test-1"])
            XCTAssertEqual(first["prompt"]?.stringValue?.contains("How many white squares are there?"), true)
            for key in ["response", "extraction", "prediction", "true_false", "answer", "question_type"] {
                XCTAssertNotNil(first[key], key)
            }
            XCTAssertEqual(summary[mode]?["overall"]?["correct"]?.integerValue, Int64(verdicts.filter { $0 == true }.count))
            XCTAssertEqual(summary[mode]?["overall"]?["total"]?.integerValue, 4)
        }
        // The unparseable rate is the CoT prompt's (a response without one "Final answer: " line);
        // the direct prompt never asks for that line, so its rate is null, not 100 %.
        let cotResponses = try XCTUnwrap(JSONValue(parsing: try XCTUnwrap(entries["outputs_cot.json"])).objectValue).map(\.value)
        let withoutFinalAnswer = cotResponses.filter { $0["response"]?.stringValue?.components(separatedBy: "Final answer:").count != 2 }
        XCTAssertEqual(summary["cot"]?["unparseable_rate"]?.doubleValue, Double(withoutFinalAnswer.count) / 4)
        XCTAssertEqual(summary["direct"]?["unparseable_rate"], .null)

        // The report takes each column from the split it is for: testmini scores in the POPE
        // column (or the other way round) are refused by name, and nothing is written.
        let report = scratch.path("REPORT.md")
        let swapped = try ToolRunner.run("mpo-eval", ["report", "--row", "M=\(mpo),\(scores),\(scores)", "-o", report])
        XCTAssertEqual(swapped.status, 2, swapped.stderr)
        XCTAssertTrue(swapped.stderr.contains("scores the 'testmini' split, but this column is for 'pope'"), swapped.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: report))
        // The same for a grounding artifact in the descriptions column; a descriptions artifact there
        // gives the report its descriptions table.
        let misplaced = try ToolRunner.run("mpo-eval", ["report", "--row", "M0=\(mpo),\(scores),,,\(grounding)", "-o", report])
        XCTAssertEqual(misplaced.status, 2, misplaced.stderr)
        XCTAssertTrue(
            misplaced.stderr.contains("expected a descriptions artifact with summary.json (from mpo-eval describe)"), misplaced.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: report))
        // A descriptions artifact whose records lack a pid is refused by file, entry and line.
        let broken = scratch.path("broken-descriptions")
        try FileManager.default.createDirectory(atPath: broken, withIntermediateDirectories: true)
        try Data("{\"whole\":true}\n".utf8).write(to: URL(fileURLWithPath: broken + "/records.jsonl"))
        try Data("{\"overall\":{}}\n".utf8).write(to: URL(fileURLWithPath: broken + "/summary.json"))
        try succeed("mmpr-art", ["pack", "--kind", "descriptions", broken, "-o", scratch.path("broken.mmpr")])
        let malformed = try ToolRunner.run(
            "mpo-eval", ["report", "--row", "M0=\(mpo),\(scores),,,\(scratch.path("broken.mmpr"))", "-o", report])
        XCTAssertEqual(malformed.status, 2, malformed.stderr)
        XCTAssertTrue(malformed.stderr.contains("records.jsonl"), malformed.stderr)
        XCTAssertTrue(malformed.stderr.contains("line 1: expected a new string pid and a boolean whole"), malformed.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: report))
        try succeed("mpo-eval", ["report", "--row", "M0=\(mpo),\(scores),,,\(described)", "-o", report])
        XCTAssertTrue(
            try String(contentsOfFile: report, encoding: .utf8).contains("## What does the model name? Descriptions of unseen images"))

        // A replicate names a row, gives a model and its scores, and is another seed of the row's run.
        try FileManager.default.removeItem(atPath: report)
        for (replicate, expected) in [
            ("Nobody=\(mpo),\(scores)", "no --row is labelled 'Nobody'"), ("M0=\(mpo)", "expected LABEL=MODEL,TESTMINI_SCORES"),
            ("M0=\(mpo),\(scores)", "is already a run of 'M0'"),
        ] {
            let refused = try ToolRunner.run(
                "mpo-eval", ["report", "--row", "M0=\(mpo),\(scores)", "--replicate", replicate, "-o", report])
            XCTAssertEqual(refused.status, 2, refused.stderr)
            XCTAssertTrue(refused.stderr.contains(expected), refused.stderr)
            XCTAssertEqual(refused.stderr.split(separator: "\n").count, 1, refused.stderr)
            XCTAssertFalse(FileManager.default.fileExists(atPath: report))
        }
    }

    func testStagesRefuseBadInputWithOneLine() throws {
        let scratch = try ScratchDirectory()
        let problems = scratch.path("problems.mmpr"), model = scratch.path("model.mmpr")
        try PipelineFixture.write(to: problems)
        try succeed("mpo-train", ["init", "--preset", "tiny", "-o", model])
        let cases: [(String, [String], String)] = [
            (
                "mmpr-sample", ["--problems", problems, "--model", model, "--splits", "nosuch", "-o", scratch.path("x")],
                "no records in split(s) nosuch"
            ),
            ("mmpr-sample", ["--problems", model, "--model", model, "-o", scratch.path("x")], "expected 'problems'"),
            ("mmpr-sample", ["--problems", problems, "--model", model, "--shard", "2/2", "-o", scratch.path("x")], "--shard must be K/N"),
            ("mmpr-dropntp", ["--samples", problems, "--model", model, "-o", scratch.path("x")], "expected 'samples'"),
            (
                "mmpr-dropntp", ["--samples", problems, "--model", model, "--dropout-ratio", "1.5", "-o", scratch.path("x")],
                "--dropout-ratio must be a number in [0, 1]; got 1.5"
            ),
            (
                "mpo-eval", ["run", "--model", model, "--problems", problems, "--modes", "cot,fancy", "-o", scratch.path("x")],
                "--modes takes direct and/or cot"
            ),
            (
                "mpo-train", ["fit", "--model", model, "--data", problems, "--loss", "mpo", "-o", scratch.path("x")],
                "preference losses need a pairs artifact"
            ),
            (
                "mpo-train", ["fit", "--model", model, "--data", problems, "--val", problems, "-o", scratch.path("x")],
                "--val needs --val-reflogps or --reference"
            ),
            (
                "mpo-train", ["fit", "--model", model, "--data", problems, "--val-every", "3", "-o", scratch.path("x")],
                "--val-reflogps and --val-every go with --val PAIRS"
            ),
            (
                "mpo-train", ["fit", "--model", model, "--data", problems, "--pair-kinds", "correctness,ntp", "-o", scratch.path("x")],
                "--pair-kinds takes correctness, format, dropntp"
            ),
            (
                "mpo-train", ["fit", "--model", model, "--data", problems, "--warmup-ratio", "nan", "-o", scratch.path("x")],
                "--warmup-ratio must be in [0, 1]"
            ),
            (
                "mpo-train", ["fit", "--model", model, "--data", problems, "--warmup-ratio", "5", "-o", scratch.path("x")],
                "--warmup-ratio must be in [0, 1]"
            ),
            (
                "mpo-train", ["fit", "--model", model, "--data", problems, "--epochs", "4611686018427387904", "-o", scratch.path("x")],
                "--epochs in 1...10000"
            ),
            ("mpo-train", ["fit", "--model", model, "--data", problems, "--loss", "", "-o", scratch.path("x")], "unknown loss ''"),
            (
                "mpo-train", ["fit", "--model", model, "--data", problems, "--loss", "sigmoid=0", "-o", scratch.path("x")],
                "is not a positive number"
            ),
            (
                "mpo-train", ["fit", "--model", model, "--data", problems, "--label-smoothing=-0.1", "-o", scratch.path("x")],
                "--label-smoothing must be in [0, 0.5)"
            ),
            (
                "mpo-train", ["fit", "--model", model, "--data", problems, "--label-smoothing", "2", "-o", scratch.path("x")],
                "--label-smoothing must be in [0, 0.5)"
            ),
            (
                "mpo-train", ["fit", "--model", model, "--data", problems, "--max-grad-norm", "nan", "-o", scratch.path("x")],
                "--max-grad-norm must be a positive number"
            ),
            (
                "mpo-train", ["fit", "--model", model, "--data", problems, "--max-grad-norm", "0", "-o", scratch.path("x")],
                "--max-grad-norm must be a positive number"
            ),
            (
                "mpo-train", ["fit", "--model", model, "--data", problems, "--min-lr", "1", "-o", scratch.path("x")],
                "--min-lr must be in [0, --lr]"
            ),
            (
                "mpo-eval", ["grounding", "--model", model, "--problems", problems, "--modes", "cot,fancy", "-o", scratch.path("x")],
                "--modes takes cot and/or direct"
            ),
            (
                "mpo-eval", ["grounding", "--model", model, "--problems", problems, "--split", "nosuch", "-o", scratch.path("x")],
                "no problems with answers in split nosuch"
            ),
            (
                "mpo-eval", ["describe", "--model", model, "--problems", problems, "--split", "testmini", "-o", scratch.path("x")],
                "split testmini has no records with a reference description and an image"
            ),
            (
                "mpo-eval", ["report", "--row", "M0", "-o", scratch.path("x")],
                "--row M0: expected LABEL=MODEL,TESTMINI_SCORES[,POPE_SCORES[,GROUNDING[,DESCRIPTIONS]]]"
            ),
            ("mpo-eval", ["report", "--row", "M0=\(model)", "-o", scratch.path("x")], "expected 2 to 5 comma-separated artifacts"),
            (
                "mpo-eval", ["report", "--row", "M0=\(model),\(model)", "-o", scratch.path("x")],
                "expected a scores artifact with summary.json"
            ),
        ]
        for (tool, arguments, expected) in cases {
            let result = try ToolRunner.run(tool, arguments)
            XCTAssertEqual(result.status, 2, "\(tool) \(arguments): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(expected), "\(tool): \(result.stderr)")
            XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, "\(tool): one line, not \(result.stderr)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: scratch.path("x")), "\(tool) left a half-written output")
        }
    }
}
