// `mpo-train fit --val PAIRS` (docs/method.md, "Training metrics"): TRL's preference metrics on
// held-out pairs, under the `eval/` prefix. The policy's summed log-probs come from the same
// no-grad forward that scores the reference, so held-out and reference numbers are computed the
// same way.
import JSON
import TensorCore
import VisionLanguage

public enum PreferenceValidation {
    public static func metrics(
        policy: VisionLanguageModel, pairs: [PairExample], reference: [ReferenceLogProbs], beta: Double, batchSize: Int,
        decodeImage: ([UInt8]) throws -> Tensor
    ) throws -> JSONObject {
        let scores = try ReferenceScoring.score(pairs, model: policy, batchSize: batchSize, decodeImage: decodeImage)
        let pairLogProbs = zip(scores, reference).map { policy, reference in
            PairLogProbs(
                policyChosen: policy.chosen, policyRejected: policy.rejected, referenceChosen: reference.chosen,
                referenceRejected: reference.rejected, chosenTokens: policy.chosenTokens, rejectedTokens: policy.rejectedTokens)
        }
        let metrics = PreferenceMetrics(pairLogProbs, beta: beta)
        return [
            "eval/rewards/chosen": .number(metrics.rewardsChosen), "eval/rewards/rejected": .number(metrics.rewardsRejected),
            "eval/rewards/accuracies": .number(metrics.rewardsAccuracy), "eval/rewards/margins": .number(metrics.rewardsMargin),
            "eval/logps/chosen": .number(metrics.logpsChosen), "eval/logps/rejected": .number(metrics.logpsRejected),
        ]
    }
}
