// The optimisation settings of a run, with the paper's defaults (docs/method.md, "Training
// defaults"): AdamW (0.9, 0.999, 1e-8), weight decay 0.05 except norms and biases, linear warm-up
// then cosine decay, clip 1.0. The learning rate is the toy model's, not InternVL's 5e-6: a
// randomly initialised small model needs a much larger step (the recipe states the value it uses).
import JSON

public struct TrainingSettings: Sendable, Equatable {
    public var learningRate: Double = 1e-3
    public var minimumLearningRate: Double = 0
    /// Warm-up as a share of all steps (the paper says 5 %, InternVL's script 3 %:
    /// docs/method.md, "Warm-up ratio").
    public var warmupRatio: Double = 0.05
    public var weightDecay: Double = 0.05
    public var beta1: Double = 0.9
    public var beta2: Double = 0.999
    public var epsilon: Double = 1e-8
    public var clipNorm: Double = 1.0
    public var batchSize: Int = 8
    public var epochs: Int = 1
    /// Seeds the data order (one Philox stream per epoch).
    public var seed: UInt64 = 0
    /// Batches of examples of about the same length (DataOrder), so less compute goes to padding.
    public var groupByLength = false
    /// Save a checkpoint every this many steps (0: never).
    public var checkpointEvery: Int = 0

    public init() {}

    /// `group_by_length` appears only when on, so runs without it keep the bytes they had before
    /// the option existed.
    public var json: JSONObject {
        var json: JSONObject = [
            "learning_rate": .number(learningRate), "min_learning_rate": .number(minimumLearningRate),
            "warmup_ratio": .number(warmupRatio), "weight_decay": .number(weightDecay),
            "adam_beta1": .number(beta1), "adam_beta2": .number(beta2), "adam_epsilon": .number(epsilon),
            "max_grad_norm": .number(clipNorm), "batch_size": .integer(Int64(batchSize)), "epochs": .integer(Int64(epochs)),
            "seed": .integer(Int64(bitPattern: seed)), "checkpoint_every": .integer(Int64(checkpointEvery)),
        ]
        if groupByLength { json["group_by_length"] = true }
        return json
    }
}
