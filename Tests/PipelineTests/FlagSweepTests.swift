// Every numeric flag of every computing tool, given 0, −1, NaN, ±infinity, 2^62, 10^300 and junk,
// and every string flag (input files, splits, modes, losses, shards, presets) given empty, junk,
// separators only, a folder, a device and standard input with nothing on it, on otherwise valid
// inputs: the tool either runs (exit 0) or refuses with one line (exit 2) and writes nothing.
// Never a signal, never an internal failure, never a partial output.
import Foundation
import TestSupport
import XCTest

final class FlagSweepTests: XCTestCase {
    static let hostile = ["0", "-1", "nan", "inf", "-inf", "4611686018427387904", "1e300", "junk"]
    static let hostileStrings = ["", "junk", ",", "a,,b", "-", "/", "/dev/null", "99/2"]

    /// The fixture every command reads: problems, a tiny model, samples, DropoutNTP, pairs and the
    /// reference log-probs, made once.
    private struct Fixture {
        let folder: ScratchDirectory
        var problems: String { folder.path("problems.mmpr") }
        var model: String { folder.path("model.mmpr") }
        var samples: String { folder.path("samples.mmpr") }
        var ntp: String { folder.path("ntp.mmpr") }
        var pairs: String { folder.path("pairs.mmpr") }
        var reflogps: String { folder.path("reflogps.mmpr") }
    }

    private func makeFixture() throws -> Fixture {
        let fixture = Fixture(folder: try ScratchDirectory())
        try PipelineFixture.write(to: fixture.problems)
        for (tool, arguments) in [
            ("mpo-train", ["init", "--preset", "tiny", "--seed", "1", "-o", fixture.model]),
            (
                "mmpr-sample",
                [
                    "--problems", fixture.problems, "--model", fixture.model, "--samples", "4", "--open-samples", "2",
                    "--max-new-tokens", "12", "-o", fixture.samples,
                ]
            ),
            ("mmpr-dropntp", ["--samples", fixture.samples, "--model", fixture.model, "--max-new-tokens", "12", "-o", fixture.ntp]),
            (
                "mmpr-pair",
                ["build", "--problems", fixture.problems, "--samples", fixture.samples, "--ntp", fixture.ntp, "-o", fixture.pairs]
            ),
            ("mpo-train", ["reflogps", "--model", fixture.model, "--pairs", fixture.pairs, "-o", fixture.reflogps]),
        ] {
            let result = try ToolRunner.run(tool, arguments)
            XCTAssertEqual(result.status, 0, "fixture: \(tool) \(arguments.joined(separator: " ")): \(result.stderr)")
        }
        return fixture
    }

    func testNoNumericFlagCrashesAToolOrLeavesAnOutput() throws {
        let f = try makeFixture()
        // (tool, base arguments that make a quick valid run, the numeric flags to sweep)
        let short = ["--max-new-tokens", "8"]
        let commands: [(String, [String], [String])] = [
            (
                "mmpr-synth",
                [
                    "generate", "--sft", "2", "--pref", "2", "--open", "1", "--val", "2", "--testmini", "2", "--pope", "2",
                    "--perception", "2",
                ],
                ["seed", "sft", "pref", "open", "val", "testmini", "pope", "perception", "described", "reading", "image-size", "threads"]
            ),
            ("mpo-train", ["init", "--preset", "tiny"], ["seed", "threads"]),
            (
                "mmpr-sample", ["--problems", f.problems, "--model", f.model, "--samples", "1", "--open-samples", "1"] + short,
                ["samples", "open-samples", "temperature", "top-k", "top-p", "max-new-tokens", "seed", "batch-size", "threads"]
            ),
            (
                "mmpr-dropntp", ["--samples", f.samples, "--model", f.model] + short,
                ["dropout-ratio", "continuations", "temperature", "top-k", "top-p", "max-new-tokens", "seed", "batch-size", "threads"]
            ),
            ("mmpr-pair", ["build", "--problems", f.problems, "--samples", f.samples], ["max-pairs-per-question", "seed"]),
            ("mpo-train", ["reflogps", "--model", f.model, "--pairs", f.pairs], ["batch-size", "threads"]),
            (
                "mpo-train",
                ["fit", "--model", f.model, "--data", f.pairs, "--reflogps", f.reflogps, "--loss", "mpo", "--batch-size", "4"],
                [
                    "beta", "label-smoothing", "lr", "min-lr", "warmup-ratio", "weight-decay", "max-grad-norm", "batch-size", "epochs",
                    "seed",
                    "threads",
                ]
            ),
            (
                "mpo-eval", ["run", "--model", f.model, "--problems", f.problems, "--split", "testmini"] + short,
                ["max-new-tokens", "batch-size", "threads"]
            ),
            ("mpo-eval", ["grounding", "--model", f.model, "--problems", f.problems, "--split", "testmini"], ["batch-size", "threads"]),
        ]
        let runs = try sweep(commands, values: Self.hostile, in: f.folder)
        XCTAssertGreaterThanOrEqual(runs, 400)
    }

