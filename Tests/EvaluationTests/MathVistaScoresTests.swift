// The published score files are the oracle (docs/answers.md, "Aggregation" and "Published scores vs
// today's code"); ordering and format rules checked on small hand-made cases.
import Foundation
import JSON
import TestSupport
import XCTest
@testable import Evaluation
import Answers

final class MathVistaScoresTests: XCTestCase {
    func testReproducesThePublishedScoreFilesByteForByte() throws {
        for model in Fixtures.models {
            let file = try MathVistaRecords.readOutputs(
                path: try Fixtures.path("output_\(model).json"), annotationsPath: try Fixtures.path("testmini.json"))
            let scoring = MathVistaScoring(file.outputs, options: MathVistaScoringOptions(extraction: .field))
            let published = try Data(contentsOf: URL(fileURLWithPath: try Fixtures.path("scores_\(model).json")))
            XCTAssertEqual(Array(scoring.scoresText!.utf8), Array(published), model)
            XCTAssertTrue(scoring.warnings.isEmpty, "\(model): \(scoring.warnings)")
        }
    }

    private func rows(_ spec: [(Bool, String)]) -> [MathVistaScores.Row] {
        spec.map { MathVistaScores.Row(isCorrect: $0.0, attributes: ["task": .string($0.1), "skills": .array([.string($0.1)])]) }
    }

    func testLegacySortsByTheRoundedStringAndKeepsFirstAppearanceOnTies() {
        // 2/3 = 66.666…% and 66.67 … from 6667/10000 would tie; here: "x" 1/3, "y" 2/3, "z" 2/3 → y, z, x.
        let data = rows([
            (true, "x"), (false, "x"), (false, "x"), (true, "y"), (true, "y"), (false, "y"),
            (true, "z"), (false, "z"), (true, "z"),
        ])
        XCTAssertEqual(MathVistaScores.sortedGroups(data, key: "task").map(\.value), ["y", "z", "x"])
        XCTAssertEqual(MathVistaScores.sortedGroups(data, key: "skills").map(\.value), ["y", "z", "x"])
    }

    func testLegacyTiesAtTwoDecimalsButNotInTheCurrentFormat() {
        // 1/3 = 33.333…% and 3333/10000 = 33.33%: equal as "%.2f", different as fractions.
        var data = rows(Array(repeating: (false, "a"), count: 6667) + Array(repeating: (true, "a"), count: 3333))
        data += rows([(true, "b"), (false, "b"), (false, "b")])
        XCTAssertEqual(MathVistaScores.sortedGroups(data, key: "task", version: .legacy).map(\.value), ["a", "b"])
        XCTAssertEqual(MathVistaScores.sortedGroups(data, key: "task", version: .current).map(\.value), ["b", "a"])
    }

    func testAccuracyFormats() {
        let data = rows([(true, "a"), (false, "a"), (false, "a")])
        let legacy = MathVistaScores.document(data, version: .legacy)
        XCTAssertEqual(legacy["average"]?["accuracy"], "33.33")  // str(round(33.33…, 2))
        XCTAssertEqual(legacy["task"]?["a"]?["accuracy"], "33.33")
        let half = MathVistaScores.document(rows([(true, "a"), (false, "a")]), version: .legacy)
        XCTAssertEqual(half["average"]?["accuracy"], "50.0")  // repr, not zero-padded
        XCTAssertEqual(half["task"]?["a"]?["accuracy"], "50.00")  // "%.2f"
        let current = MathVistaScores.document(data, version: .current)
        XCTAssertEqual(current["average"]?["accuracy"], .number(1.0 / 3.0))
        XCTAssertEqual(
            MathVistaScores.fileText(data, version: .current).components(separatedBy: "\n")[2],
            "        \"accuracy\": 0.3333333333333333,")
    }

    func testMissingValuesAreNotAGroup() {
        let data = [
            MathVistaScores.Row(isCorrect: true, attributes: ["task": .null]),
            MathVistaScores.Row(isCorrect: false, attributes: ["task": "t"]),
        ]
        XCTAssertEqual(MathVistaScores.sortedGroups(data, key: "task").map(\.value), ["t"])
        XCTAssertEqual(MathVistaScores.sortedGroups(data, key: "grade"), [])
    }
}
