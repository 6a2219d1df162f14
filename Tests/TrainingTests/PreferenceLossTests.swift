import Foundation
import XCTest
@testable import Training

/// Every loss against its formula written out here, naively, in Double (docs/method.md, "Losses"),
/// and every gradient against central finite differences of the loss itself.
final class PreferenceLossTests: XCTestCase {
    private let beta = 0.1
    private func σ(_ z: Double) -> Double { 1 / (1 + exp(-z)) }

    /// Pairs with log-probs of realistic size (sums over tens of tokens) and both signs of h.
    private let pairs: [PairLogProbs] = [
        PairLogProbs(
            policyChosen: -20.5, policyRejected: -31.0, referenceChosen: -22.0, referenceRejected: -29.5, chosenTokens: 17,
            rejectedTokens: 23),
        PairLogProbs(
            policyChosen: -41.25, policyRejected: -12.0, referenceChosen: -39.0, referenceRejected: -15.5, chosenTokens: 40,
            rejectedTokens: 9),
        PairLogProbs(
            policyChosen: -3.0, policyRejected: -3.5, referenceChosen: -3.0, referenceRejected: -3.5, chosenTokens: 3, rejectedTokens: 1),
        PairLogProbs(
            policyChosen: -15.0, policyRejected: -60.0, referenceChosen: -18.0, referenceRejected: -50.0, chosenTokens: 12,
            rejectedTokens: 44),
    ]

    /// (loss, the formula restated for one pair) — the reference values.
    private func references(smoothing ε: Double) -> [(String, any PairwiseLoss, (PairLogProbs) -> Double)] {
        let β = beta
        func h(_ p: PairLogProbs) -> Double { (p.policyChosen - p.referenceChosen) - (p.policyRejected - p.referenceRejected) }
        func ρc(_ p: PairLogProbs) -> Double { p.policyChosen - p.referenceChosen }
        func ρr(_ p: PairLogProbs) -> Double { p.policyRejected - p.referenceRejected }
        return [
            ("sigmoid", SigmoidLoss(labelSmoothing: ε), { p in -(1 - ε) * log(self.σ(β * h(p))) - ε * log(self.σ(-β * h(p))) }),
            (
                "robust", RobustLoss(labelSmoothing: ε),
                { p in (-(1 - ε) * log(self.σ(β * h(p))) + ε * log(self.σ(-β * h(p)))) / (1 - 2 * ε) }
            ),
            ("hinge", HingeLoss(), { p in max(0, 1 - β * h(p)) }),
            (
                "ipo (sole loss)", IPOLoss(lengthNormalized: true),
                { p in
                    let hbar = ρc(p) / Double(p.chosenTokens) - ρr(p) / Double(p.rejectedTokens)
                    return (hbar - 1 / (2 * β)) * (hbar - 1 / (2 * β))
                }
            ),
            ("ipo (in a mix)", IPOLoss(lengthNormalized: false), { p in (h(p) - 1 / (2 * β)) * (h(p) - 1 / (2 * β)) }),
            (
                "exo_pair", EXOPairLoss(labelSmoothing: ε),
                { p in
                    let e = ε == 0 ? 1e-3 : ε
                    let z = β * h(p)
                    return self.σ(z) * (log(self.σ(z)) - log(1 - e)) + self.σ(-z) * (log(self.σ(-z)) - log(e))
                }
            ),
            ("bco_pair δ=0.37", BCOPairLoss(delta: 0.37), { p in -log(self.σ(β * ρc(p) - 0.37)) - log(self.σ(-(β * ρr(p) - 0.37))) }),
            ("sppo_hard", SPPOHardLoss(), { p in pow(ρc(p) - 1 / (2 * β), 2) + pow(ρr(p) + 1 / (2 * β), 2) }),
            ("nca_pair", NCAPairLoss(), { p in -log(self.σ(β * ρc(p))) - 0.5 * log(self.σ(-β * ρc(p))) - 0.5 * log(self.σ(-β * ρr(p))) }),
            ("apo_zero", APOLoss(.zero), { p in (1 - self.σ(β * ρc(p))) + self.σ(β * ρr(p)) }),
            ("apo_down", APOLoss(.down), { p in self.σ(β * ρc(p)) + (1 - self.σ(β * h(p))) }),
            (
                "discopop", DiscoPOPLoss(tau: 0.05),
                { p in
                    let z = β * h(p)
                    let m = self.σ(z / 0.05)
                    return (1 - m) * -log(self.σ(z)) + m * exp(-z)
                }
            ),
            (
                "orpo", ORPOLoss(),
                { p in
                    let c = p.policyChosen / Double(p.chosenTokens), r = p.policyRejected / Double(p.rejectedTokens)
                    let logOdds = (c - r) - (log(1 - exp(c)) - log(1 - exp(r)))
                    return -β * log(self.σ(logOdds))
                }
            ),
            ("sft", SFTLoss(), { p in -p.policyChosen / Double(p.chosenTokens) }),
        ]
    }

