// `mpo-eval` as a user meets it: spawned, with its exit status, stdout and stderr
// (docs/pipeline.md, "Errors and exit status").
import Foundation
import TestSupport
import XCTest

final class MPOEvalCommandTests: XCTestCase {
    private struct Run { var status: Int32; var stdout: String; var stderr: String }

    private func mpoEval(_ arguments: [String]) throws -> Run {
        let result = try ToolRunner.run("mpo-eval", arguments)
        return Run(status: result.status, stdout: result.stdoutText, stderr: result.stderr)
    }

    private func temporaryFile(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mpo-eval-\(UUID().uuidString).json")
        try Data(text.utf8).write(to: url)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url.path
    }

    private func assertRefused(_ arguments: [String], saying expected: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let run = try mpoEval(["score"] + arguments)
        XCTAssertEqual(run.status, 2, file: file, line: line)
        XCTAssertEqual(run.stdout, "", file: file, line: line)
        XCTAssertEqual(run.stderr.split(separator: "\n").count, 1, run.stderr, file: file, line: line)
        XCTAssertTrue(run.stderr.hasPrefix("mpo-eval: error: "), run.stderr, file: file, line: line)
        XCTAssertTrue(run.stderr.contains(expected), run.stderr, file: file, line: line)
    }

    func testScoreWritesThePublishedFileAndATable() throws {
        let annotations = try Fixtures.path("testmini.json")
        let scores = FileManager.default.temporaryDirectory.appendingPathComponent("mpo-eval-\(UUID().uuidString).json")
        let predictions = FileManager.default.temporaryDirectory.appendingPathComponent("mpo-eval-\(UUID().uuidString).json")
        addTeardownBlock {
            try? FileManager.default.removeItem(at: scores); try? FileManager.default.removeItem(at: predictions)
        }
        let run = try mpoEval([
            "score", "--annotations", annotations, "--outputs", try Fixtures.path("output_bard.json"), "-o", scores.path,
            "--predictions", predictions.path,
        ])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(try Data(contentsOf: scores), try Data(contentsOf: URL(fileURLWithPath: try Fixtures.path("scores_bard.json"))))
        XCTAssertTrue(run.stderr.hasPrefix("output_bard.json: 348/1000 correct, accuracy 34.80\n  by question_type:\n"), run.stderr)
        XCTAssertTrue(run.stderr.contains("  by task:\n"))
        let perPid = try JSONSerialization.jsonObject(with: try Data(contentsOf: predictions)) as! [String: [String: Any]]
        XCTAssertEqual(perPid.count, 1000)
        XCTAssertEqual(Set(perPid["1"]!.keys), ["extraction", "prediction", "answer", "true_false"])
    }

    func testRefusals() throws {
        let annotations = try Fixtures.path("testmini.json")
        try assertRefused(
            ["--annotations", annotations, "--outputs", try temporaryFile("{\"1\": ")], saying: "not a JSON file (line 1, column")
        try assertRefused(
            ["--annotations", annotations, "--outputs", try temporaryFile("[{\"extraction\": \"5\"}]")],
            saying: "record #1 has no \"pid\"; expected a string")
        try assertRefused(
            ["--annotations", annotations, "--outputs", try temporaryFile("{\"1001\": {\"extraction\": \"5\"}}")],
            saying: "record \"1001\": pid not in the annotations testmini.json")
        try assertRefused(
            ["--annotations", annotations, "--outputs", "/nonexistent/output.json"], saying: "/nonexistent/output.json: cannot read")
        let usage = try mpoEval(["score", "--outputs", "x.json"])
        XCTAssertEqual(usage.status, 2)
        XCTAssertTrue(usage.stderr.contains("--annotations"), usage.stderr)
    }

    func testMissingExtractionIsANamedWarningWithTheCount() throws {
        let outputs = try temporaryFile("{\"1\": {\"response\": \"1.2\"}, \"2\": {\"extraction\": \"\"}}")
        let run = try mpoEval(["score", "--annotations", try Fixtures.path("testmini.json"), "--outputs", outputs, "--extraction", "field"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.contains("mpo-eval: warning: 1 record has no \"extraction\"; scored as wrong (pid 1)\n"), run.stderr)
        XCTAssertTrue(
            run.stderr.contains("mpo-eval: warning: 998 annotated problems have no output record; the average is over 2\n"), run.stderr)
        XCTAssertTrue(run.stdout.contains("\"correct\": 0,\n        \"total\": 2"), run.stdout)
        let rules = try mpoEval([
            "score", "--annotations", try Fixtures.path("testmini.json"), "--outputs", outputs, "--extraction", "rules",
        ])
        XCTAssertTrue(rules.stdout.contains("\"correct\": 1,\n        \"total\": 2"), rules.stdout)  // pid 1: answer "1.2"
    }

    func testHelp() throws {
        let run = try mpoEval(["score", "--help"])
        XCTAssertEqual(run.status, 0)
        for option in ["--annotations", "--outputs", "--extraction", "--format", "--predictions", "-o, --output"] {
            XCTAssertTrue(run.stdout.contains(option), option)
        }
        let top = try mpoEval(["--help"])
        XCTAssertTrue(top.stdout.contains("score") && top.stdout.contains("extract-agreement"), top.stdout)
    }

    func testExtractAgreementPrintsAMarkdownTable() throws {
        let run = try mpoEval([
            "extract-agreement", "--annotations", try Fixtures.path("testmini.json"),
            "--outputs", try Fixtures.path("output_minigpt4_llama2.json"),
        ])
        XCTAssertEqual(run.status, 0, run.stderr)
        let tables = run.stdout.components(separatedBy: "\n\n").map { $0.split(separator: "\n") }
        XCTAssertEqual(tables.map(\.count), [3, 6, 4], "per file; per answer type (4); per question type (2)")
        XCTAssertTrue(tables[0][2].hasPrefix("| output_minigpt4_llama2.json | 1000 | "))
        XCTAssertTrue(tables[0][2].contains("| 23.1 % |"), String(tables[0][2]))  // accuracy with the stored extraction = published 23.1
        XCTAssertTrue(tables[1][0].hasPrefix("| outputs | answer type | records |"), String(tables[1][0]))
        // The groups split the file's records: 40 float, 418 integer, 540 text, 2 list.
        XCTAssertEqual(
            tables[1].dropFirst(2).map { $0.split(separator: "|")[2].trimmingCharacters(in: .whitespaces) }, ["40", "418", "540", "2"])
    }
}
