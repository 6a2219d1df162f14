// REPORT.md (issue 9): the toy-scale analogue of the paper's Table 3 and a slice of its loss
// ablation, read from the pipeline's own artifacts — each model's `scores` artifacts (testmini
// Direct and CoT, POPE) and its `metrics.jsonl` — plus the stage wall times and artifact hashes.
// The findings the paper reports are checked against the measured numbers and stated plainly,
// whichever way they come out.
import Artifacts
import Foundation
import JSON

/// One row of the table: a model and what was measured on it.
public struct ReportRow {
    public var label: String
    /// `summary.json` of the testmini scores artifact: {"direct": …, "cot": …}.
    public var testmini: JSONValue
    /// `summary.json` of the POPE scores artifact, when POPE was run.
    public var pope: JSONValue?
    /// The model's training metrics, one object per step (empty for a model not trained here).
    public var metrics: [JSONValue]

    public init(label: String, testmini: JSONValue, pope: JSONValue?, metrics: [JSONValue]) {
        self.label = label
        self.testmini = testmini
        self.pope = pope
        self.metrics = metrics
    }

    /// Reads a row from its model and scores artifacts.
    public static func load(label: String, model: String, testmini: String, pope: String?) throws -> ReportRow {
        func summary(_ path: String) throws -> JSONValue {
            let (manifest, entries) = try ArtifactReader.entries(in: path) { $0 == "summary.json" }
            guard manifest.kind == "scores", let bytes = entries["summary.json"] else {
                throw ArtifactError(file: path, "expected a scores artifact with summary.json (from mpo-eval run)")
            }
            return try JSONValue(parsing: bytes)
        }
        let (_, modelEntries) = try ArtifactReader.entries(in: model) { $0 == "metrics.jsonl" }
        let metrics = try modelEntries["metrics.jsonl"].map { try JSONLines.decode($0, file: model, entry: "metrics.jsonl") } ?? []
        return ReportRow(label: label, testmini: try summary(testmini), pope: try pope.map(summary), metrics: metrics)
    }

    func accuracy(_ mode: String) -> (value: Double, low: Double, high: Double)? {
        guard let overall = testmini[mode]?["overall"], let value = overall["accuracy"]?.doubleValue else { return nil }
        return (value * 100, (overall["ci95_low"]?.doubleValue ?? 0) * 100, (overall["ci95_high"]?.doubleValue ?? 0) * 100)
    }

    /// POPE F1 averaged over the settings present (random, popular, adversarial), in %.
    var popeF1: Double? {
        guard let settings = pope?["direct"]?["pope"]?.objectValue, settings.count > 0 else { return nil }
        let values = settings.compactMap { $0.value["f1"]?.doubleValue }
        return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count) * 100
    }
}

public struct Report {
    public var title: String
    public var rows: [ReportRow]
    /// Stage name → wall seconds of the run that computed it.
    public var stageSeconds: [(stage: String, seconds: Double)]
    /// Artifact file name → hash.
    public var artifacts: [(name: String, hash: ContentHash)]
    /// Free text from the recipe: sizes, seeds, what differs from the paper.
    public var notes: [String]

    public init(title: String, rows: [ReportRow], stageSeconds: [(stage: String, seconds: Double)], artifacts: [(name: String, hash: ContentHash)], notes: [String]) {
        self.title = title
        self.rows = rows
        self.stageSeconds = stageSeconds
        self.artifacts = artifacts
        self.notes = notes
    }

