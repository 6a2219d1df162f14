// POPE hallucination metrics for yes/no object probes: accuracy, precision, recall, F1 and the
// yes-ratio, per negative-sampling setting (random, popular, adversarial), as POPE's evaluation reports them.

/// Metrics with "yes" (the object is present) as the positive class.
public struct POPEMetrics: Sendable, Equatable {
    public var truePositives = 0
    public var falsePositives = 0
    public var trueNegatives = 0
    public var falseNegatives = 0

    public init() {}

    /// One probe: the model's yes/no against the label.
    public mutating func add(predictedYes: Bool, labelYes: Bool) {
        switch (predictedYes, labelYes) {
        case (true, true): truePositives += 1
        case (true, false): falsePositives += 1
        case (false, false): trueNegatives += 1
        case (false, true): falseNegatives += 1
        }
    }

    public var count: Int { truePositives + falsePositives + trueNegatives + falseNegatives }
    // Empty denominators give 0, as POPE's script would divide by zero there.
    public var accuracy: Double { ratio(truePositives + trueNegatives, count) }
    public var precision: Double { ratio(truePositives, truePositives + falsePositives) }
    public var recall: Double { ratio(truePositives, truePositives + falseNegatives) }
    public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
    public var yesRatio: Double { ratio(truePositives + falsePositives, count) }

    private func ratio(_ numerator: Int, _ denominator: Int) -> Double {
        denominator == 0 ? 0 : Double(numerator) / Double(denominator)
    }

    /// POPE's reading of a free-text reply: only the first sentence counts, commas dropped, and it
    /// is "no" when one of its space-separated words is "No", "no" or "not"; anything else is "yes".
    public static func isYes(_ response: String) -> Bool {
        let firstSentence = response.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let words = String(firstSentence).replacingOccurrences(",", with: "").split(separator: " ", omittingEmptySubsequences: false)
        return !words.contains { $0 == "No" || $0 == "no" || $0 == "not" }
    }

    /// Metrics per setting, settings in order of first appearance.
    public static func bySetting(_ probes: [(setting: String, response: String, labelYes: Bool)]) -> [(setting: String, metrics: POPEMetrics)] {
        var order: [String] = []
        var table: [String: POPEMetrics] = [:]
        for probe in probes {
            if table[probe.setting] == nil { order.append(probe.setting) }
            table[probe.setting, default: POPEMetrics()].add(predictedYes: isYes(probe.response), labelYes: probe.labelYes)
        }
        return order.map { ($0, table[$0]!) }
    }
}
