// REPORT.md (docs/pipeline.md, "`mpo-eval report`"): the toy-scale analogue of the paper's Table 3
// and a slice of its loss ablation, read from the pipeline's own artifacts — each model's `scores`
// artifacts (testmini Direct and CoT, POPE) and its `metrics.jsonl` — plus the stage wall times and
// artifact hashes. The findings the paper reports are checked against the measured numbers as
// paired comparisons over the same testmini problems (PairedComparison.swift), and stated plainly,
// whichever way they come out.
import Answers
import Artifacts
import Foundation
import JSON

/// One mode's per-problem results on testmini, keyed by pid: what a paired comparison needs.
public struct ItemOutcomes: Equatable, Sendable {
    public struct Item: Equatable, Sendable {
        /// MathVista-exact scorer's `true_false`.
        public var correct: Bool
        /// The response has no parseable `Final answer:` by the MMPR rule (`FinalAnswerExtraction`).
        public var unparseable: Bool

        public init(correct: Bool, unparseable: Bool) {
            self.correct = correct
            self.unparseable = unparseable
        }
    }

    /// Where the outcomes come from ("eval-mpo.mmpr: outputs_cot.json"), for error messages.
    public var source: String
    /// pid → outcome.
    public var items: [String: Item]

    public init(source: String, items: [String: Item]) {
        self.source = source
        self.items = items
    }

    /// Reads MathVista's output layout (`EvaluationRun.outputsDocument`): an object keyed by pid
    /// whose values carry `true_false` (bool) and `response` (string) among their fields.
    public init(outputs: JSONValue, file: String, entry: String) throws {
        guard let document = outputs.objectValue else {
            throw ArtifactError(file: file, entry: entry, "expected a JSON object keyed by pid (from mpo-eval run)")
        }
        var items: [String: Item] = [:]
        for (pid, value) in document {
            guard let correct = value["true_false"]?.boolValue, let response = value["response"]?.stringValue else {
                throw ArtifactError(file: file, entry: entry, "pid \(pid): expected a boolean true_false and a string response")
            }
            guard items[pid] == nil else { throw ArtifactError(file: file, entry: entry, "pid \(pid) appears twice") }
            let unparseable: Bool
            if case .failure = FinalAnswerExtraction.extract(response) { unparseable = true } else { unparseable = false }
            items[pid] = Item(correct: correct, unparseable: unparseable)
        }
        self.init(source: "\(file): \(entry)", items: items)
    }

    /// Both sets of outcomes in one order (pids sorted, so the pairing and the bootstrap do not depend
    /// on the files' key order), or a `PairingError` naming both sources when the pid sets differ.
    public static func aligned(_ first: ItemOutcomes, _ second: ItemOutcomes) throws -> (pids: [String], first: [Item], second: [Item]) {
        let firstPids = Set(first.items.keys), secondPids = Set(second.items.keys)
        guard firstPids == secondPids else {
            throw PairingError(
                first: first.source, firstCount: firstPids.count, second: second.source, secondCount: secondPids.count,
                onlyInFirst: firstPids.subtracting(secondPids).sorted(), onlyInSecond: secondPids.subtracting(firstPids).sorted())
        }
        let pids = firstPids.sorted()
        return (pids, pids.map { first.items[$0]! }, pids.map { second.items[$0]! })
    }
}

/// Two rows' outcomes cover different problems, so they cannot be compared item by item.
public struct PairingError: Error, CustomStringConvertible, Equatable, Sendable {
    public var first: String
    public var firstCount: Int
    public var second: String
    public var secondCount: Int
    public var onlyInFirst: [String]
    public var onlyInSecond: [String]

    public var description: String {
        func some(_ pids: [String]) -> String {
            pids.isEmpty ? "" : " (" + pids.prefix(3).joined(separator: ", ") + (pids.count > 3 ? ", …" : "") + ")"
        }
        return "\(first) (\(firstCount) problems) and \(second) (\(secondCount) problems) hold different pid sets: "
            + "\(onlyInFirst.count) only in the first\(some(onlyInFirst)), \(onlyInSecond.count) only in the second\(some(onlyInSecond)); "
            + "a paired comparison needs both models scored on the same testmini split"
    }
}

