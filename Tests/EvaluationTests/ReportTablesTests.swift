// The report's grounding, POPE and preference-data tables: each cell recomputed here from the
// inputs the test feeds in (means over settings, shares as percentages), and the blind baseline line.
import Evaluation
import JSON
import XCTest

final class ReportTablesTests: XCTestCase {
    private let testmini: JSONValue = ["cot": ["overall": ["accuracy": 0.5, "ci95_low": 0.4, "ci95_high": 0.6, "correct": 5, "total": 10]]]

    private func markdown(
        _ rows: [ReportRow], preferenceData: JSONValue? = nil, blindBaseline: Double? = nil, popeBlindBaseline: Double? = nil
    ) -> String {
        Report(
            title: "t", rows: rows, stageSeconds: [], artifacts: [], notes: [], preferenceData: preferenceData,
            blindBaseline: blindBaseline,
            popeBlindBaseline: popeBlindBaseline
        ).render().markdown
    }

    func testGroundingRowsAndFamilies() {
        let grounding: JSONValue = [
            "cot": [
                "overall": ["count": 300, "mean_gain_nats": 1.234, "win_share": 0.81],
                "by_source": ["bars": ["count": 30, "mean_gain_nats": 5.5, "win_share": 0.9]],
            ],
            "direct": ["overall": ["count": 300, "mean_gain_nats": -0.02, "win_share": 0.49]],
        ]
        let text = markdown([
            ReportRow(label: "M0", testmini: testmini, pope: nil, metrics: [], grounding: grounding),
            ReportRow(label: "M0 + MPO", testmini: testmini, pope: nil, metrics: []),
        ])
        XCTAssertTrue(text.contains("| M0 | +1.23 nats, 81 % of 300 | -0.02 nats, 49 % of 300 |"), text)
        XCTAssertTrue(text.contains("| bars | +5.50 nats, 90 % of 30 |"), text)
        XCTAssertFalse(text.contains("| M0 + MPO | +"), "a row without grounding gets no grounding line")
    }

    func testPopeAveragesOverSettingsAndCountsUnparseable() {
        let settings: [(f1: Double, accuracy: Double, yes: Double, unparseable: Int64)] = [(0.8, 0.75, 0.4, 3), (0.6, 0.65, 0.7, 1)]
        let pope: JSONValue = [
            "direct": [
                "pope": .object(
                    JSONObject(
                        settings.enumerated().map { index, s in
                            (
                                ["random", "popular"][index],
                                [
                                    "f1": .number(s.f1), "accuracy": .number(s.accuracy), "yes_ratio": .number(s.yes),
                                    "unparseable": .integer(s.unparseable), "count": 100,
                                ] as JSONValue
                            )
                        }))
            ]
        ]
        let text = markdown([ReportRow(label: "M0", testmini: testmini, pope: pope, metrics: [])])
        let f1 = settings.map(\.f1).reduce(0, +) / 2 * 100, accuracy = settings.map(\.accuracy).reduce(0, +) / 2 * 100
        let yes = settings.map(\.yes).reduce(0, +) / 2
        XCTAssertTrue(text.contains(String(format: "| M0 | %.1f | %.1f | %.2f | 4 of 200 |", f1, accuracy, yes)), text)
    }

    func testPreferenceDataAndBlindBaseline() {
        let data: JSONValue = [
            "bar_range": [
                "problems": 40, "correct_rate": 0.3125, "unparseable_rate": 0.05,
                "problems_by_correct_share": [
                    "none": 10, "below_quarter": 5, "quarter_to_three_quarters": 20, "above_three_quarters": 3, "all": 2,
                ],
                "pairs": ["correctness": 77, "format": 4, "dropntp": 0],
            ]
        ]
        let text = markdown(
            [ReportRow(label: "M0", testmini: testmini, pope: nil, metrics: [])], preferenceData: data, blindBaseline: 0.183,
            popeBlindBaseline: 0.5)
        XCTAssertTrue(text.contains("| bar_range | 40 | 31.2 % | 5.0 % | 10 / 5 / 20 / 3 / 2 | 77 | 4 | 0 |"), text)
        XCTAssertTrue(text.contains("no image): 18.3 %. On POPE the same baseline is right 50.0 % of the time."), text)
    }
}
