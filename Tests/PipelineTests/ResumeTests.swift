// `mpo-train fit --resume`: a checkpoint continues the run that wrote it, to the same weights as
// an uninterrupted run, and nothing else: other settings or other inputs are refused by name.
import Artifacts
import Foundation
import TestSupport
import XCTest

final class ResumeTests: XCTestCase {
    func testResumeReachesTheUninterruptedWeightsAndRefusesAnotherRun() throws {
        let scratch = try ScratchDirectory()
        let problems = scratch.path("problems.mmpr"), initial = scratch.path("init.mmpr")
        try PipelineFixture.write(to: problems)
        XCTAssertEqual(try ToolRunner.run("mpo-train", ["init", "--preset", "tiny", "--seed", "2", "-o", initial]).status, 0)
        let fit = ["fit", "--model", initial, "--data", problems, "--loss", "sft", "--epochs", "6", "--batch-size", "4", "--lr", "3e-3"]
        let checkpoint = scratch.path("checkpoint.mmpr")
        let full = try ToolRunner.run(
            "mpo-train", fit + ["--checkpoint", checkpoint, "--checkpoint-every", "4", "-o", scratch.path("full.mmpr")])
        XCTAssertEqual(full.status, 0, full.stderr)

        let resumed = try ToolRunner.run("mpo-train", fit + ["--resume", checkpoint, "-o", scratch.path("resumed.mmpr")])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertTrue(resumed.stderr.contains("resuming at step"), resumed.stderr)
        func weights(_ name: String) throws -> [UInt8]? {
            try ArtifactReader.entries(in: scratch.path(name)) { $0 == "model.safetensors" }.entries["model.safetensors"]
        }
        XCTAssertEqual(try weights("resumed.mmpr"), try weights("full.mmpr"), "resumed weights differ from the uninterrupted run's")

        for (change, mentions) in [(["--lr", "1e-3"], "learning_rate"), (["--epochs", "8"], "epochs")] {
            var arguments = fit
            let index = arguments.firstIndex(of: change[0])!
            arguments[index + 1] = change[1]
            let other = try ToolRunner.run("mpo-train", arguments + ["--resume", checkpoint, "-o", scratch.path("other.mmpr")])
            XCTAssertEqual(other.status, 2, other.stderr)
            XCTAssertTrue(other.stderr.contains("a checkpoint of another run") && other.stderr.contains(mentions), other.stderr)
            XCTAssertFalse(FileManager.default.fileExists(atPath: scratch.path("other.mmpr")))
        }
    }
}