/// One row of the table: a model and what was measured on it.
public struct ReportRow {
    public var label: String
    /// `summary.json` of the testmini scores artifact: {"direct": …, "cot": …}.
    public var testmini: JSONValue
    /// `summary.json` of the POPE scores artifact, when POPE was run.
    public var pope: JSONValue?
    /// The model's training metrics, one object per step (empty for a model not trained here).
    public var metrics: [JSONValue]
    /// Per-problem testmini outcomes of each mode that was run (`outputs_<mode>.json`).
    public var outcomes: [PromptMode: ItemOutcomes]
    /// `summary.json` of the model's grounding artifact (`mpo-eval grounding`), when measured.
    public var grounding: JSONValue?
    /// `summary.json` of the model's descriptions artifact (`mpo-eval describe`), when measured.
    public var descriptions: JSONValue?
    /// Per image of that artifact: whether the description was whole (`correct`), for pairing.
    public var wholeDescriptions: ItemOutcomes?
    /// The manifest of the row's model: the training run a replicate must repeat.
    public var training: Manifest?
    /// The same training run with other data-order seeds (`--replicate`), in the order given.
    public var replicates: [Replicate] = []

    /// Another run of the row's training that differs only in its data-order seed, and its testmini outcomes.
    public struct Replicate: Sendable {
        public var seed: Int64
        public var outcomes: [PromptMode: ItemOutcomes]
    }

    public init(
        label: String, testmini: JSONValue, pope: JSONValue?, metrics: [JSONValue], outcomes: [PromptMode: ItemOutcomes] = [:],
        grounding: JSONValue? = nil, descriptions: JSONValue? = nil, wholeDescriptions: ItemOutcomes? = nil, training: Manifest? = nil
    ) {
        self.label = label
        self.testmini = testmini
        self.pope = pope
        self.metrics = metrics
        self.outcomes = outcomes
        self.grounding = grounding
        self.descriptions = descriptions
        self.wholeDescriptions = wholeDescriptions
        self.training = training
    }

    /// Reads a row from its model and scores artifacts: the summaries, and the testmini artifact's
    /// per-pid outcomes of each mode it holds.
    public static func load(
        label: String, model: String, testmini: String, pope: String?, grounding: String? = nil, descriptions: String? = nil
    ) throws -> ReportRow {
        let testminiScores = try testminiOutcomes(testmini)
        let described = try descriptions.map { path -> (summary: JSONValue, whole: ItemOutcomes) in
            let read = try scores(
                path, split: nil, keeping: ["summary.json", "records.jsonl"], kind: "descriptions", from: "mpo-eval describe")
            let lines = try JSONLines.decode(read.entries["records.jsonl"] ?? [], file: path, entry: "records.jsonl")
            var whole: [String: ItemOutcomes.Item] = [:]
            for (index, line) in lines.enumerated() {
                guard let pid = line["pid"]?.stringValue, let isWhole = line["whole"]?.boolValue, whole[pid] == nil else {
                    throw ArtifactError(
                        file: path, entry: "records.jsonl", "line \(index + 1): expected a new string pid and a boolean whole")
                }
                whole[pid] = ItemOutcomes.Item(correct: isWhole, unparseable: false)
            }
            return (read.summary, ItemOutcomes(source: "\(path): records.jsonl", items: whole))
        }
        let (manifest, modelEntries) = try ArtifactReader.entries(in: model) { $0 == "metrics.jsonl" }
        let metrics = try modelEntries["metrics.jsonl"].map { try JSONLines.decode($0, file: model, entry: "metrics.jsonl") } ?? []
        return ReportRow(
            label: label, testmini: testminiScores.summary,
            pope: try pope.map { try scores($0, split: "pope", keeping: ["summary.json"]).summary },
            metrics: metrics, outcomes: testminiScores.outcomes,
            grounding: try grounding.map {
                try scores($0, split: nil, keeping: ["summary.json"], kind: "grounding", from: "mpo-eval grounding").summary
            }, descriptions: described?.summary, wholeDescriptions: described?.whole, training: manifest)
    }

