// Each expected value is stated in docs/answers.md, "Normalisation" (the branch in the comment).
import JSON
import XCTest
@testable import Answers

final class MathVistaNormalizationTests: XCTestCase {
    private func predict(_ extraction: JSONValue?, _ answerType: String, precision: JSONValue? = 2, version: MathVistaVersion = .legacy)
        -> JSONValue
    {
        MathVistaNormalization.normalize(
            extraction: extraction, choices: [], questionType: "free_form", answerType: answerType, precision: precision, version: version)
    }

    private func choose(_ extraction: JSONValue?, _ choices: [String], ignoreEmpty: Bool = false) -> JSONValue {
        MathVistaNormalization.normalize(
            extraction: extraction, choices: choices, questionType: "multi_choice", answerType: "text", precision: nil,
            ignoreEmptyExtractions: ignoreEmpty)
    }

    func testIntegerTruncatesThroughFloat() {  // integer
        XCTAssertEqual(predict("3.9", "integer"), "3")
        XCTAssertEqual(predict("-2.5", "integer"), "-2")
        XCTAssertEqual(predict("-0.5", "integer"), "0")
        XCTAssertEqual(predict("1e3", "integer"), "1000")
        XCTAssertEqual(predict("12345678901234567890", "integer"), "12345678901234567168")
        for none: JSONValue? in ["inf", "nan", "1,000", "5%", "$5", "", nil, .null] {
            XCTAssertEqual(predict(none, "integer"), .null, "\(String(describing: none))")
        }
    }

    func testFloatRoundsAndPrintsAsPython() {  // float
        XCTAssertEqual(predict("2.675", "float", precision: 2), "2.67")
        XCTAssertEqual(predict("0.125", "float", precision: 2), "0.12")
        XCTAssertEqual(predict("0.375", "float", precision: 2), "0.38")
        XCTAssertEqual(predict("1.20", "float", precision: 1), "1.2")
        XCTAssertEqual(predict("13", "float", precision: 1), "13.0")
        XCTAssertEqual(predict("-0.001", "float", precision: 2), "-0.0")
        XCTAssertEqual(predict("1e17", "float", precision: 1), "1e+17")
        XCTAssertEqual(predict("inf", "float", precision: 1), "inf")  // round(inf, n) is inf
        XCTAssertEqual(predict("1,000", "float", precision: 1), .null)
    }

    func testFloatPrecisionQuirkOfV1() {  // float, "v1 quirk"
        XCTAssertEqual(predict("1.25", "float", precision: 1.0, version: .legacy), .null)
        XCTAssertEqual(predict("1.25", "float", precision: 1.0, version: .current), "1.2")
    }

    func testListIsTheStringAsWritten() {  // list
        XCTAssertEqual(predict("[2014, 2016]", "list"), "[2014, 2016]")
        XCTAssertEqual(predict(.array([2014, 2016]), "list"), "[2014, 2016]")
        XCTAssertEqual(predict(nil, "list"), "None")
    }

    func testFreeFormTextPassesThrough() {  // free-form text, v1
        XCTAssertEqual(predict("  Namib ", "text"), "  Namib ")
    }

    func testMultipleChoice() {  // multi_choice
        let fractions = ["3/11", "8/11", "6/11", "3/5"]
        XCTAssertEqual(choose("(b) 8/11", fractions), "8/11")  // step 3: "(b) 8/11" → B
        XCTAssertEqual(choose(" B\n", fractions), "8/11")  // stripped, then a letter
        XCTAssertEqual(choose("f(x) is odd", ["odd", "even", "neither"]), "odd")  // → X → by distance
        XCTAssertEqual(choose("", ["12", "5", "100"]), "5")  // empty picks the shortest
        XCTAssertEqual(choose("", ["12", "5", "100"], ignoreEmpty: true), .null)
        XCTAssertEqual(choose(nil, ["Yes", "No"]), "No")  // None is "None"
        XCTAssertEqual(choose("N/A", ["Yes", "No"]), "No")
        // A lower-case "b" and "B." are not letters: they go by edit distance (tie → first choice).
        XCTAssertEqual(choose("b", ["ab", "Ba"]), "ab")
        XCTAssertEqual(choose("B.", ["ab", "cd"]), "ab")
        XCTAssertEqual(choose("E", ["A", "B"]), "A")  // beyond the options: distance, first on a tie
    }

    func testChoicesWithTrailingSpacesAndDuplicates() {  // multi_choice (pids 237, 340, 923; 587, 740, 781)
        XCTAssertEqual(choose("A", ["Yes ", "No"]), "Yes ")
        XCTAssertEqual(choose("Yes", ["Yes ", "No"]), "Yes ")
        let duplicated = ["2", "3", "2", "5"]
        XCTAssertEqual(choose("A", duplicated), "2")
        XCTAssertEqual(choose("C", duplicated), "2")
    }

    func testEditDistanceCountsCodePoints() {  // "Python semantics": Levenshtein
        XCTAssertEqual(levenshteinDistance("\r\n", ""), 2)
        XCTAssertEqual(levenshteinDistance("e\u{301}", "é"), 2)
        XCTAssertEqual(levenshteinDistance("kitten", "sitting"), 3)
        // "é" precomposed vs decomposed are different answers to Python, equal Characters to Swift.
        XCTAssertEqual(choose("e\u{301}", ["é", "e\u{301}"]), "e\u{301}")
    }
}
