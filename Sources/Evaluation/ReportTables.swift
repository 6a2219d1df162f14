// The report's tables beyond Table 3: whether each model looks at its images (grounding on val),
// what it names in images it never saw (descriptions, paired with M0's), POPE with its yes-ratio
// and unparseable replies, and what the preference data held per family (how many problems had
// both right and wrong samples, which is where pairs come from).
import JSON

extension Report {
    /// Per model: mean gain of the own image over another of the same family, and how often it wins.
    func groundingTable() -> [String] {
        let measured = rows.filter { $0.grounding != nil }
        guard !measured.isEmpty else { return [] }
        func cell(_ block: JSONValue?) -> String {
            guard let block, let gain = block["mean_gain_nats"]?.doubleValue, let wins = block["win_share"]?.doubleValue,
                let count = block["count"]?.integerValue
            else { return "–" }
            return String(format: "%+.2f nats, %.0f %% of %lld", gain, wins * 100, count)
        }
        var lines = [
            "## Does the model look? Grounding on val", "",
            "log p(reference response | own image) − log p(same | the image of another val problem of the same family), "
                + "summed over the response, mean per problem; and the share of problems where the own image wins. "
                + "A model blind to its images scores +0.00 and about 50 %.", "",
            "| Model | CoT | Direct |", "|---|---|---|",
        ]
        lines += measured.map {
            "| \($0.label) | \(cell($0.grounding?["cot"]?["overall"])) | \(cell($0.grounding?["direct"]?["overall"])) |"
        }
        // Per family for the first measured model (M0: what every preference run starts from).
        if let first = measured.first, let families = first.grounding?["cot"]?["by_source"]?.objectValue, families.count > 0 {
            lines += ["", "Per family, \(first.label), CoT:", "", "| Family | gain, own image wins |", "|---|---|"]
            lines += families.keys.sorted().map { "| \($0) | \(cell(families[$0])) |" }
        }
        return lines + [""]
    }

    /// Per model: the share of a reference description's items it names in place, how many of its
    /// descriptions are whole, and the whole ones paired with the first measured model's (M0's) on
    /// the same images; then the item share per family and model.
    func descriptionTable() -> [String] {
        let measured = rows.filter { $0.descriptions != nil }
        guard let first = measured.first else { return [] }
        func share(_ block: JSONValue?) -> String {
            guard let block, let share = block["share"]?.doubleValue else { return "–" }
            return String(format: "%.1f %%", share * 100)
        }
        var lines = [
            "## What does the model name? Descriptions of unseen images", "",
            "Greedy descriptions of fresh images (`mpo-eval describe`), scored item by item: the numbers, colour names and shape kinds "
                + "of the reference description, each right only in its place; a description is whole when its items are exactly the "
                + "reference's. Whole descriptions are paired with \(first.label)'s on the same images: the difference with a paired "
                + "bootstrap 95 % interval and the exact McNemar p (b = this model only, c = \(first.label) only).", "",
            "| Model | items named right | whole descriptions | whole, difference to \(first.label) (points) | 95 % CI | McNemar p |",
            "|---|---|---|---|---|---|",
        ]
        for row in measured {
            let overall = row.descriptions?["overall"]
            let whole = overall?["whole"]?.integerValue ?? 0, images = overall?["images"]?.integerValue ?? 0
            var cells = [
                "\(share(overall)) of \(overall?["items"]?.integerValue ?? 0)",
                String(format: "%lld of %lld (%.1f %%)", whole, images, images == 0 ? 0 : Double(whole) / Double(images) * 100),
            ]
            if row.label == first.label {
                cells += ["–", "–", "–"]
            } else if let mineByImage = row.wholeDescriptions, let theirsByImage = first.wholeDescriptions {
                do {
                    let (_, mine, theirs) = try ItemOutcomes.aligned(mineByImage, theirsByImage)
                    let r = try PairedComparison(first: mine.map(\.correct), second: theirs.map(\.correct))
                    cells += [
                        String(format: "%+.1f", r.difference * 100),
                        String(format: "[%+.1f, %+.1f]", r.interval.lower * 100, r.interval.upper * 100),
                        "\(Self.formatP(r.mcnemarP)) (b = \(r.firstOnly), c = \(r.secondOnly))",
                    ]
                } catch {
                    cells += ["**not compared: \(error)**", "–", "–"]
                }
            } else {
                cells += ["not compared: no per-image records", "–", "–"]
            }
            lines.append("| \(row.label) | " + cells.joined(separator: " | ") + " |")
        }
        let families = Array(Set(measured.flatMap { $0.descriptions?["by_source"]?.objectValue?.keys ?? [] })).sorted()
        lines += [
            "", "Items named right by family (items of the reference):", "",
            "| Family | " + measured.map(\.label).joined(separator: " | ") + " |",
            "|---|" + String(repeating: "---|", count: measured.count),
        ]
        for family in families {
            let items = first.descriptions?["by_source"]?[family]?["items"]?.integerValue.map { " (\($0))" } ?? ""
            lines.append(
                "| \(family)\(items) | " + measured.map { share($0.descriptions?["by_source"]?[family]) }.joined(separator: " | ") + " |")
        }
        return lines + [""]
    }