    /// Adds `model`, scored on testmini in `testmini`, as another seed of this row's training run.
    /// Refused, by file and reason, unless `model` is a model artifact made by the same tool from
    /// the same inputs with the same parameters apart from `seed`, with a seed not yet in the row,
    /// and `testmini` scores that very model.
    public mutating func addReplicate(model: String, testmini: String) throws {
        guard let training else {
            throw ArtifactError(file: model, "row '\(label)' has no model manifest to compare a replicate with")
        }
        let replicate = try ArtifactReader.entries(in: model) { _ in false }.manifest
        guard replicate.kind == "model" else { throw ArtifactError(file: model, "expected a model artifact (from mpo-train fit)") }
        var differences: [String] = []
        if replicate.tool.name != training.tool.name { differences.append("made by \(replicate.tool.name), not \(training.tool.name)") }
        if replicate.inputs != training.inputs { differences.append("trained from other inputs") }
        differences += settingChanges("parameter", from: training.parameters, to: replicate.parameters, except: ["seed"])
        guard differences.isEmpty else {
            throw ArtifactError(file: model, "is not another seed of the run of '\(label)': " + differences.joined(separator: "; "))
        }
        let seed = replicate.parameters["seed"]?.integerValue
        let seeds = [training.parameters["seed"]?.integerValue] + replicates.map { Optional($0.seed) }
        guard let seed, !seeds.contains(seed) else {
            throw ArtifactError(file: model, "its seed (\(seed.map(String.init) ?? "none")) is already a run of '\(label)'")
        }
        let scores = try Self.testminiOutcomes(testmini)
        let modelHash = try ContentHash.ofFile(model)
        guard scores.manifest.inputs.contains(where: { $0.role == "model" && $0.hash == modelHash }) else {
            throw ArtifactError(file: testmini, "does not score \(model) (its model input has another hash)")
        }
        guard Set(scores.outcomes.keys) == Set(outcomes.keys) else {
            throw ArtifactError(file: testmini, "scores other modes than the testmini scores of '\(label)'")
        }
        for (mode, mine) in outcomes { _ = try ItemOutcomes.aligned(mine, scores.outcomes[mode]!) }
        replicates.append(Replicate(seed: seed, outcomes: scores.outcomes))
    }

    /// A scores (or grounding, or descriptions) artifact of `split`, as the column it fills
    /// expects: POPE scores given as testmini scores, or the other way round, are refused by name.
    private static func scores(
        _ path: String, split: String?, keeping names: Set<String>, kind: String = "scores", from tool: String = "mpo-eval run"
    ) throws -> (summary: JSONValue, manifest: Manifest, entries: [String: [UInt8]]) {
        let (manifest, entries) = try ArtifactReader.entries(in: path) { names.contains($0) }
        guard manifest.kind == kind, let bytes = entries["summary.json"] else {
            throw ArtifactError(file: path, "expected a \(kind) artifact with summary.json (from \(tool))")
        }
        if let split, let scored = manifest.parameters["split"]?.stringValue, scored != split {
            throw ArtifactError(file: path, "scores the '\(scored)' split, but this column is for '\(split)'")
        }
        return (try JSONValue(parsing: bytes), manifest, entries)
    }

