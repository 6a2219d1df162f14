// A weighted mix of loss terms, the way InternVL's MPO trainer combines them
// (docs/method.md, "The MPO mix"):
//   L = mean over pairs of Σ_k w_k·L_k,   `mpo` = sigmoid 0.8 + bco_pair 0.2 + sft 1.0, β = 0.1.
// Also the TRL-style metrics of a batch (rewards are plain β·ρ, not weight-summed: docs/method.md,
// "Rewards are not the loss").
import Foundation

public enum LossName: String, CaseIterable, Sendable {
    case sft, sigmoid, robust, hinge, ipo
    case exoPair = "exo_pair", bcoPair = "bco_pair", sppoHard = "sppo_hard", ncaPair = "nca_pair"
    case aot, aotPair = "aot_pair", apoZero = "apo_zero", apoDown = "apo_down", discopop, orpo

    /// Whether the term needs the frozen reference model's log-probs.
    public var usesReference: Bool { self != .sft && self != .orpo }
}

public struct LossMix: Sendable, Equatable {
    public var terms: [(name: LossName, weight: Double)]
    public var beta: Double
    public var labelSmoothing: Double
    public var discopopTau: Double

    public static func == (lhs: LossMix, rhs: LossMix) -> Bool {
        lhs.terms.map(\.name) == rhs.terms.map(\.name) && lhs.terms.map(\.weight) == rhs.terms.map(\.weight)
            && lhs.beta == rhs.beta && lhs.labelSmoothing == rhs.labelSmoothing && lhs.discopopTau == rhs.discopopTau
    }

    /// The paper's mix.
    public static let mpo = LossMix(terms: [(.sigmoid, 0.8), (.bcoPair, 0.2), (.sft, 1.0)])

    public init(terms: [(name: LossName, weight: Double)], beta: Double = 0.1, labelSmoothing: Double = 0, discopopTau: Double = 0.05) {
        self.terms = terms
        self.beta = beta
        self.labelSmoothing = labelSmoothing
        self.discopopTau = discopopTau
    }

    /// Parses `mpo`, a single name (`sigmoid`), or a weighted list (`sigmoid=0.8,bco_pair=0.2,sft=1`);
    /// a name without `=w` has weight 1, as in InternVL.
    public init(parsing text: String, beta: Double = 0.1, labelSmoothing: Double = 0, discopopTau: Double = 0.05) throws {
        if text == "mpo" {
            self = .mpo
            self.beta = beta
            self.labelSmoothing = labelSmoothing
            self.discopopTau = discopopTau
            return
        }
        var terms: [(name: LossName, weight: Double)] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard let name = LossName(rawValue: parts[0]) else {
                throw LossMixError(
                    "unknown loss '\(parts[0])' in '\(text)'; known: mpo, \(LossName.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            // A zero weight would train on nothing that term names; leave the term out instead.
            let weight = parts.count == 2 ? Double(parts[1]) : 1
            guard let weight, weight.isFinite, weight > 0 else {
                throw LossMixError("loss '\(parts[0])': weight '\(parts[1])' is not a positive number")
            }
            guard !terms.contains(where: { $0.name == name }) else {
                throw LossMixError("loss '\(name.rawValue)' is listed twice in '\(text)'")
            }
            terms.append((name, weight))
        }
        if labelSmoothing != 0, terms.contains(where: { $0.name == .robust }), !(labelSmoothing < 0.5) {
            throw LossMixError("robust needs label smoothing in [0, 0.5), got \(labelSmoothing)")
        }
        self.init(terms: terms, beta: beta, labelSmoothing: labelSmoothing, discopopTau: discopopTau)
    }

    /// The canonical text of the mix, e.g. `sigmoid=0.8,bco_pair=0.2,sft=1.0`.
    public var description: String { terms.map { "\($0.name.rawValue)=\($0.weight)" }.joined(separator: ",") }

    public var usesReference: Bool { terms.contains { $0.name.usesReference } }

    /// The loss object of one term; `delta` is BCO's shift for this micro-batch.
    func loss(_ name: LossName, delta: Double) -> any PreferenceLoss {
        switch name {
        case .sft: return SFTLoss()
        case .sigmoid: return SigmoidLoss(labelSmoothing: labelSmoothing)
        case .robust: return RobustLoss(labelSmoothing: labelSmoothing)
        case .hinge: return HingeLoss()
        // InternVL normalises IPO by length only when it is the sole loss (docs/method.md,
        // "IPO length normalisation").
        case .ipo: return IPOLoss(lengthNormalized: terms.count == 1)
        case .exoPair: return EXOPairLoss(labelSmoothing: labelSmoothing)
        case .bcoPair: return BCOPairLoss(delta: delta)
        case .sppoHard: return SPPOHardLoss()
        case .ncaPair: return NCAPairLoss()
        case .aot: return AOTLoss(.paired, labelSmoothing: labelSmoothing)
        case .aotPair: return AOTLoss(.unpaired, labelSmoothing: labelSmoothing)
        case .apoZero: return APOLoss(.zero)
        case .apoDown: return APOLoss(.down)
        case .discopop: return DiscoPOPLoss(tau: discopopTau)
        case .orpo: return ORPOLoss()
        }
    }

    /// Evaluates the mix on one micro-batch. Updates δ first when BCO is in the mix
    /// (docs/method.md, "BCO pair and δ").
    /// Gradients are of the batch loss (the mean over pairs) with respect to each pair's Lc, Lr.
    public func evaluate(_ pairs: [PairLogProbs], shift: inout RewardShift) throws -> MixResult {
        precondition(!pairs.isEmpty, "LossMix.evaluate: empty batch")
        if terms.contains(where: { $0.name == .bcoPair }) { shift.update(with: pairs, beta: beta) }
        let count = Double(pairs.count)
        var result = MixResult(
            loss: 0, terms: [:], dPolicyChosen: Array(repeating: 0, count: pairs.count),
            dPolicyRejected: Array(repeating: 0, count: pairs.count), delta: shift.mean)
        for (name, weight) in terms {
            let perPair = loss(name, delta: shift.mean).evaluate(pairs, beta: beta)
            let mean = perPair.reduce(0) { $0 + $1.value } / count
            guard mean.isFinite, perPair.allSatisfy({ $0.dPolicyChosen.isFinite && $0.dPolicyRejected.isFinite }) else {
                throw NonFiniteLoss(term: name.rawValue, value: mean)
            }
            result.terms[name.rawValue] = mean
            result.loss += weight * mean
            for index in pairs.indices {
                result.dPolicyChosen[index] += weight * perPair[index].dPolicyChosen / count
                result.dPolicyRejected[index] += weight * perPair[index].dPolicyRejected / count
            }
        }
        return result
    }
}

/// The value and gradients of a mix on one micro-batch.
public struct MixResult: Sendable, Equatable {
    public var loss: Double
    /// Each term's mean over the batch, by TRL name, before weighting.
    public var terms: [String: Double]
    public var dPolicyChosen: [Double]
    public var dPolicyRejected: [Double]
    /// δ after this batch's update (0 when BCO is not in the mix).
    public var delta: Double
}

public struct LossMixError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// A term went NaN or infinite; the trainer names the step and stops without saving.
public struct NonFiniteLoss: Error, CustomStringConvertible {
    public let term: String
    public let value: Double
    public var description: String { "loss term '\(term)' is \(value) (not finite)" }
}
