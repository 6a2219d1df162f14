// Bad input gives one line naming the file, the record and what was expected (docs/pipeline.md,
// "Errors and exit status").
import Foundation
import XCTest
@testable import Evaluation
import Answers

final class MathVistaRecordsTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("answers-records-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try write(
            "annotations.json",
            """
            {"1": {"pid": "1", "question_type": "free_form", "answer_type": "integer", "answer": "5", "choices": null,
                   "precision": null, "metadata": {"task": "t"}}}
            """)
    }

    override func tearDownWithError() throws { try FileManager.default.removeItem(at: folder) }

    @discardableResult private func write(_ name: String, _ text: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    private func readError(_ outputs: String) throws -> String {
        let path = try write("outputs.json", outputs)
        do {
            _ = try MathVistaRecords.readOutputs(path: path, annotationsPath: folder.appendingPathComponent("annotations.json").path)
            return "no error"
        } catch { return error.description }
    }

    func testRefusals() throws {
        XCTAssertTrue(try readError("{\"1\": {").hasPrefix("outputs.json: not a JSON file (line 1, column"))
        XCTAssertEqual(try readError("[{\"extraction\": \"5\"}]"), "outputs.json: record #1 has no \"pid\"; expected a string")
        XCTAssertEqual(
            try readError("{\"9\": {\"extraction\": \"5\"}}"),
            "outputs.json: record \"9\": pid not in the annotations annotations.json; expected outputs for the same benchmark split")
        XCTAssertEqual(
            try readError("{\"1\": {\"question_type\": \"multi_choice\"}}"),
            "outputs.json: record \"1\": \"choices\" is null; expected a non-empty list of strings")
        XCTAssertEqual(try readError("{\"1\": 3}"), "outputs.json: record \"1\" is a number; expected an object")
        XCTAssertEqual(try readError("[{\"pid\": \"1\"}, {\"pid\": \"1\"}]"), "outputs.json: record #2 repeats pid \"1\"")
    }

    func testOutputFieldsOverrideAnnotationsAndMetadataIsFlattened() throws {
        let path = try write("outputs.json", "{\"1\": {\"answer\": \"6\", \"extraction\": \"6\", \"metadata\": {\"task\": \"u\"}}}")
        let file = try MathVistaRecords.readOutputs(path: path, annotationsPath: folder.appendingPathComponent("annotations.json").path)
        XCTAssertEqual(file.outputs[0].problem.answer, "6")
        XCTAssertEqual(file.outputs[0].problem.attributes["task"], "u")
        XCTAssertEqual(file.outputs[0].problem.answerType, "integer")
        XCTAssertEqual(file.unansweredPids, [])
    }
}
