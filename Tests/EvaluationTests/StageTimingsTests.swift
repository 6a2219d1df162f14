import XCTest

@testable import Evaluation

final class StageTimingsTests: XCTestCase {
    func testLinesParseAndAStageRunAgainKeepsItsLastTime() throws {
        let parsed = try StageTimings.parse("init\t0.5\nsft\t120.25\ninit\t0.75\n", file: "t.tsv")
        XCTAssertEqual(parsed.map(\.stage), ["sft", "init"])
        XCTAssertEqual(parsed.map(\.seconds), [120.25, 0.75])
        XCTAssertEqual(parsed.map(\.threads), [nil, nil], "older files have no thread count")
        let counted = try StageTimings.parse("sft\t120.25\t2\nmpo\t7\t1\n", file: "t.tsv")
        XCTAssertEqual(counted, [.init(stage: "sft", seconds: 120.25, threads: 2), .init(stage: "mpo", seconds: 7, threads: 1)])
    }

    func testAMalformedLineIsRefusedByNumber() {
        for text in ["init 0.5\n", "init\tnan\n", "init\t-1\n", "a\t1\nb\n", "a\t1\t0\n", "a\t1\ttwo\n", "a\t1\t2\t3\n", "\t1\n"] {
            XCTAssertThrowsError(try StageTimings.parse(text, file: "t.tsv"), text) { error in
                XCTAssertTrue("\(error)".hasPrefix("t.tsv line "), "\(error)")
            }
        }
    }
}