    func testEachLossMatchesItsFormula() {
        for ε in [0.0, 0.2] {
            for (name, loss, formula) in references(smoothing: ε) {
                for (index, pair) in pairs.enumerated() {
                    let expected = formula(pair)
                    let actual = loss.evaluate(pair, beta: beta).value
                    XCTAssertEqual(actual, expected, accuracy: 1e-12 * max(1, abs(expected)), "\(name) ε=\(ε) pair \(index)")
                }
            }
        }
    }

    func testEachGradientMatchesFiniteDifferences() {
        let step = 1e-5
        for (name, loss, _) in references(smoothing: 0.1) {
            for (index, pair) in pairs.enumerated() {
                let analytic = loss.evaluate(pair, beta: beta)
                var up = pair, down = pair
                up.policyChosen += step
                down.policyChosen -= step
                let numericChosen = (loss.evaluate(up, beta: beta).value - loss.evaluate(down, beta: beta).value) / (2 * step)
                up = pair
                down = pair
                up.policyRejected += step
                down.policyRejected -= step
                let numericRejected = (loss.evaluate(up, beta: beta).value - loss.evaluate(down, beta: beta).value) / (2 * step)
                XCTAssertEqual(
                    analytic.dPolicyChosen, numericChosen, accuracy: 1e-6 + 1e-5 * abs(numericChosen), "\(name) pair \(index) ∂/∂Lc")
                XCTAssertEqual(
                    analytic.dPolicyRejected, numericRejected, accuracy: 1e-6 + 1e-5 * abs(numericRejected), "\(name) pair \(index) ∂/∂Lr")
            }
        }
    }

    /// AOT sorts across the batch: values from the formula over sorted vectors, gradients by
    /// finite differences of the whole batch's summed loss.
    func testAOTVariantsAgainstSortedFormulaAndFiniteDifferences() {
        for pairing in [AOTLoss.Pairing.paired, .unpaired] {
            let loss = AOTLoss(pairing, labelSmoothing: 0.1)
            let (plus, minus): ([Double], [Double])
            switch pairing {
            case .paired:
                plus = pairs.map { $0.policyChosen - $0.policyRejected }.sorted()
                minus = pairs.map { $0.referenceChosen - $0.referenceRejected }.sorted()
            case .unpaired:
                plus = pairs.map { $0.policyChosen - $0.referenceChosen }.sorted()
                minus = pairs.map { $0.policyRejected - $0.referenceRejected }.sorted()
            }
            let results = loss.evaluate(pairs, beta: beta)
            for position in pairs.indices {
                let z = beta * (plus[position] - minus[position])
                XCTAssertEqual(results[position].value, -0.9 * log(σ(z)) - 0.1 * log(σ(-z)), accuracy: 1e-12)
            }
            func total(_ batch: [PairLogProbs]) -> Double { loss.evaluate(batch, beta: beta).reduce(0) { $0 + $1.value } }
            let step = 1e-5
            for index in pairs.indices {
                for chosen in [true, false] {
                    var up = pairs, down = pairs
                    if chosen {
                        up[index].policyChosen += step; down[index].policyChosen -= step
                    } else {
                        up[index].policyRejected += step; down[index].policyRejected -= step
                    }
                    let numeric = (total(up) - total(down)) / (2 * step)
                    let analytic = chosen ? results[index].dPolicyChosen : results[index].dPolicyRejected
                    XCTAssertEqual(analytic, numeric, accuracy: 1e-7, "\(pairing) pair \(index) chosen=\(chosen)")
                }
            }
        }
    }

