// Alignment via optimal transport (TRL `aot` and `aot_pair`, docs/method.md, "Other preference
// losses"): the sigmoid loss on differences of batch-sorted quantities, so the unit is the
// micro-batch.
//   paired:   Δ_i = sort(Lc − Lr)_i − sort(Rc − Rr)_i
//   unpaired: Δ_i = sort(ρc)_i − sort(ρr)_i
//   L_i = −(1−ε)·log σ(βΔ_i) − ε·log σ(−βΔ_i)
// Loss i belongs to sorted position i; its gradient goes back to the pairs sorted into that place.

public struct AOTLoss: PreferenceLoss {
    public enum Pairing: Sendable { case paired, unpaired }
    public var pairing: Pairing
    public var labelSmoothing: Double
    public init(_ pairing: Pairing, labelSmoothing: Double = 0) {
        self.pairing = pairing
        self.labelSmoothing = labelSmoothing
    }

    public func evaluate(_ pairs: [PairLogProbs], beta: Double) -> [LossAndGradient] {
        // Each sorted sequence is (value, index of the pair it came from) — ties by index, so the
        // order, and with it every bit, is the same on every run.
        func sortedWithOrigin(_ values: [Double]) -> [(value: Double, origin: Int)] {
            values.enumerated().map { ($0.element, $0.offset) }.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
        }
        let (plus, minus, policyInBoth): ([(value: Double, origin: Int)], [(value: Double, origin: Int)], Bool)
        switch pairing {
        case .paired:
            plus = sortedWithOrigin(pairs.map { $0.policyChosen - $0.policyRejected })
            minus = sortedWithOrigin(pairs.map { $0.referenceChosen - $0.referenceRejected })
            policyInBoth = false
        case .unpaired:
            plus = sortedWithOrigin(pairs.map(\.chosenLogRatio))
            minus = sortedWithOrigin(pairs.map(\.rejectedLogRatio))
            policyInBoth = true
        }
        var results = [LossAndGradient](repeating: LossAndGradient(value: 0, dPolicyChosen: 0, dPolicyRejected: 0), count: pairs.count)
        let epsilon = labelSmoothing
        for position in pairs.indices {
            let z = beta * (plus[position].value - minus[position].value)
            results[position].value = -(1 - epsilon) * logSigmoid(z) - epsilon * logSigmoid(-z)
            let dDelta = beta * (-(1 - epsilon) * sigmoid(-z) + epsilon * sigmoid(z))
            // paired: Δ rises with Lc − Lr of the pair at plus[position];
            // unpaired: with ρc of plus[position] and falls with ρr of minus[position].
            results[plus[position].origin].dPolicyChosen += dDelta
            if policyInBoth {
                results[minus[position].origin].dPolicyRejected -= dDelta
            } else {
                results[plus[position].origin].dPolicyRejected -= dDelta
            }
        }
        return results
    }
}
