// Samples written by any model pair like our own: records of {pid, question, response} packed
// with `mmpr-art pack --kind samples`; the answer, the image, the choices and the source come
// from the problem, the sample index from the record's place among its pid's records.
import Artifacts
import Foundation
import JSON
import TestSupport
import XCTest

final class ExternalSamplesTests: XCTestCase {
    private func pack(_ records: [JSONValue], in scratch: ScratchDirectory, as name: String) throws -> String {
        let lines = records.map { JSONWriter.canonical.string($0) + "\n" }.joined()
        _ = try scratch.write("\(name)/records.jsonl", Array(lines.utf8))
        let packed = try ToolRunner.run("mmpr-art", ["pack", "--kind", "samples", scratch.path(name), "-o", scratch.path("\(name).mmpr")])
        XCTAssertEqual(packed.status, 0, packed.stderr)
        return scratch.path("\(name).mmpr")
    }

    func testHandWrittenSamplesPairLikeOurOwn() throws {
        let scratch = try ScratchDirectory()
        let problems = scratch.path("problems.mmpr")
        try PipelineFixture.write(to: problems)
        let prompt = "How many white squares are there?"
        // pref-2 (answer 2): right, wrong, unparseable (no "Final answer:"); pref-3 (answer 3): all
        // right, so no pairs.
        let samples = try pack(
            [
                ["pid": "pref-2", "question": .string(prompt), "response": "I count 2 white squares.\nFinal answer: 2"],
                ["pid": "pref-2", "question": .string(prompt), "response": "I count 5 white squares.\nFinal answer: 5"],
                ["pid": "pref-2", "question": .string(prompt), "response": "Squares are white."],
                ["pid": "pref-3", "question": .string(prompt), "response": "Three.\nFinal answer: 3"],
                ["pid": "pref-3", "question": .string(prompt), "response": "There are 3.\nFinal answer: 3"],
            ], in: scratch, as: "samples")
        let pairsPath = scratch.path("pairs.mmpr")
        let built = try ToolRunner.run("mmpr-pair", ["build", "--problems", problems, "--samples", samples, "-o", pairsPath])
        XCTAssertEqual(built.status, 0, built.stderr)
        let pairs = try ArtifactReader.records(in: pairsPath, kind: "pairs").records
        XCTAssertEqual(pairs.map { $0["type"]?.stringValue }, ["correctness", "format"])
        for pair in pairs {
            XCTAssertEqual(pair["pid"], "pref-2")
            XCTAssertEqual(pair["chosen"], "I count 2 white squares.\nFinal answer: 2")
            XCTAssertEqual(pair["chosen_sample"], 0, "the sample index is the record's place among its pid's")
            XCTAssertEqual(pair["image"], "images/2.png", "the image comes from the problem")
            XCTAssertEqual(pair["answer_gt"], "2", "the answer comes from the problem")
            XCTAssertEqual(pair["source"], "fixture_squares")
        }
        XCTAssertEqual(pairs.map { $0["rejected_sample"] }, [1, 2])
        // The pairs artifact carries the image the pairs name, from the problems.
        let (_, entries) = try ArtifactReader.entries(in: pairsPath) { $0 == "images/2.png" }
        XCTAssertNotNil(entries["images/2.png"])
    }

    /// DropoutNTP needs to know which samples answer open prompts: without the answer field it
    /// asks for --problems, with them it takes the answers (none, for open prompts) from there.
    func testDropoutNTPTakesMissingFieldsFromTheProblems() throws {
        let scratch = try ScratchDirectory()
        let problems = scratch.path("problems.mmpr"), model = scratch.path("init.mmpr")
        try PipelineFixture.write(to: problems)
        XCTAssertEqual(try ToolRunner.run("mpo-train", ["init", "--preset", "tiny", "-o", model]).status, 0)
        let samples = try pack(
            [["pid": "open-1", "question": "Describe the image.", "response": "A black picture with two white squares on a diagonal."]],
            in: scratch, as: "open")
        let common = ["--samples", samples, "--model", model, "--max-new-tokens", "8"]
        let refused = try ToolRunner.run("mmpr-dropntp", common + ["-o", scratch.path("x.mmpr")])
        XCTAssertEqual(refused.status, 2)
        XCTAssertEqual(
            refused.stderr,
            "mmpr-dropntp: error: \(samples): records.jsonl line 1: missing field \"image\" (pass --problems to take it from the problem)\n"
        )
        let ntp = scratch.path("ntp.mmpr")
        let continued = try ToolRunner.run("mmpr-dropntp", common + ["--problems", problems, "-o", ntp])
        XCTAssertEqual(continued.status, 0, continued.stderr)
        let records = try ArtifactReader.records(in: ntp, kind: "ntp").records
        XCTAssertEqual(records.count, 1)
        XCTAssertEqual(records.first?["image"], "images/2.png", "the pair keeps the problem's image")

        let unknown = try pack([["pid": "nosuch", "question": "Q", "response": "R"]], in: scratch, as: "unknown")
        let refusedPid = try ToolRunner.run(
            "mmpr-pair", ["build", "--problems", problems, "--samples", unknown, "-o", scratch.path("y.mmpr")])
        XCTAssertEqual(refusedPid.status, 2)
        XCTAssertTrue(
            refusedPid.stderr.contains("records.jsonl line 1: missing field \"image\", and \(problems) has no problem with pid nosuch"),
            refusedPid.stderr)
    }
}
