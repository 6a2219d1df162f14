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

    func testDescriptionRowsArePairedWithTheFirstModel() {
        func described(_ whole: (Int) -> Bool, images: Range<Int> = 0..<100) -> (JSONValue, ItemOutcomes) {
            let count = images.filter(whole).count
            let summary: JSONValue = [
                "overall": ["images": .integer(Int64(images.count)), "items": 700, "share": 0.9125, "whole": .integer(Int64(count))],
                "by_source": ["bar_range": ["share": 0.5]],
            ]
            let items = Dictionary(
                uniqueKeysWithValues: images.map { ("i\($0)", ItemOutcomes.Item(correct: whole($0), unparseable: false)) })
            return (summary, ItemOutcomes(source: "test", items: items))
        }
        // M0 whole on images 0..<80; MPO on 10..<80 and 90..<95: 5 whole only with MPO, 10 only with M0.
        let (m0, m0Whole) = described { $0 < 80 }
        let (mpo, mpoWhole) = described { (10..<80).contains($0) || (90..<95).contains($0) }
        let (other, otherWhole) = described({ _ in true }, images: 0..<50)
        let text = markdown([
            ReportRow(label: "M0", testmini: testmini, pope: nil, metrics: [], descriptions: m0, wholeDescriptions: m0Whole),
            ReportRow(label: "M0 + MPO", testmini: testmini, pope: nil, metrics: [], descriptions: mpo, wholeDescriptions: mpoWhole),
            ReportRow(label: "M0 + DPO", testmini: testmini, pope: nil, metrics: []),
            ReportRow(label: "summary only", testmini: testmini, pope: nil, metrics: [], descriptions: mpo),
            ReportRow(label: "elsewhere", testmini: testmini, pope: nil, metrics: [], descriptions: other, wholeDescriptions: otherWhole),
        ])
        // Exact McNemar on b = 5, c = 10: 2 · Σ_{i ≤ 5} C(15, i) / 2^15.
        var binomial = 1.0, tail = 0.0
        for i in 0...5 {
            tail += binomial
            binomial *= Double(15 - i) / Double(i + 1)  // C(15, i + 1)
        }
        let p = 2 * tail / 32768
        XCTAssertTrue(text.contains("| M0 | 91.2 % of 700 | 80 of 100 (80.0 %) | – | – | – |"), text)
        let mpoLine = text.split(separator: "\n").first { $0.hasPrefix("| M0 + MPO | 91.2 % of 700 | 75 of 100 (75.0 %) | -5.0 | [") }
        XCTAssertNotNil(mpoLine, text)
        XCTAssertTrue(mpoLine?.hasSuffix(String(format: "| %.3f (b = 5, c = 10) |", p)) ?? false, "\(mpoLine ?? "") vs p \(p)")
        XCTAssertFalse(text.contains("| M0 + DPO | 9"), "a row without descriptions gets no line")
        XCTAssertTrue(text.contains("| elsewhere | 91.2 % of 700 | 50 of 50 (100.0 %) | **not compared: "), "other images are not paired")
        XCTAssertTrue(text.contains("| summary only | 91.2 % of 700 | 75 of 100 (75.0 %) | not compared: no per-image records |"), text)
        XCTAssertTrue(text.contains("| bar_range | 50.0 % | 50.0 % | 50.0 % | 50.0 % |"), text)
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
