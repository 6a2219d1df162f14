// REPORT.md from measured summaries and per-problem outcomes: the table cells, the paired
// findings (each claim checked both ways), the per-family table with counts and the figures.
// Expected numbers are recomputed here from the outcome patterns the test feeds in — counts,
// rates, differences, discordant pairs, McNemar p by a direct binomial sum, and the normal
// approximation the bootstrap interval must resemble — never read back from the code under test.
import Evaluation
import Foundation
import JSON
import XCTest

final class ReportTests: XCTestCase {
    private let n = 200
    private func pid(_ i: Int) -> String { String(format: "p%03d", i) }

    /// One model on testmini: outcomes per problem index, and the summary they imply.
    private struct Model {
        var label: String
        var direct: (Int) -> Bool
        var cot: (Int) -> Bool
        var unparseable: (Int) -> Bool
        var families = false
    }

    private func row(_ model: Model, pope: JSONValue? = nil, metrics: [JSONValue] = [], pids: [Int]? = nil) -> ReportRow {
        let indices = pids ?? Array(0..<n)
        func block(_ subset: [Int], _ outcome: (Int) -> Bool) -> JSONValue {
            let correct = subset.filter(outcome).count
            let interval = ConfidenceInterval.wilson(correct: correct, total: subset.count)
            return [
                "correct": .integer(Int64(correct)), "total": .integer(Int64(subset.count)),
                "accuracy": .number(Double(correct) / Double(subset.count)), "ci95_low": .number(interval.lower),
                "ci95_high": .number(interval.upper),
            ]
        }
        // Families: even problems are "bars", odd ones "clocks".
        let bySource: JSONValue =
            model.families
            ? ["bars": block(indices.filter { $0 % 2 == 0 }, model.cot), "clocks": block(indices.filter { $0 % 2 == 1 }, model.cot)] : [:]
        let unparseableRate = Double(indices.filter(model.unparseable).count) / Double(indices.count)
        let summary: JSONValue = [
            "direct": ["overall": block(indices, model.direct)],
            "cot": [
                "overall": block(indices, model.cot), "unparseable_rate": .number(unparseableRate),
                "mean_response_tokens": 42.5, "by_source": bySource,
            ],
        ]
        func outcomes(_ mode: String, _ correct: (Int) -> Bool) -> ItemOutcomes {
            ItemOutcomes(
                source: "\(model.label) \(mode)",
                items: Dictionary(
                    uniqueKeysWithValues: indices.map {
                        (pid($0), ItemOutcomes.Item(correct: correct($0), unparseable: mode == "cot" && model.unparseable($0)))
                    }))
        }
        return ReportRow(
            label: model.label, testmini: summary, pope: pope, metrics: metrics,
            outcomes: [.direct: outcomes("direct", model.direct), .cot: outcomes("cot", model.cot)])
    }

    // The models, as outcome patterns over problems 0..<200 (see each comparison for what follows).
    private let m0 = Model(label: "M0", direct: { $0 < 80 }, cot: { $0 < 60 }, unparseable: { $0 % 5 == 0 }, families: true)
    private let dpo = Model(label: "M0 + DPO", direct: { $0 < 82 }, cot: { (5..<83).contains($0) }, unparseable: { $0 % 4 == 0 })
    private let mpo = Model(
        label: "M0 + MPO", direct: { $0 < 140 }, cot: { (10..<90).contains($0) }, unparseable: { $0 % 10 == 0 }, families: true)
    private let noDropout = Model(
        label: "M0 + MPO without DropoutNTP", direct: { $0 < 100 }, cot: { (20..<95).contains($0) }, unparseable: { _ in false })

    /// Exact two-sided binomial test at 1/2, summed term by term from lgamma (the code under test
    /// uses a ratio recurrence instead): min(1, 2·Σ_{i ≤ min(b,c)} C(N, i)/2^N).
    private func mcnemar(_ b: Int, _ c: Int) -> Double {
        let total = b + c
        guard total > 0, b != c else { return 1 }
        var sum = 0.0
        for i in 0...min(b, c) {
            sum += exp(lgamma(Double(total + 1)) - lgamma(Double(i + 1)) - lgamma(Double(total - i + 1)) - Double(total) * log(2.0))
        }
        return min(1, 2 * sum)
    }