    /// docs/method.md, "Step-0 check": with policy = reference, ρ = 0 and δ = 0, so
    /// L = 0.8·ln 2 + 0.2·2 ln 2 + NLL.
    func testStepZeroOfMPOIsOnePointTwoLn2PlusNLL() throws {
        let same = pairs.map {
            PairLogProbs(
                policyChosen: $0.referenceChosen, policyRejected: $0.referenceRejected, referenceChosen: $0.referenceChosen,
                referenceRejected: $0.referenceRejected, chosenTokens: $0.chosenTokens, rejectedTokens: $0.rejectedTokens)
        }
        var shift = RewardShift()
        let result = try LossMix.mpo.evaluate(same, shift: &shift)
        let nll = same.map { -$0.policyChosen / Double($0.chosenTokens) }.reduce(0, +) / Double(same.count)
        XCTAssertEqual(result.loss, 1.2 * log(2.0) + nll, accuracy: 1e-12)
        XCTAssertEqual(result.delta, 0)
    }

    /// δ is the cumulative mean of batch-mean rewards over chosen and rejected together.
    func testRewardShiftIsTheCumulativeMeanOfBatchMeans() {
        var shift = RewardShift()
        var batchMeans: [Double] = []
        for batch in [Array(pairs[0..<2]), Array(pairs[2..<3]), pairs, Array(pairs[1..<4])] {
            shift.update(with: batch, beta: beta)
            let rewards = batch.flatMap {
                [beta * ($0.policyChosen - $0.referenceChosen), beta * ($0.policyRejected - $0.referenceRejected)]
            }
            batchMeans.append(rewards.reduce(0, +) / Double(rewards.count))
            XCTAssertEqual(shift.mean, batchMeans.reduce(0, +) / Double(batchMeans.count), accuracy: 1e-12)
        }
    }

    func testSigmoidAloneIsDPOAndMPOIsTheWeightedSumOfItsTerms() throws {
        var unused = RewardShift()
        let dpo = try LossMix(parsing: "sigmoid=1").evaluate(pairs, shift: &unused)
        let expectedDPO = pairs.map { SigmoidLoss().evaluate($0, beta: beta).value }.reduce(0, +) / Double(pairs.count)
        XCTAssertEqual(dpo.loss, expectedDPO, accuracy: 1e-12)

        var shift = RewardShift()
        let mpo = try LossMix(parsing: "mpo").evaluate(pairs, shift: &shift)
        var separate = RewardShift()
        separate.update(with: pairs, beta: beta)
        func mean(_ loss: any PairwiseLoss) -> Double {
            pairs.map { loss.evaluate($0, beta: beta).value }.reduce(0, +) / Double(pairs.count)
        }
        let expected = 0.8 * mean(SigmoidLoss()) + 0.2 * mean(BCOPairLoss(delta: separate.mean)) + 1.0 * mean(SFTLoss())
        XCTAssertEqual(mpo.loss, expected, accuracy: 1e-12)
        XCTAssertEqual(mpo.terms.keys.sorted(), ["bco_pair", "sft", "sigmoid"])
        XCTAssertEqual(try LossMix(parsing: "sigmoid=0.8,bco_pair=0.2,sft=1.0"), LossMix.mpo)
    }

    func testMixRefusals() {
        XCTAssertThrowsError(try LossMix(parsing: "sigmod=1")) { XCTAssertTrue("\($0)".contains("unknown loss 'sigmod'")) }
        XCTAssertThrowsError(try LossMix(parsing: "sigmoid=x")) { XCTAssertTrue("\($0)".contains("weight 'x'")) }
        XCTAssertThrowsError(try LossMix(parsing: "sft,sft")) { XCTAssertTrue("\($0)".contains("listed twice")) }
        var shift = RewardShift()
        var broken = pairs
        broken[1].policyChosen = .nan
        XCTAssertThrowsError(try LossMix.mpo.evaluate(broken, shift: &shift)) { error in
            XCTAssertTrue("\(error)".contains("'sigmoid'"), "\(error)")
        }
    }

    func testMetricsAreTRLs() {
        let metrics = PreferenceMetrics(pairs, beta: beta)
        let chosen = pairs.map { beta * ($0.policyChosen - $0.referenceChosen) }
        let rejected = pairs.map { beta * ($0.policyRejected - $0.referenceRejected) }
        XCTAssertEqual(metrics.rewardsChosen, chosen.reduce(0, +) / 4, accuracy: 1e-12)
        XCTAssertEqual(metrics.rewardsRejected, rejected.reduce(0, +) / 4, accuracy: 1e-12)
        XCTAssertEqual(metrics.rewardsAccuracy, Double(zip(chosen, rejected).filter { $0 > $1 }.count) / 4)
        XCTAssertEqual(metrics.rewardsMargin, zip(chosen, rejected).map { $0 - $1 }.reduce(0, +) / 4, accuracy: 1e-12)
    }
}
