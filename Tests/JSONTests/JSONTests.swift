import Foundation
import JSON
import TestSupport
import XCTest

final class JSONTests: XCTestCase {
    func testParsesEveryKindOfValue() throws {
        let value = try JSONValue(parsing: #"{"a": [1, -2, 3.5, 1e3, true, false, null], "b": {"c": "d\n\u00e9\ud83d\ude00"}}"#)
        XCTAssertEqual(value["a"], [1, -2, 3.5, 1000.0, true, false, nil])
        XCTAssertEqual(value["b"]?["c"], "d\né😀")
    }

    func testIntegersAndDoublesStayApart() throws {
        XCTAssertEqual(try JSONValue(parsing: "1"), .integer(1))
        XCTAssertEqual(try JSONValue(parsing: "1.0"), .number(1.0))
        XCTAssertEqual(try JSONValue(parsing: "9223372036854775807"), .integer(Int64.max))
        XCTAssertEqual(try JSONValue(parsing: "9223372036854775808"), .number(9223372036854775808.0))
        XCTAssertEqual(JSONWriter.canonical.string(.number(1.0)), "1.0")
        XCTAssertEqual(JSONWriter.canonical.string(.integer(1)), "1")
    }

    func testKeepsDocumentOrderAndSortsOnlyWhenAsked() throws {
        let value = try JSONValue(parsing: #"{"b": 1, "a": {"z": 2, "y": 3}}"#)
        XCTAssertEqual(value.objectValue?.keys, ["b", "a"])
        XCTAssertEqual(JSONWriter.canonical.string(value), #"{"a":{"y":3,"z":2},"b":1}"#)
    }

    func testRefusalsSayWhere() {
        for (text, fragment) in [
            ("", "empty input"), ("{\"a\" 1}", "expected ':'"), ("[1,]", "unexpected character"),
            ("{\"a\":1,\"a\":2}", "duplicate key"), ("01", "leading zero"), ("\"abc", "unterminated string"),
            ("[1]\n x", "line 2, column 2"), ("\"\u{01}\"", "control character"),
        ] {
            XCTAssertThrowsError(try JSONValue(parsing: text), text) { error in
                XCTAssertTrue("\(error)".contains(fragment), "\(text): \(error)")
            }
        }
    }

    /// Python's json module is the oracle for the Python layout: `json.dumps(value, indent=4)` of
    /// the same document must give exactly our bytes (floats, escapes, order, nesting, empties).
    func testPythonLayoutMatchesPythonsJSONModule() throws {
        let document = #"""
            {"z": [0.1, 1e-05, 1e+16, 123456789012345.0, 2.5, -0.0, 100, 1e22, 5e-324],
             "é": "naïve — 😀 \"q\" \\ \t\u0001\u007f", "empty": {}, "list": [], "nested": {"a": [{"b": null}]},
             "t": true, "n": NaN, "inf": -Infinity}
            """#
        let ours = JSONWriter.python(indent: 4).string(try JSONValue(parsing: document))

        let python = try Subprocess.run(
            "python3", ["-c", "import json,sys; sys.stdout.write(json.dumps(json.loads(sys.stdin.read()), indent=4))"],
            input: Array(document.utf8))
        XCTAssertEqual(python.status, 0, python.stderr)
        XCTAssertEqual(ours, python.stdoutText)
    }

    func testCanonicalRoundTripIsStable() throws {
        let text = #"{"a":[1,2.5,"x\u0000y"],"b":{"c":null,"d":-7},"é":"ü"}"#
        let value = try JSONValue(parsing: text)
        XCTAssertEqual(JSONWriter.canonical.string(value), text)
        XCTAssertEqual(try JSONValue(parsing: JSONWriter.canonical.string(value)), value)
    }
}
