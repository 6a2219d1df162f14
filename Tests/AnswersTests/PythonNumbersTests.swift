// Expected values from docs/answers.md, "Extraction rules", "Normalisation" and "Python semantics"
// (Python's documented behaviour).
import XCTest
@testable import Answers

final class PythonNumbersTests: XCTestCase {
    func testRoundIsHalfEvenOnTheBinaryValue() {
        XCTAssertEqual(PythonNumbers.round(2.675, digits: 2), 2.67)  // 2.67499999… in binary
        XCTAssertEqual(PythonNumbers.round(0.125, digits: 2), 0.12)  // exact tie: to even
        XCTAssertEqual(PythonNumbers.round(0.375, digits: 2), 0.38)
        XCTAssertEqual(PythonNumbers.round(.infinity, digits: 2), .infinity)
        XCTAssertEqual(PythonNumbers.round(-0.001, digits: 2).map(PythonNumbers.repr), "-0.0")
    }

    func testReprIsShortestWithPythonsExponentRule() {
        XCTAssertEqual(PythonNumbers.repr(13), "13.0")
        XCTAssertEqual(PythonNumbers.repr(1.20), "1.2")
        XCTAssertEqual(PythonNumbers.repr(1e17), "1e+17")
        XCTAssertEqual(PythonNumbers.repr(1e16), "1e+16")
        XCTAssertEqual(PythonNumbers.repr(1234567890123456.0), "1234567890123456.0")
        XCTAssertEqual(PythonNumbers.repr(0.0001), "0.0001")
        XCTAssertEqual(PythonNumbers.repr(0.00001), "1e-05")
        XCTAssertEqual(PythonNumbers.repr(0.34782608695652173), "0.34782608695652173")
        XCTAssertEqual(PythonNumbers.repr(.infinity), "inf")
        XCTAssertEqual(PythonNumbers.repr(-.infinity), "-inf")
        XCTAssertEqual(PythonNumbers.repr(.nan), "nan")
    }

    func testIntOfAString() {
        XCTAssertEqual(PythonNumbers.integerString(parsing: "007"), "7")
        XCTAssertEqual(PythonNumbers.integerString(parsing: " +5 "), "5")
        XCTAssertEqual(PythonNumbers.integerString(parsing: "1_000"), "1000")
        XCTAssertEqual(PythonNumbers.integerString(parsing: "٣"), "3")
        XCTAssertEqual(PythonNumbers.integerString(parsing: "12345678901234567890123"), "12345678901234567890123")
        for rejected in ["3.0", "1e3", "1,000", "", " ", "1__0", "_1", "1_"] {
            XCTAssertNil(PythonNumbers.integerString(parsing: rejected), rejected)
        }
    }

    func testFloatOfAString() {
        XCTAssertEqual(PythonNumbers.double(parsing: "13").map(PythonNumbers.repr), "13.0")
        XCTAssertEqual(PythonNumbers.double(parsing: "1e3").map(PythonNumbers.repr), "1000.0")
        XCTAssertEqual(PythonNumbers.double(parsing: " -Infinity\n"), -.infinity)
        XCTAssertEqual(PythonNumbers.double(parsing: "inf"), .infinity)
        XCTAssertTrue(PythonNumbers.double(parsing: "nan")!.isNaN)
        XCTAssertEqual(PythonNumbers.double(parsing: ".5"), 0.5)
        XCTAssertEqual(PythonNumbers.double(parsing: "5."), 5)
        for rejected in ["1,000", "5%", "$5", "", ".", "e5", "1e", "0x10", "1.2.3"] {
            XCTAssertNil(PythonNumbers.double(parsing: rejected), rejected)
        }
    }

    func testTruncationToAnExactInteger() {
        XCTAssertEqual(PythonNumbers.truncatedIntegerString(3.9), "3")
        XCTAssertEqual(PythonNumbers.truncatedIntegerString(-2.5), "-2")
        XCTAssertEqual(PythonNumbers.truncatedIntegerString(-0.5), "0")
        // Python: str(int(12345678901234567890.0)) is the exact value of the nearest double.
        XCTAssertEqual(PythonNumbers.truncatedIntegerString(Double("12345678901234567890")!), "12345678901234567168")
        XCTAssertNil(PythonNumbers.truncatedIntegerString(.infinity))
        XCTAssertNil(PythonNumbers.truncatedIntegerString(.nan))
    }

    func testFixedFormatting() {
        XCTAssertEqual(PythonNumbers.fixed(48.7037037037037, decimals: 2), "48.70")
        XCTAssertEqual(PythonNumbers.fixed(100, decimals: 2), "100.00")
        XCTAssertEqual(PythonNumbers.fixed(0, decimals: 2), "0.00")
        XCTAssertEqual(PythonNumbers.fixed(0.125, decimals: 2), "0.12")
    }

    func testStripUsesPythonsWhitespace() {
        XCTAssertEqual(PythonNumbers.strip("\u{1C}\u{A0} B \u{3000}\n"), "B")
        XCTAssertEqual(PythonNumbers.strip("\u{200B}B"), "\u{200B}B")  // zero-width space is not whitespace
    }
}
