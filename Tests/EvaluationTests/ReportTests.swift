// REPORT.md from measured summaries: the table cells, the findings the paper claims (checked
// both ways), the per-family table and the figures. Expected strings are formatted here from
// the numbers the test feeds in.
import Evaluation
import JSON
import XCTest

final class ReportTests: XCTestCase {
    private func summary(direct: (Int, Int), cot: (Int, Int), unparseable: Double = 0.1, families: [String: Double] = [:]) -> JSONValue {
        func block(_ counts: (Int, Int)) -> JSONValue {
            let interval = ConfidenceInterval.wilson(correct: counts.0, total: counts.1)
            return ["correct": .integer(Int64(counts.0)), "total": .integer(Int64(counts.1)),
                    "accuracy": .number(Double(counts.0) / Double(counts.1)), "ci95_low": .number(interval.lower), "ci95_high": .number(interval.upper)]
        }
        let bySource = JSONObject(families.map { ($0.key, ["accuracy": .number($0.value)] as JSONValue) })
        return ["direct": ["overall": block(direct)],
                "cot": ["overall": block(cot), "unparseable_rate": .number(unparseable), "mean_response_tokens": 42.5, "by_source": .object(bySource)]]
    }

    func testTheTableAndTheFindingsFollowTheNumbers() {
        let pope: JSONValue = ["direct": ["pope": ["random": ["f1": 0.8], "adversarial": ["f1": 0.6]]]]
        let steps: [JSONValue] = (1...3).map { ["loss": .number(Double(4 - $0)), "rewards/margins": .number(Double($0)), "rewards/accuracies": 0.5] }
        let rows = [
            ReportRow(label: "M0", testmini: summary(direct: (40, 100), cot: (30, 100), families: ["bars": 0.3]), pope: pope, metrics: []),
            ReportRow(label: "M0 + DPO", testmini: summary(direct: (41, 100), cot: (33, 100)), pope: nil, metrics: steps),
            ReportRow(label: "M0 + MPO", testmini: summary(direct: (38, 100), cot: (37, 100), families: ["bars": 0.5]), pope: nil, metrics: steps),
        ]
        let (markdown, figures) = Report(title: "T", rows: rows, stageSeconds: [("sft", 12.5), ("mpo", 2.25)], artifacts: [], notes: ["n1"]).render()
        let interval = ConfidenceInterval.wilson(correct: 30, total: 100)
        let m0Line = String(format: "| M0 | %@ | %.1f (%.1f–%.1f) | %.1f | 10.0 %% | 42.5 |",
                            String(format: "%.1f (%.1f–%.1f)", 40.0, ConfidenceInterval.wilson(correct: 40, total: 100).lower * 100,
                                   ConfidenceInterval.wilson(correct: 40, total: 100).upper * 100),
                            30.0, interval.lower * 100, interval.upper * 100, (0.8 + 0.6) / 2 * 100)
        XCTAssertTrue(markdown.contains(m0Line), "missing \(m0Line) in\n\(markdown)")
        XCTAssertTrue(markdown.contains("| M0 + DPO | 41.0"), markdown)
        // 37 − 30 = +7 ≥ 5 holds; 37 > 33 ahead; 37 < 38 CoT does not help.
        XCTAssertTrue(markdown.contains("MPO CoT vs M0 CoT: +7.0 points (the paper's claim at this scale: ≥ +5) — holds."), markdown)
        XCTAssertTrue(markdown.contains("MPO CoT vs DPO CoT: +4.0 points — MPO is ahead."), markdown)
        XCTAssertTrue(markdown.contains("MPO CoT vs MPO Direct: -1.0 points — CoT does not help here."), markdown)
        XCTAssertTrue(markdown.contains("| M0 | 30.0 |") && markdown.contains("| M0 + MPO | 50.0 |") && markdown.contains("| M0 + DPO | – |"), markdown)
        XCTAssertTrue(markdown.contains("| total | 14.8 |"), markdown)
        XCTAssertEqual(figures.map(\.name), ["accuracy.svg", "curves-m0dpo.svg", "curves-m0mpo.svg"])
        for figure in figures { XCTAssertTrue(figure.svg.hasPrefix("<svg") || figure.svg.hasPrefix("<?xml"), figure.name) }

        // The same report with MPO behind: the findings say so.
        var behind = rows
        behind[2].testmini = summary(direct: (30, 100), cot: (31, 100))
        let second = Report(title: "T", rows: behind, stageSeconds: [], artifacts: [], notes: []).render().markdown
        XCTAssertTrue(second.contains("+1.0 points (the paper's claim at this scale: ≥ +5) — does not hold."), second)
        XCTAssertTrue(second.contains("MPO CoT vs DPO CoT: -2.0 points — MPO is not ahead."), second)
    }
}