    /// POPE per model: F1, accuracy and yes-ratio averaged over the settings, and unparseable replies.
    func popeTable() -> [String] {
        let measured = rows.compactMap { row in row.pope?["direct"]?["pope"]?.objectValue.map { (row.label, $0) } }
        guard !measured.isEmpty else { return [] }
        var lines = [
            "## POPE (yes/no object probes)", "",
            "Averaged over the settings (random, popular, adversarial). A reply that says neither yes nor no is unparseable: "
                + "wrong for accuracy, a miss for recall, never a yes (POPE's own script would count it as yes).", "",
            "| Model | F1 | accuracy | yes-ratio | unparseable |", "|---|---|---|---|---|",
        ]
        for (label, settings) in measured {
            func mean(_ key: String) -> Double {
                settings.map(\.value).compactMap { $0[key]?.doubleValue }.reduce(0, +) / Double(max(settings.count, 1))
            }
            let unparseable = settings.map(\.value).compactMap { $0["unparseable"]?.integerValue }.reduce(0, +)
            let count = settings.map(\.value).compactMap { $0["count"]?.integerValue }.reduce(0, +)
            lines.append(
                String(
                    format: "| %@ | %.1f | %.1f | %.2f | %lld of %lld |", label, mean("f1") * 100, mean("accuracy") * 100,
                    mean("yes_ratio"), unparseable, count))
        }
        return lines + [""]
    }

    /// The pairs artifact per family: samples right, problems by share of right samples, pairs by kind.
    func preferenceDataTable() -> [String] {
        guard let sources = preferenceData?.objectValue, sources.count > 0 else { return [] }
        var lines = [
            "## Preference data by family", "",
            "Samples of M0 on the pref split (and open prompts for DropoutNTP). Problems by their share of correct samples: "
                + "none / below ¼ / ¼ to ¾ / above ¾ / all; only problems with both right and wrong samples make correctness pairs.", "",
            "| Family | problems | correct samples | unparseable | problems by correct share | correctness | format | DropoutNTP |",
            "|---|---|---|---|---|---|---|---|",
        ]
        func int(_ value: JSONValue?) -> Int64 { value?.integerValue ?? 0 }
        func percent(_ value: JSONValue?) -> String { value?.doubleValue.map { String(format: "%.1f %%", $0 * 100) } ?? "–" }
        for name in sources.keys.sorted() {
            let source = sources[name]!
            let shares = ["none", "below_quarter", "quarter_to_three_quarters", "above_three_quarters", "all"]
                .map { String(int(source["problems_by_correct_share"]?[$0])) }.joined(separator: " / ")
            let pairs = source["pairs"]
            lines.append(
                "| \(name) | \(int(source["problems"])) | \(percent(source["correct_rate"])) | \(percent(source["unparseable_rate"])) | \(shares) | "
                    + "\(int(pairs?["correctness"])) | \(int(pairs?["format"])) | \(int(pairs?["dropntp"])) |")
        }
        return lines + [""]
    }
}