    /// The table row of one comparison, checked cell by cell against a recomputation from the
    /// two outcome patterns. Returns the interval parsed from the row (in points).
    @discardableResult
    private func checkComparison(
        _ markdown: String, _ name: String, first: (Int) -> Bool, second: (Int) -> Bool, verdict: String,
        file: StaticString = #filePath, line: UInt = #line
    ) -> (low: Double, high: Double)? {
        guard let row = markdown.split(separator: "\n").first(where: { $0.hasPrefix("| \(name) (") }).map(String.init) else {
            XCTFail("no row for \(name) in\n\(markdown)", file: file, line: line)
            return nil
        }
        let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        guard cells.count == 8 else {
            XCTFail("expected 8 cells in \(row)", file: file, line: line)
            return nil
        }
        let a = (0..<n).map(first), b = (0..<n).map(second)
        let firstOnly = zip(a, b).filter { $0 && !$1 }.count, secondOnly = zip(a, b).filter { !$0 && $1 }.count
        let rateA = Double(a.filter { $0 }.count) / Double(n), rateB = Double(b.filter { $0 }.count) / Double(n)
        let difference = (rateA - rateB) * 100
        XCTAssertEqual(cells[1], "\(n)", row, file: file, line: line)
        XCTAssertEqual(cells[2], String(format: "%.1f", rateA * 100), row, file: file, line: line)
        XCTAssertEqual(cells[3], String(format: "%.1f", rateB * 100), row, file: file, line: line)
        XCTAssertEqual(cells[4], String(format: "%+.1f", difference), row, file: file, line: line)
        let p = mcnemar(firstOnly, secondOnly)
        let pText = p >= 0.01 ? String(format: "%.3f", p) : String(format: "%.1e", p)
        XCTAssertEqual(cells[6], "\(pText) (b = \(firstOnly), c = \(secondOnly))", row, file: file, line: line)
        XCTAssertEqual(cells[7], verdict, row, file: file, line: line)

        // The interval: "[low, high]" in points, around the difference, about as wide as the
        // normal approximation 2·1.96·sd(d)/√n, and consistent with the verdict.
        let bounds = cells[5].trimmingCharacters(in: CharacterSet(charactersIn: "[]")).split(separator: ",")
            .compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard bounds.count == 2 else {
            XCTFail("cannot read the interval in \(row)", file: file, line: line)
            return nil
        }
        let d = zip(a, b).map { Double($0 ? 1 : 0) - Double($1 ? 1 : 0) }
        let mean = d.reduce(0, +) / Double(n)
        let sd = (d.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n)).squareRoot()
        let normalWidth = 2 * 1.96 * sd / Double(n).squareRoot() * 100
        XCTAssertLessThanOrEqual(bounds[0], difference + 0.05, row, file: file, line: line)
        XCTAssertGreaterThanOrEqual(bounds[1], difference - 0.05, row, file: file, line: line)
        XCTAssertEqual(bounds[1] - bounds[0], normalWidth, accuracy: 0.2 * normalWidth + 0.1, row, file: file, line: line)
        let fromBounds = bounds[0] > 0 ? "holds" : bounds[1] < 0 ? "does not hold" : "inconclusive"
        XCTAssertEqual(fromBounds, verdict, row, file: file, line: line)
        return (bounds[0], bounds[1])
    }

    func testTheTableAndTheFindingsFollowTheNumbers() throws {
        let pope: JSONValue = ["direct": ["pope": ["random": ["f1": 0.8], "adversarial": ["f1": 0.6]]]]
        let steps: [JSONValue] = (1...3).map {
            ["loss": .number(Double(4 - $0)), "rewards/margins": .number(Double($0)), "rewards/accuracies": 0.5]
        }
        let rows = [row(m0, pope: pope), row(dpo, metrics: steps), row(mpo, metrics: steps), row(noDropout)]
        let report = Report(
            title: "T", rows: rows,
            stageSeconds: [.init(stage: "sft", seconds: 12.5, threads: 2), .init(stage: "mpo", seconds: 2.25, threads: 1)], artifacts: [],
            notes: ["n1"])
        let (markdown, figures) = report.render()

        // Table 3: M0 has 80/200 direct, 60/200 CoT, 40/200 unparseable (every fifth problem).
        let direct = ConfidenceInterval.wilson(correct: 80, total: 200), cot = ConfidenceInterval.wilson(correct: 60, total: 200)
        let m0Line = String(
            format: "| M0 | %.1f (%.1f–%.1f) | %.1f (%.1f–%.1f) | %.1f | 20.0 %% | 42.5 |",
            40.0, direct.lower * 100, direct.upper * 100, 30.0, cot.lower * 100, cot.upper * 100, (0.8 + 0.6) / 2 * 100)
        XCTAssertTrue(markdown.contains(m0Line), "missing \(m0Line) in\n\(markdown)")
        XCTAssertTrue(markdown.contains("| M0 + DPO | 41.0"), markdown)

        // (a) MPO CoT (10..<90, 80 right) vs M0 CoT (0..<60): b = 30 (60..<90), c = 10 (0..<10),
        // +10 points; sd(d) ≈ 0.44, so the interval is about +10 ± 6: above 0, but not above +5.
        let gain = checkComparison(markdown, "M0 + MPO CoT vs M0 CoT", first: mpo.cot, second: m0.cot, verdict: "holds")
        if let gain {
            XCTAssertLessThan(gain.low, 5, "normal approximation: 10 − 1.96·3.1 ≈ 4.0")
            XCTAssertTrue(
                markdown.contains(
                    String(
                        format: "- M0 + MPO CoT vs M0 CoT, the paper's +5-point target: met by the point estimate (+10.0 points); "
                            + "against the interval [%+.1f, %+.1f], \"> +5\" inconclusive.", gain.low, gain.high)), markdown)
        }
        // (b) MPO CoT vs DPO CoT (5..<83): b = 7, c = 5, +1 point with sd ≈ 1.7 points: undecided.
        checkComparison(markdown, "M0 + MPO CoT vs M0 + DPO CoT", first: mpo.cot, second: dpo.cot, verdict: "inconclusive")
        // (c) MPO CoT vs MPO Direct (0..<140): b = 0, c = 60, −30 points: CoT does not help here.
        checkComparison(markdown, "M0 + MPO CoT vs M0 + MPO Direct", first: mpo.cot, second: mpo.direct, verdict: "does not hold")
        // (d) Unparseable, DPO (every 4th) vs MPO (every 10th): b = 40, c = 10, +15 ± ~6.6 points.
        checkComparison(markdown, "M0 + DPO CoT vs M0 + MPO CoT", first: dpo.unparseable, second: mpo.unparseable, verdict: "holds")
        // (e) MPO vs MPO without DropoutNTP (20..<95): b = 10, c = 5, +2.5 ± ~3.7 points.
        checkComparison(
            markdown, "M0 + MPO CoT vs M0 + MPO without DropoutNTP CoT", first: mpo.cot, second: noDropout.cot, verdict: "inconclusive")
        XCTAssertTrue(
            markdown.contains("| Comparison | n | first | second | difference (points) | 95 % CI | McNemar p | verdict |"), markdown)

        // Families with counts: M0 is right on 0..<60 (30 even, 30 odd of 100 each), MPO on 10..<90.
        XCTAssertTrue(markdown.contains("| M0 | 30.0 (30/100) | 30.0 (30/100) |"), markdown)
        XCTAssertTrue(markdown.contains("| M0 + MPO | 40.0 (40/100) | 40.0 (40/100) |"), markdown)
        XCTAssertTrue(markdown.contains("| M0 + DPO | – | – |"), markdown)

        // 12.5 + 2.25 s; the total names both thread counts it mixes.
        XCTAssertTrue(markdown.contains("| sft | 12.5 | 2 |"), markdown)
        XCTAssertTrue(markdown.contains("| total | 14.8 | 1, 2 |"), markdown)
        XCTAssertEqual(figures.map(\.name), ["accuracy.svg", "curves-m0dpo.svg", "curves-m0mpo.svg"])
        for figure in figures { XCTAssertTrue(figure.svg.hasPrefix("<svg") || figure.svg.hasPrefix("<?xml"), figure.name) }

        // The findings are a function of the rows: the same rows give the same text.
        XCTAssertEqual(
            Report(title: "T", rows: rows, stageSeconds: [], artifacts: [], notes: []).render().markdown,
            Report(title: "T", rows: rows, stageSeconds: [], artifacts: [], notes: []).render().markdown)
    }

    func testTheFindingsSayWhenMPOIsBehind() {
        // MPO right on 100..<130 only (30 of 200): −15 points vs M0 (b = 30, c = 60), −24 vs DPO.
        var behind = mpo
        behind.cot = { (100..<130).contains($0) }
        let rows = [row(m0), row(dpo), row(behind)]
        let markdown = Report(title: "T", rows: rows, stageSeconds: [], artifacts: [], notes: []).render().markdown
        if let gain = checkComparison(markdown, "M0 + MPO CoT vs M0 CoT", first: behind.cot, second: m0.cot, verdict: "does not hold") {
            XCTAssertTrue(
                markdown.contains(
                    String(
                        format: "the paper's +5-point target: not met by the point estimate (-15.0 points); "
                            + "against the interval [%+.1f, %+.1f], \"> +5\" does not hold.", gain.low, gain.high)), markdown)
        }
        checkComparison(markdown, "M0 + MPO CoT vs M0 + DPO CoT", first: behind.cot, second: dpo.cot, verdict: "does not hold")
        // No "without DropoutNTP" row: that comparison is left out, not reported empty.
        XCTAssertFalse(markdown.contains("DropoutNTP"), markdown)
    }

    func testRowsWithoutOutcomesAreNamedAndRowsOnOtherProblemsAreRefused() throws {
        var bare = row(m0)
        bare.outcomes = [:]
        let markdown = Report(title: "T", rows: [bare, row(mpo)], stageSeconds: [], artifacts: [], notes: []).render().markdown
        XCTAssertTrue(
            markdown.contains("- M0 + MPO CoT vs M0 CoT: not compared, the scores artifacts hold no per-problem outcomes for it."), markdown
        )
        XCTAssertTrue(markdown.contains("| M0 + MPO CoT vs M0 + MPO Direct ("), markdown)

        // M0 scored on problems 0..<199 only: the pairing is refused, naming both sources.
        let short = row(m0, pids: Array(0..<199))
        let report = Report(title: "T", rows: [short, row(mpo)], stageSeconds: [], artifacts: [], notes: [])
        XCTAssertThrowsError(try report.pairedFindings()) { error in
            guard let pairing = error as? PairingError else { return XCTFail("\(error)") }
            // The first side is MPO (200 problems), the second M0 (199).
            XCTAssertEqual(pairing.onlyInFirst, ["p199"])
            XCTAssertTrue(pairing.onlyInSecond.isEmpty)
            let message = pairing.description
            XCTAssertTrue(message.contains("M0 + MPO cot (200 problems)") && message.contains("M0 cot (199 problems)"), message)
        }
        let refused = report.render().markdown
        XCTAssertTrue(refused.contains("**Not computed: ") && refused.contains("M0 cot (199 problems)"), refused)
        XCTAssertFalse(refused.contains("| Comparison |"), refused)
    }

    func testOutcomesAreReadFromMathVistasOutputLayout() throws {
        let outputs: JSONValue = [
            "1": ["question": "How many bars?", "response": "The bars show three.\nFinal answer: 3", "true_false": true],
            "2": ["response": "3", "true_false": false],
            "3": ["response": "Final answer: 4", "true_false": true],
        ]
        let outcomes = try ItemOutcomes(outputs: outputs, file: "eval.mmpr", entry: "outputs_cot.json")
        XCTAssertEqual(outcomes.source, "eval.mmpr: outputs_cot.json")
        // "3" has no `Final answer:`; "Final answer: 4" has no rationale before it: both unparseable.
        XCTAssertEqual(
            outcomes.items,
            [
                "1": .init(correct: true, unparseable: false), "2": .init(correct: false, unparseable: true),
                "3": .init(correct: true, unparseable: true),
            ])
        XCTAssertThrowsError(try ItemOutcomes(outputs: ["7": ["response": "x"]], file: "eval.mmpr", entry: "outputs_cot.json")) { error in
            let message = String(describing: error)
            XCTAssertTrue(message.contains("eval.mmpr") && message.contains("outputs_cot.json") && message.contains("7"), message)
        }
    }
}