    func testNoStringFlagCrashesAToolOrLeavesAnOutput() throws {
        let f = try makeFixture()
        let short = ["--max-new-tokens", "8"]
        // Output locations (-o, --cache, --checkpoint) are left out: their refusals are tested
        // with the atomic writer, and a hostile one would write into the machine's folders.
        let commands: [(String, [String], [String])] = [
            ("mpo-train", ["init", "--preset", "tiny"], ["preset", "phrases"]),
            (
                "mmpr-sample", ["--problems", f.problems, "--model", f.model, "--samples", "1", "--open-samples", "1"] + short,
                ["problems", "model", "splits", "template", "shard"]
            ),
            ("mmpr-dropntp", ["--samples", f.samples, "--model", f.model] + short, ["samples", "model", "problems", "shard"]),
            ("mmpr-pair", ["build", "--problems", f.problems, "--samples", f.samples, "--ntp", f.ntp], ["problems", "samples", "ntp"]),
            ("mpo-train", ["reflogps", "--model", f.model, "--pairs", f.pairs], ["model", "pairs"]),
            (
                "mpo-train",
                ["fit", "--model", f.model, "--data", f.pairs, "--reflogps", f.reflogps, "--loss", "mpo", "--batch-size", "4"],
                [
                    "model", "data", "loss", "split", "families", "sft-prompts", "pair-kinds", "reflogps", "reference", "resume", "val",
                    "val-reflogps",
                ]
            ),
            (
                "mpo-eval", ["run", "--model", f.model, "--problems", f.problems, "--split", "testmini"] + short,
                ["model", "problems", "split", "modes"]
            ),
            (
                "mpo-eval", ["grounding", "--model", f.model, "--problems", f.problems, "--split", "testmini"],
                ["model", "problems", "split", "modes"]
            ),
        ]
        let runs = try sweep(commands, values: Self.hostileStrings, in: f.folder)
        XCTAssertGreaterThanOrEqual(runs, 280)

        // The inspector's file arguments: nothing there is an artifact (hash, like xxhsum, hashes any file).
        for command in ["ls", "manifest", "verify"] {
            for value in Self.hostileStrings {
                let process = ToolRunner.process("mmpr-art", [command, value])
                let result = try Subprocess.collect(process, input: nil)
                XCTAssertEqual(process.terminationReason, .exit, "mmpr-art \(command) '\(value)': killed by signal \(result.status)")
                XCTAssertEqual(result.status, 2, "mmpr-art \(command) '\(value)': \(result.stderr)")
                XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, "mmpr-art \(command) '\(value)': \(result.stderr)")
            }
        }
    }

    /// Runs each command with each flag set to each value; every run must exit 0, or exit 2 with
    /// one error line and no output. Returns the number of runs.
    private func sweep(_ commands: [(String, [String], [String])], values: [String], in folder: ScratchDirectory) throws -> Int {
        var runs = 0
        for (tool, base, flags) in commands {
            for flag in flags {
                for value in values {
                    let output = folder.path("out-\(runs).mmpr")
                    // Replace the flag's value when the base already sets it.
                    var arguments = base
                    if let index = arguments.firstIndex(of: "--\(flag)") { arguments.removeSubrange(index...index + 1) }
                    arguments += ["--\(flag)", value, "-o", output]
                    let process = ToolRunner.process(tool, arguments)
                    let result = try Subprocess.collect(process, input: nil)
                    let call = "\(tool) \(base.first ?? "") --\(flag) '\(value)'"
                    runs += 1
                    XCTAssertEqual(process.terminationReason, .exit, "\(call): killed by signal \(result.status)")
                    XCTAssertTrue([0, 2].contains(result.status), "\(call): exit \(result.status): \(result.stderr)")
                    if result.status == 2 {
                        // Progress lines may come first; the refusal itself is one line.
                        let errors = result.stderr.split(separator: "\n").filter { $0.contains(": error: ") }
                        XCTAssertEqual(errors.count, 1, "\(call): expected one error line, got: \(result.stderr)")
                        XCTAssertFalse(FileManager.default.fileExists(atPath: output), "\(call): a refused run left \(output)")
                    }
                }
            }
        }
        return runs
    }
}
