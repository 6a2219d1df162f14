// The record schema: MathVista's own testmini records validate unchanged and keep every key;
// each kind of malformed record is refused with the line and the field named.
import Foundation
import JSON
import Problems
import TestSupport
import XCTest

final class ProblemRecordTests: XCTestCase {
    func testEveryMathVistaTestminiRecordValidatesAndKeepsItsKeys() throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("testmini.json")))
        guard case .object(let records) = try JSONValue(parsing: bytes) else { return XCTFail("testmini.json is not an object") }
        XCTAssertEqual(records.count, 1000)
        for (pid, json) in records {
            let record = try ProblemRecord(json: json, line: "testmini.json \(pid)")
            XCTAssertEqual(record.pid, pid)
            XCTAssertEqual(record.json, json)
            XCTAssertEqual(record.split, "testmini")
            XCTAssertTrue(record.hasAnswer)
            XCTAssertEqual(record.choices != nil, record.questionType == "multi_choice")
        }
    }

    func testMalformedRecordsAreNamed() {
        let good: JSONObject = [
            "pid": "7", "question": "How many?", "image": "images/7.png", "choices": .null, "unit": .null,
            "precision": .null, "answer": "3", "question_type": "free_form", "answer_type": "integer",
            "metadata": ["split": "val"],
        ]
        XCTAssertNoThrow(try ProblemRecord(json: .object(good), line: "f: line 1"))
        let cases: [(String, JSONValue?, String)] = [
            ("pid", 7, "\"pid\" must be a string"),
            ("choices", ["a", 1], "\"choices\" must be a list of strings or null"),
            ("question_type", "open", "\"question_type\" must be one of"),
            ("answer_type", "bool", "\"answer_type\" must be one of"),
            ("metadata", "val", "\"metadata\" must be an object"),
            ("precision", "2", "\"precision\" must be a number or null"),
            ("image", nil, "\"image\" must be a string"),
        ]
        for (key, value, expected) in cases {
            var broken = good
            broken[key] = value
            XCTAssertThrowsError(try ProblemRecord(json: .object(broken), line: "f: line 4"), key) { error in
                let message = String(describing: error)
                XCTAssertTrue(message.hasPrefix("f: line 4"), message)
                XCTAssertTrue(message.contains(expected), "\(key): \(message)")
            }
        }
        var multi = good
        multi["question_type"] = "multi_choice"
        multi["choices"] = ["only one"]
        XCTAssertThrowsError(try ProblemRecord(json: .object(multi), line: "f: line 5"))
    }
}