    /// A testmini scores artifact's summary and the per-pid outcomes of each mode it holds.
    private static func testminiOutcomes(_ path: String) throws -> (
        summary: JSONValue, manifest: Manifest, outcomes: [PromptMode: ItemOutcomes]
    ) {
        func outputsEntry(_ mode: PromptMode) -> String { "outputs_\(mode.rawValue).json" }
        let read = try scores(path, split: "testmini", keeping: Set(["summary.json"] + PromptMode.allCases.map(outputsEntry)))
        var outcomes: [PromptMode: ItemOutcomes] = [:]
        for mode in PromptMode.allCases {
            guard let bytes = read.entries[outputsEntry(mode)] else { continue }
            let document: JSONValue
            do { document = try JSONValue(parsing: bytes) } catch {
                throw ArtifactError(file: path, entry: outputsEntry(mode), "not valid JSON: \(error)")
            }
            outcomes[mode] = try ItemOutcomes(outputs: document, file: path, entry: outputsEntry(mode))
        }
        return (read.summary, read.manifest, outcomes)
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
    public var stageSeconds: [StageTimings.Entry]
    /// Artifact file name → hash.
    public var artifacts: [(name: String, hash: ContentHash)]
    /// Free text from the recipe: sizes, seeds, what differs from the paper.
    public var notes: [String]
    /// The pairs artifact's per-family statistics (`by_source` of its manifest), when given.
    public var preferenceData: JSONValue?
    /// testmini accuracy (0–1) of the best answer without the image, when the problems are given.
    public var blindBaseline: Double?
    /// POPE accuracy (0–1) of the same baseline: how far the question text alone gets on the probes.
    public var popeBlindBaseline: Double?

    public init(
        title: String, rows: [ReportRow], stageSeconds: [StageTimings.Entry], artifacts: [(name: String, hash: ContentHash)],
        notes: [String],
        preferenceData: JSONValue? = nil, blindBaseline: Double? = nil, popeBlindBaseline: Double? = nil
    ) {
        self.title = title
        self.rows = rows
        self.stageSeconds = stageSeconds
        self.artifacts = artifacts
        self.notes = notes
        self.preferenceData = preferenceData
        self.blindBaseline = blindBaseline
        self.popeBlindBaseline = popeBlindBaseline
    }

    /// The Markdown, and the SVG figures it links (file name → contents).
    public func render() -> (markdown: String, figures: [(name: String, svg: String)]) {
        var lines = ["# \(title)", ""]
        lines += notes.map { "- \($0)" } + [""]
        lines += [
            "## Table 3 at toy scale", "",
            "testmini accuracy (%, MathVista-exact scorer, rule-based extraction) with 95 % Wilson intervals; POPE F1 (%) averaged over its settings; "
                + "unparseable = CoT responses without a parseable `Final answer:`; length = mean response tokens under CoT.", "",
            "| Model | Direct | CoT | POPE F1 | Unparseable (CoT) | Length (CoT) |", "|---|---|---|---|---|---|",
        ]
        func cell(_ value: (value: Double, low: Double, high: Double)?) -> String {
            value.map { String(format: "%.1f (%.1f–%.1f)", $0.value, $0.low, $0.high) } ?? "–"
        }
        for row in rows {
            let unparseable = row.testmini["cot"]?["unparseable_rate"]?.doubleValue.map { String(format: "%.1f %%", $0 * 100) } ?? "–"
            let length = row.testmini["cot"]?["mean_response_tokens"]?.doubleValue.map { String(format: "%.1f", $0) } ?? "–"
            lines.append(
                "| \(row.label) | \(cell(row.accuracy("direct"))) | \(cell(row.accuracy("cot"))) | \(row.popeF1.map { String(format: "%.1f", $0) } ?? "–") | \(unparseable) | \(length) |"
            )
        }
        if let blindBaseline {
            lines += [
                "",
                String(
                    format: "Blind baseline (the majority training answer per question, or per question template; no image): %.1f %%.",
                    blindBaseline * 100)
                    + (popeBlindBaseline.map { String(format: " On POPE the same baseline is right %.1f %% of the time.", $0 * 100) } ?? ""),
            ]
        }
        lines += [""] + findings() + [""] + seedSection()
        lines += groundingTable() + descriptionTable() + popeTable() + familyTable() + preferenceDataTable()
        var figures: [(name: String, svg: String)] = [("accuracy.svg", accuracyBars())]
        lines += ["## Figures", "", "![Accuracy, Direct vs CoT](accuracy.svg)", ""]
        for row in rows where row.metrics.contains(where: { $0["rewards/margins"] != nil }) {
            let name = "curves-\(row.label.filter { $0.isLetter || $0.isNumber }.lowercased()).svg"
            figures.append((name, curves(row)))
            lines += ["![Training curves of \(row.label)](\(name))", ""]
        }
        if !stageSeconds.isEmpty {
            // Stages reused through the cache keep the time (and thread count) of the run that computed them.
            let counts = Set(stageSeconds.map { $0.threads.map(String.init) ?? "–" }).sorted()
            lines += ["## Stage wall times", "", "| Stage | Seconds | Threads |", "|---|---|---|"]
            lines += stageSeconds.map { String(format: "| %@ | %.1f | %@ |", $0.stage, $0.seconds, $0.threads.map(String.init) ?? "–") }
            lines += [
                String(format: "| total | %.1f | %@ |", stageSeconds.map(\.seconds).reduce(0, +), counts.joined(separator: ", ")), "",
            ]
        }
        if !artifacts.isEmpty {
            lines +=
                ["## Artifacts", "", "| Artifact | XXH3-128 |", "|---|---|"] + artifacts.map { "| \($0.name) | `\($0.hash)` |" } + [""]
        }
        return (lines.joined(separator: "\n"), figures)
    }

    /// One of the paper's claims as a paired comparison over the same testmini problems.
    public struct Finding: Sendable {
        /// "M0 + MPO CoT vs M0 CoT"
        public var comparison: String
        /// What the paper claims, in words: "first > second" read for this pair.
        public var claim: String
        /// The outcome compared: "accuracy" or "unparseable rate".
        public var outcome: String
        /// First minus second, item by item.
        public var result: PairedComparison
        /// A claimed minimum effect beyond "> 0", as a proportion (0.05 = five points).
        public var target: Double?
    }

    /// The paper's claims, each read as "first > second" (plus a minimum effect where it claims
    /// one), in report order. A claim whose rows are absent is left out; one whose rows lack the
    /// mode's per-problem outcomes is listed in `missing`. Throws `PairingError` when two rows'
    /// outcomes cover different pids. A pure function of the rows.
    public func pairedFindings() throws -> (findings: [Finding], missing: [String]) {
        typealias Side = (label: String, mode: PromptMode)
        let mpo = "M0 + MPO", dpo = "M0 + DPO"
        let claims: [(first: Side, second: Side, unparseable: Bool, claim: String, target: Double?)] = [
            ((mpo, .cot), ("M0", .cot), false, "MPO's CoT gains over M0's, by ≥ 5 points", 0.05),
            ((mpo, .cot), (dpo, .cot), false, "MPO's CoT is ahead of DPO's", nil),
            ((mpo, .cot), (mpo, .direct), false, "CoT helps MPO", nil),
            ((dpo, .cot), (mpo, .cot), true, "DPO's CoT is unparseable more often than MPO's", nil),
            ((mpo, .cot), ("M0 + MPO without DropoutNTP", .cot), false, "DropoutNTP pairs help", nil),
        ]
        func name(_ side: Side) -> String { "\(side.label) \(side.mode == .cot ? "CoT" : "Direct")" }
        var findings: [Finding] = [], missing: [String] = []
        for claim in claims {
            guard let firstRow = rows.first(where: { $0.label == claim.first.label }),
                let secondRow = rows.first(where: { $0.label == claim.second.label })
            else { continue }
            let comparison = "\(name(claim.first)) vs \(name(claim.second))"
            guard let first = firstRow.outcomes[claim.first.mode], let second = secondRow.outcomes[claim.second.mode] else {
                missing.append(comparison)
                continue
            }
            let (_, a, b) = try ItemOutcomes.aligned(first, second)
            let outcome: (ItemOutcomes.Item) -> Bool = claim.unparseable ? { $0.unparseable } : { $0.correct }
            let result = try PairedComparison(first: a.map(outcome), second: b.map(outcome))
            findings.append(
                Finding(
                    comparison: comparison, claim: claim.claim, outcome: claim.unparseable ? "unparseable rate" : "accuracy",
                    result: result, target: claim.target))
        }
        return (findings, missing)
    }

    /// The findings section: every claim as a paired comparison, in a table.
    func findings() -> [String] {
        let paired: (findings: [Finding], missing: [String])
        do { paired = try pairedFindings() } catch {
            // render() cannot throw (its callers do not expect it to): the refusal goes into the
            // report where the numbers would have been, loudly, instead of an unpaired comparison.
            return ["### The paper's findings, measured", "", "**Not computed: \(error)**", ""]
        }
        guard !paired.findings.isEmpty || !paired.missing.isEmpty else { return [] }
        var lines = [
            "### The paper's findings, measured", "",
            "Each claim is read as \"first > second\" and checked on the same testmini problems, paired by pid: "
                + "difference = first − second (points); 95 % CI = paired bootstrap percentile interval "
                + "(\(PairedComparison.defaultResamples) resamples of the problems, SplitMix64 seed \(String(format: "0x%016llX", PairedComparison.defaultSeed))); "
                + "McNemar p = exact two-sided test on the problems where the two disagree "
                + "(b = first only, c = second only); verdict for \"> 0\": holds when the whole interval is above 0, "
                + "does not hold when it is below 0, inconclusive otherwise."
                + (rows.contains { !$0.replicates.isEmpty }
                    ? " Each row is one training run (one data order); \"Data-order seeds\" below averages the rows run with more seeds."
                    : ""),
            "",
            "| Comparison | n | first | second | difference (points) | 95 % CI | McNemar p | verdict |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for finding in paired.findings {
            let r = finding.result
            lines.append(
                String(
                    format: "| %@ (%@; claim: %@) | %d | %.1f | %.1f | %+.1f | [%+.1f, %+.1f] | %@ (b = %d, c = %d) | %@ |",
                    finding.comparison, finding.outcome, finding.claim, r.n, r.firstRate * 100, r.secondRate * 100,
                    r.difference * 100, r.interval.lower * 100, r.interval.upper * 100,
                    Self.formatP(r.mcnemarP), r.firstOnly, r.secondOnly, r.verdict().rawValue))
        }
        lines.append("")
        for finding in paired.findings {
            guard let target = finding.target else { continue }
            let r = finding.result
            lines.append(
                String(
                    format:
                        "- %@, the paper's %+.0f-point target: %@ by the point estimate (%+.1f points); against the interval [%+.1f, %+.1f], \"> %+.0f\" %@.",
                    finding.comparison, target * 100, r.difference >= target ? "met" : "not met", r.difference * 100,
                    r.interval.lower * 100, r.interval.upper * 100, target * 100, r.verdict(threshold: target).rawValue))
        }
        lines += paired.missing.map { "- \($0): not compared, the scores artifacts hold no per-problem outcomes for it." }
        return lines
    }

    /// Rows with replicates (`--replicate`): each run's accuracy, and the comparisons of the
    /// seed-averaged outcomes (SeedAveragedComparison.swift) — each such row against M0, and each
    /// against every earlier row with replicates — in CoT. Empty when no row has replicates.
    func seedSection() -> [String] {
        let seeded = rows.filter { !$0.replicates.isEmpty }
        guard !seeded.isEmpty else { return [] }
        /// The row's runs in one mode: its own, then its replicates'.
        func runs(_ row: ReportRow, _ mode: PromptMode) -> [ItemOutcomes]? {
            let all = [row.outcomes[mode]] + row.replicates.map { $0.outcomes[mode] }
            return all.allSatisfy { $0 != nil } ? all.map { $0! } : nil
        }
        var lines = [
            "### Data-order seeds", "",
            "One training run is one draw of its data order (`--seed`). The runs of a model below differ in nothing else (the report "
                + "checks their parameters and inputs). Per problem, the share of a model's runs that got it right; each comparison pairs "
                + "those shares on the same testmini problems: difference of the means (points) with the paired bootstrap 95 % interval "
                + "over problems (a problem's runs stay together); verdict for \"> 0\" as in the findings above. M0 is one model: it has no seed to vary here.",
            "",
            "| Model | seeds | CoT per seed | CoT mean | Direct per seed | Direct mean |", "|---|---|---|---|---|---|",
        ]
        func perSeed(_ row: ReportRow, _ mode: PromptMode) -> (each: String, mean: String) {
            guard let runs = runs(row, mode) else { return ("–", "–") }
            let rates = runs.map { outcomes in
                100 * Double(outcomes.items.values.filter(\.correct).count) / Double(max(outcomes.items.count, 1))
            }
            return (
                rates.map { String(format: "%.1f", $0) }.joined(separator: " / "),
                String(format: "%.1f", rates.reduce(0, +) / Double(rates.count))
            )
        }
        for row in seeded {
            let seeds = [row.training?.parameters["seed"]?.integerValue.map(String.init) ?? "?"] + row.replicates.map { String($0.seed) }
            let cot = perSeed(row, .cot), direct = perSeed(row, .direct)
            lines.append(
                "| \(row.label) | \(seeds.joined(separator: ", ")) | \(cot.each) | \(cot.mean) | \(direct.each) | \(direct.mean) |")
        }
        lines += [
            "", "| Comparison (CoT, mean over seeds) | first | second | difference (points) | 95 % CI | verdict |",
            "|---|---|---|---|---|---|",
        ]
        var pairs: [(ReportRow, ReportRow)] = []
        if let m0 = rows.first(where: { $0.label == "M0" }) { pairs += seeded.filter { $0.label != "M0" }.map { ($0, m0) } }
        for (index, row) in seeded.enumerated() { pairs += seeded[..<index].map { (row, $0) } }
        for (first, second) in pairs {
            let comparison = "\(first.label) vs \(second.label)"
            guard let a = runs(first, .cot), let b = runs(second, .cot) else {
                lines.append("| \(comparison) | – | – | not compared: a run has no per-problem CoT outcomes | – | – |")
                continue
            }
            do {
                // Every run of both models on the same problems (else a PairingError names the two), in one order.
                for run in a + b { _ = try ItemOutcomes.aligned(a[0], run) }
                let pids = a[0].items.keys.sorted()
                let result = try SeedAveragedComparison(
                    first: a.map { run in pids.map { run.items[$0]!.correct } },
                    second: b.map { run in pids.map { run.items[$0]!.correct } })
                lines.append(
                    String(
                        format: "| %@ | %.1f | %.1f | %+.1f | [%+.1f, %+.1f] | %@ |", comparison, result.firstMean * 100,
                        result.secondMean * 100,
                        result.difference * 100, result.interval.lower * 100, result.interval.upper * 100, result.verdict().rawValue))
            } catch {
                lines.append("| \(comparison) | – | – | **not compared: \(error)** | – | – |")
            }
        }
        return lines + [""]
    }

    /// p ≥ 0.01 with three decimals, smaller ones in scientific notation (so 2e-18 does not print as 0.000).
    static func formatP(_ p: Double) -> String {
        p >= 0.01 ? String(format: "%.3f", p) : String(format: "%.1e", p)
    }

    /// CoT accuracy per question family (`metadata.source`), with its counts.
    func familyTable() -> [String] {
        let families = Array(Set(rows.flatMap { $0.testmini["cot"]?["by_source"]?.objectValue?.keys ?? [] })).sorted()
        guard !families.isEmpty else { return [] }
        var lines = [
            "## CoT accuracy by question family (%, correct/total)", "", "| Model | " + families.joined(separator: " | ") + " |",
            "|---|" + String(repeating: "---|", count: families.count),
        ]
        for row in rows {
            let cells = families.map { family -> String in
                guard let block = row.testmini["cot"]?["by_source"]?[family], let accuracy = block["accuracy"]?.doubleValue else {
                    return "–"
                }
                guard let correct = block["correct"]?.integerValue, let total = block["total"]?.integerValue else {
                    return String(format: "%.1f", accuracy * 100)
                }
                return String(format: "%.1f (%lld/%lld)", accuracy * 100, correct, total)
            }
            lines.append("| \(row.label) | " + cells.joined(separator: " | ") + " |")
        }
        return lines + [""]
    }

    func accuracyBars() -> String {
        let modes = [("Direct", "direct"), ("CoT", "cot")]
        let series = modes.map { name, mode in
            (
                name: name, values: rows.map { $0.accuracy(mode)?.value ?? 0 },
                errors: Optional(rows.map { row in row.accuracy(mode).map { ($0.low, $0.high) } ?? (0, 0) })
            )
        }
        return SVGPlot(title: "testmini accuracy", xLabel: "model", yLabel: "accuracy (%)")
            .bars(categories: rows.map(\.label), series: series, yMaximum: 100)
    }

    /// Training curves of one run in three panels — the loss and its terms, the reward margin,
    /// the reward accuracy — each smoothed over about a 25th of the steps, the raw steps faint.
    func curves(_ row: ReportRow) -> String {
        func series(_ names: [String]) -> [SVGPlot.Series] {
            names.map { name in
                SVGPlot.Series(
                    name: name,
                    points: row.metrics.enumerated().compactMap { index, step in
                        step[name]?.doubleValue.map { (x: Double(index + 1), y: $0) }
                    })
            }
        }
        let terms = row.metrics.first?.objectValue?.keys.filter { $0.hasPrefix("loss/") } ?? []
        var plot = SVGPlot(title: "\(row.label): training", xLabel: "step", yLabel: "")
        plot.height = 240
        return plot.panels(
            [
                ("loss", series(["loss"] + terms)), ("rewards/margins", series(["rewards/margins"])),
                ("rewards/accuracies", series(["rewards/accuracies"])),
            ], smoothing: max(1, row.metrics.count / 25) | 1)
    }
}
