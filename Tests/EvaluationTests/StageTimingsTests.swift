import XCTest

@testable import Evaluation

final class StageTimingsTests: XCTestCase {
    func testLinesParseAndAStageRunAgainKeepsItsLastTime() throws {
        let parsed = try StageTimings.parse("init\t0.5\nsft\t120.25\ninit\t0.75\n", file: "t.tsv")
        XCTAssertEqual(parsed.map(\.stage), ["sft", "init"])
        XCTAssertEqual(parsed.map(\.seconds), [120.25, 0.75])
    }

    func testAMalformedLineIsRefusedByNumber() {
        for text in ["init 0.5\n", "init\tnan\n", "init\t-1\n", "a\t1\nb\n"] {
            XCTAssertThrowsError(try StageTimings.parse(text, file: "t.tsv"), text) { error in
                XCTAssertTrue("\(error)".hasPrefix("t.tsv line "), "\(error)")
            }
        }
    }
}
