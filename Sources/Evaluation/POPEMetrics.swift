// POPE hallucination metrics for yes/no object probes: accuracy, precision, recall, F1 and the
import Foundation
import Answers
// yes-ratio, per negative-sampling setting (random, popular, adversarial), as POPE's evaluation
// reports them — except that a reply that says neither yes nor no is counted as unparseable, not
// as yes: POPE's script reads anything without "no" as yes, so a model that answers "1" or
// babbles would score the F1 of always saying yes (66.7) and look like it hallucinates.

/// Metrics with "yes" (the object is present) as the positive class.
public struct POPEMetrics: Sendable, Equatable {
    public var truePositives = 0
    public var falsePositives = 0
    public var trueNegatives = 0
    public var falseNegatives = 0
    /// Replies that said neither yes nor no, by label: wrong for accuracy, a miss for recall.
    public var unparseableYes = 0
    public var unparseableNo = 0

    public init() {}

    /// What a reply says.
    public enum Reading: Sendable, Equatable { case yes, no, unparseable }

    /// One probe: the model's reading against the label.
    public mutating func add(_ reading: Reading, labelYes: Bool) {
        switch (reading, labelYes) {
        case (.yes, true): truePositives += 1
        case (.yes, false): falsePositives += 1
        case (.no, false): trueNegatives += 1
        case (.no, true): falseNegatives += 1
        case (.unparseable, true): unparseableYes += 1
        case (.unparseable, false): unparseableNo += 1
        }
    }

    public var unparseable: Int { unparseableYes + unparseableNo }
    public var count: Int { truePositives + falsePositives + trueNegatives + falseNegatives + unparseable }
    // Empty denominators give 0, as POPE's script would divide by zero there.
    public var accuracy: Double { ratio(truePositives + trueNegatives, count) }
    public var precision: Double { ratio(truePositives, truePositives + falsePositives) }
    /// Of the probes whose object is there, the share answered yes (an unparseable reply is a miss).
    public var recall: Double { ratio(truePositives, truePositives + falseNegatives + unparseableYes) }
    public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
    public var yesRatio: Double { ratio(truePositives + falsePositives, count) }

    private func ratio(_ numerator: Int, _ denominator: Int) -> Double {
        denominator == 0 ? 0 : Double(numerator) / Double(denominator)
    }

    /// POPE's reading of a free-text reply, made strict: only the first sentence counts, commas
    /// dropped; it is "no" when one of its space-separated words is "No", "no" or "not" (POPE's
    /// rule), "yes" when one is yes in any case or it opens with "There is"/"There are", and
    /// unparseable otherwise (where POPE would say yes).
    public static func read(_ response: String) -> Reading {
        let firstSentence = response.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let cleaned = String(firstSentence).replacingOccurrences(of: ",", with: "")
        let words = cleaned.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
        if words.contains(where: { $0 == "No" || $0 == "no" || $0 == "not" }) { return .no }
        if words.contains(where: { $0.lowercased() == "yes" }) { return .yes }
        let opening = words.prefix(2).joined(separator: " ").lowercased()
        return opening == "there is" || opening == "there are" ? .yes : .unparseable
    }

    /// Metrics per setting, settings in order of first appearance.
    public static func bySetting(_ probes: [(setting: String, response: String, labelYes: Bool)]) -> [(
        setting: String, metrics: POPEMetrics
    )] {
        var order: [String] = []
        var table: [String: POPEMetrics] = [:]
        for probe in probes {
            if table[probe.setting] == nil { order.append(probe.setting) }
            table[probe.setting, default: POPEMetrics()].add(read(probe.response), labelYes: probe.labelYes)
        }
        return order.map { ($0, table[$0]!) }
    }
}