    /// The Markdown, and the SVG figures it links (file name → contents).
    public func render() -> (markdown: String, figures: [(name: String, svg: String)]) {
        var lines = ["# \(title)", ""]
        lines += notes.map { "- \($0)" } + [""]
        lines += ["## Table 3 at toy scale", "",
                  "testmini accuracy (%, MathVista-exact scorer, rule-based extraction) with 95 % Wilson intervals; POPE F1 (%) averaged over its settings; "
                  + "unparseable = CoT responses without a parseable `Final answer:`; length = mean response tokens under CoT.", "",
                  "| Model | Direct | CoT | POPE F1 | Unparseable (CoT) | Length (CoT) |", "|---|---|---|---|---|---|"]
        func cell(_ value: (value: Double, low: Double, high: Double)?) -> String {
            value.map { String(format: "%.1f (%.1f–%.1f)", $0.value, $0.low, $0.high) } ?? "–"
        }
        for row in rows {
            let unparseable = row.testmini["cot"]?["unparseable_rate"]?.doubleValue.map { String(format: "%.1f %%", $0 * 100) } ?? "–"
            let length = row.testmini["cot"]?["mean_response_tokens"]?.doubleValue.map { String(format: "%.1f", $0) } ?? "–"
            lines.append("| \(row.label) | \(cell(row.accuracy("direct"))) | \(cell(row.accuracy("cot"))) | \(row.popeF1.map { String(format: "%.1f", $0) } ?? "–") | \(unparseable) | \(length) |")
        }
        lines += [""] + findings() + [""]
        lines += familyTable()
        var figures: [(name: String, svg: String)] = [("accuracy.svg", accuracyBars())]
        lines += ["## Figures", "", "![Accuracy, Direct vs CoT](accuracy.svg)", ""]
        for row in rows where row.metrics.contains(where: { $0["rewards/margins"] != nil }) {
            let name = "curves-\(row.label.filter { $0.isLetter || $0.isNumber }.lowercased()).svg"
            figures.append((name, curves(row)))
            lines += ["![Training curves of \(row.label)](\(name))", ""]
        }
        if !stageSeconds.isEmpty {
            lines += ["## Stage wall times", "", "| Stage | Seconds |", "|---|---|"]
            lines += stageSeconds.map { String(format: "| %@ | %.1f |", $0.stage, $0.seconds) }
            lines += [String(format: "| total | %.1f |", stageSeconds.map(\.seconds).reduce(0, +)), ""]
        }
        if !artifacts.isEmpty {
            lines += ["## Artifacts", "", "| Artifact | XXH3-128 |", "|---|---|"] + artifacts.map { "| \($0.name) | `\($0.hash)` |" } + [""]
        }
        return (lines.joined(separator: "\n"), figures)
    }

    /// The paper's findings, checked: MPO's CoT ≥ 5 points over M0's and above DPO's; MPO CoT ≥ MPO Direct.
    func findings() -> [String] {
        func row(_ prefix: String) -> ReportRow? { rows.first { $0.label == prefix } }
        guard let mpo = row("M0 + MPO"), let mpoCoT = mpo.accuracy("cot")?.value else { return [] }
        var lines = ["### The paper's findings, measured", ""]
        if let m0 = row("M0")?.accuracy("cot")?.value {
            let gain = mpoCoT - m0
            lines.append(String(format: "- MPO CoT vs M0 CoT: %+.1f points (the paper's claim at this scale: ≥ +5) — %@.", gain, gain >= 5 ? "holds" : "does not hold"))
        }
        if let dpo = row("M0 + DPO")?.accuracy("cot")?.value {
            lines.append(String(format: "- MPO CoT vs DPO CoT: %+.1f points — %@.", mpoCoT - dpo, mpoCoT > dpo ? "MPO is ahead" : "MPO is not ahead"))
        }
        if let direct = mpo.accuracy("direct")?.value {
            lines.append(String(format: "- MPO CoT vs MPO Direct: %+.1f points — %@.", mpoCoT - direct, mpoCoT >= direct ? "CoT helps, as in the paper" : "CoT does not help here"))
        }
        lines.append("- Differences inside the 95 % intervals above are not evidence either way.")
        return lines
    }

    /// CoT accuracy per question family (`metadata.source`).
    func familyTable() -> [String] {
        let families = Array(Set(rows.flatMap { $0.testmini["cot"]?["by_source"]?.objectValue?.keys ?? [] })).sorted()
        guard !families.isEmpty else { return [] }
        var lines = ["## CoT accuracy by question family (%)", "", "| Model | " + families.joined(separator: " | ") + " |",
                     "|---|" + String(repeating: "---|", count: families.count)]
        for row in rows {
            let cells = families.map { family in
                row.testmini["cot"]?["by_source"]?[family]?["accuracy"]?.doubleValue.map { String(format: "%.1f", $0 * 100) } ?? "–"
            }
            lines.append("| \(row.label) | " + cells.joined(separator: " | ") + " |")
        }
        return lines + [""]
    }

    func accuracyBars() -> String {
        let modes = [("Direct", "direct"), ("CoT", "cot")]
        let series = modes.map { name, mode in
            (name: name, values: rows.map { $0.accuracy(mode)?.value ?? 0 },
             errors: Optional(rows.map { row in row.accuracy(mode).map { ($0.low, $0.high) } ?? (0, 0) }))
        }
        return SVGPlot(title: "testmini accuracy", xLabel: "model", yLabel: "accuracy (%)")
            .bars(categories: rows.map(\.label), series: series, yMaximum: 100)
    }

    func curves(_ row: ReportRow) -> String {
        let names = ["loss", "rewards/margins", "rewards/accuracies"] + (row.metrics.first?.objectValue?.keys.filter { $0.hasPrefix("loss/") } ?? [])
        let series = names.map { name in
            SVGPlot.Series(name: name, points: row.metrics.enumerated().compactMap { index, step in
                step[name]?.doubleValue.map { (x: Double(index + 1), y: $0) }
            })
        }
        return SVGPlot(title: "\(row.label): training", xLabel: "step", yLabel: "value").lines(series)
    }
}
