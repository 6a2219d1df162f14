// A broken image found deep in a run is named by the tools that read it: the file, the problem
// or example, and the image entry — never a bare "not a readable PNG".
import Foundation
import TestSupport
import XCTest

final class ImageErrorTests: XCTestCase {
    /// A broken image deep in a run is named: the file, the problem and the image entry.
    func testABrokenImageIsNamedByTheToolsThatReadIt() throws {
        let scratch = try ScratchDirectory()
        let problems = scratch.path("problems.mmpr"), model = scratch.path("init.mmpr")
        try PipelineFixture.write(to: problems, corruptImage: true)
        XCTAssertEqual(try ToolRunner.run("mpo-train", ["init", "--preset", "tiny", "-o", model]).status, 0)
        let eval = try ToolRunner.run(
            "mpo-eval", ["run", "--model", model, "--problems", problems, "--split", "testmini", "-o", scratch.path("x.mmpr")])
        XCTAssertEqual(eval.status, 2, eval.stderr)
        XCTAssertTrue(eval.stderr.contains("\(problems): test-3: image images/3.png:"), eval.stderr)
        let fit = try ToolRunner.run(
            "mpo-train", ["fit", "--model", model, "--data", problems, "--loss", "sft", "-o", scratch.path("y.mmpr")])
        XCTAssertEqual(fit.status, 2, fit.stderr)
        XCTAssertTrue(fit.stderr.contains("its image:"), fit.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: scratch.path("x.mmpr")))
        XCTAssertFalse(FileManager.default.fileExists(atPath: scratch.path("y.mmpr")))
    }

    /// An image of another size than the model reads is fitted into its square (aspect kept,
    /// white padding) by every tool that feeds the model; it used to stop them with a trap.
    func testAnImageOfAnotherSizeIsFittedByEveryTool() throws {
        let scratch = try ScratchDirectory()
        let problems = scratch.path("problems.mmpr"), model = scratch.path("init.mmpr")
        try PipelineFixture.write(to: problems, wrongSizeImage: true)
        XCTAssertEqual(try ToolRunner.run("mpo-train", ["init", "--preset", "tiny", "-o", model]).status, 0)
        let calls: [(String, [String])] = [
            ("mpo-eval", ["run", "--model", model, "--problems", problems, "--split", "testmini", "--max-new-tokens", "4"]),
            ("mpo-eval", ["grounding", "--model", model, "--problems", problems, "--split", "testmini"]),
            ("mmpr-sample", ["--problems", problems, "--model", model, "--splits", "pref", "--samples", "1", "--max-new-tokens", "4"]),
            ("mpo-train", ["fit", "--model", model, "--data", problems, "--loss", "sft"]),
        ]
        for (index, (tool, arguments)) in calls.enumerated() {
            let result = try ToolRunner.run(tool, arguments + ["-o", scratch.path("out-\(index).mmpr")])
            XCTAssertEqual(result.status, 0, "\(tool) \(arguments[0]): \(result.stderr)")
        }
    }
}
