// What the losses need from a forward (docs/method.md, "Notation", "Generation term (SFT)"): per
// sequence the summed log-prob of the supervised tokens (response + <|im_end|>), their count and
// the mean NLL; backward by coefficients.
import TensorCore

/// Per-sequence results of one teacher-forced forward.
///   sums [B]  Σ_t mask[b,t]·log p(target[b,t]) — a Variable: seed `tape.backward(from: sums, seed:)`
///             with dLoss/dsum per sequence (−1/n for the SFT term, the DPO/BCO derivatives for pairs)
public struct SequenceLogProbs {
    public let sums: Variable
    public let counts: [Int]

    /// The sums as numbers.
    public var values: [Double] { sums.value.scalars.map(Double.init) }
    /// −sum / count per sequence (0 for a sequence with no supervised token).
    public var meanNLL: [Double] { zip(values, counts).map { $1 == 0 ? 0 : -$0 / Double($1) } }
}

extension VisionLanguageModel {
    /// One forward over a padded batch. Use `Tape(recording: false)` for the frozen reference model.
    ///   logits [B, T, V] → lp [B·T] = log p(target) (fused log-softmax + gather, fp32)
    ///   → sums [B] = lp [B, 1, T] · mask [B, T, 1] (masked positions contribute exact zeros).
    public func sequenceLogProbs(_ batch: SequenceBatch, tape: Tape) -> SequenceLogProbs {
        let (b, t) = (batch.count, batch.length)
        let logits = logits(batch, tape: tape)
        let lp = tape.logProbs(tape.reshape(logits, [b * t, config.vocabularySize]), targets: batch.targets)
        let sums = tape.matmul(tape.reshape(lp, [b, 1, t]), Variable(batch.mask.reshaped([b, t, 1])))
        return SequenceLogProbs(sums: tape.reshape(sums, [b]), counts: batch.counts)
    }
}
