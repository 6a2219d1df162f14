// One training run as `mpo-train fit` performs it, as a library call: which examples the data
// artifact gives (SFT on a problems split, SFT on chosen responses, or a preference mix on pairs,
// by the artifact's kind), the reference log-probs, resuming from a checkpoint, held-out
// validation and checkpoints at their cadence, and the metrics log. The tool parses flags and
// shows progress; everything that decides what is trained lives here.
import Artifacts
import Foundation
import JSON
import Preference
import VisionLanguage

public struct TrainingJob {
    /// The model artifact to start from.
    public var model: String
    /// A problems or a pairs artifact.
    public var data: String
    /// The loss; `sftOnly` is `--loss sft` (plain SFT, which also reads problems artifacts).
    public var mix: LossMix
    public var sftOnly: Bool
    public var settings: TrainingSettings
    /// With problems data: the splits mixed, and which prompts their examples use.
    public var splits: [String] = ["sft"]
    /// With problems data: only these families (the records' `metadata.source`; nil: all).
    public var families: Set<String>?
    public var sftPrompts: TrainingData.SFTPrompts = .both
    /// With pairs data: the pair kinds kept (nil: all).
    public var pairKinds: [String]?
    /// The reference's log-probs: a reflogps artifact, else a reference model scored at start.
    public var reflogps: String?
    public var reference: String?
    /// Held-out pairs, their reference log-probs (else scored with `reference`), and the steps
    /// between evaluations (0: only at the end).
    public var validation: (pairs: String, reflogps: String?, every: Int)?
    /// Where and how often (in steps) to write a resumable checkpoint.
    public var checkpoint: (path: String, every: Int)?
    /// A checkpoint to continue from.
    public var resume: String?

    public init(model: String, data: String, mix: LossMix, sftOnly: Bool, settings: TrainingSettings) {
        self.model = model
        self.data = data
        self.mix = mix
        self.sftOnly = sftOnly
        self.settings = settings
    }

    /// Trains and returns the finished model artifact's writer (not yet written). `onStep` sees
    /// every step's report (for progress); `log` gets the lines worth telling the user.
    /// `tool`, `parameters` and `inputs` go into the manifests of the result and of checkpoints.
    public func run(
        tool: Manifest.Tool, parameters: JSONObject, inputs: [Manifest.Input],
        onStep: (Trainer.StepReport) -> Void, log: (String) -> Void
    ) throws -> ArtifactWriter {
        let policy = try ModelArtifact.load(path: resume ?? model)
        let side = policy.config.imageSize
        let trainer = Trainer(model: policy, settings: settings, decodeImage: { try ModelImage.decode($0, side: side) })
        var metrics: [JSONObject] = []
        if let resume {
            try checkSameRun(checkpoint: resume, parameters: parameters, inputs: inputs)
            let resumption = try Checkpoint.resumption(from: resume, for: policy)
            trainer.restore(resumption.state, firstMoments: resumption.firstMoments, secondMoments: resumption.secondMoments)
            metrics = resumption.metrics
            log("resuming at step \(resumption.state.step) from \(resume)")
        }
        let held = try validation.map { validation -> (pairs: [PairExample], reference: [ReferenceLogProbs], every: Int) in
            let pairs = try TrainingData.pairExamples(pairs: validation.pairs)
            guard let scores = try referenceLogProbs(of: pairs, reflogps: validation.reflogps) else {
                throw TrainingError("the held-out pairs \(validation.pairs) need their reference log-probs or a reference model")
            }
            return (pairs, scores, validation.every)
        }
        let report: (Trainer.StepReport) throws -> Void = { step in
            var stepMetrics = step.metrics
            if let held, step.step == step.totalSteps || (held.every > 0 && step.step % held.every == 0) {
                for (name, value) in try PreferenceValidation.metrics(
                    policy: policy, pairs: held.pairs, reference: held.reference, beta: mix.beta, batchSize: settings.batchSize,
                    decodeImage: { try ModelImage.decode($0, side: side) })
                { stepMetrics[name] = value }
            }
            metrics.append(stepMetrics)
            onStep(step)
            if let checkpoint, checkpoint.every > 0, step.step % checkpoint.every == 0, step.step < step.totalSteps {
                try Checkpoint.writer(
                    trainer: trainer, metrics: metrics, includeState: true, tool: tool, parameters: parameters,
                    inputs: inputs, stats: ["checkpoint_step": .integer(Int64(step.step))]
                )
                .write(to: .path(checkpoint.path))
            }
        }
        try train(trainer, report: report)
        return try Checkpoint.writer(
            trainer: trainer, metrics: metrics, includeState: false, tool: tool, parameters: parameters, inputs: inputs,
            stats: ["steps": .integer(Int64(trainer.optimizer.step))])
    }

    /// A checkpoint continues only the run that wrote it: the same settings and the same inputs
    /// (the checkpoint itself aside). Anything else would file a different run under this one's
    /// name, or resume an SFT run as an MPO run.
    private func checkSameRun(checkpoint: String, parameters: JSONObject, inputs: [Manifest.Input]) throws {
        let manifest = try ArtifactReader(path: checkpoint).manifest
        let differing = Set(parameters.keys).union(manifest.parameters.keys).sorted().filter { parameters[$0] != manifest.parameters[$0] }
        guard differing.isEmpty else {
            let what = differing.map {
                "\($0) \(manifest.parameters[$0].map(JSONWriter.canonical.string) ?? "unset") there, \(parameters[$0].map(JSONWriter.canonical.string) ?? "unset") here"
            }
            throw TrainingError(
                "\(checkpoint): a checkpoint of another run (\(what.joined(separator: "; "))); resume with the settings it was written with"
            )
        }
        let ours = inputs.filter { $0.role != "resume" }
        guard manifest.inputs.filter({ $0.role != "resume" }) == ours else {
            throw TrainingError(
                "\(checkpoint): a checkpoint of a run on other inputs (its \(manifest.inputs.map(\.role).joined(separator: ", ")) differ from this run's)"
            )
        }
    }

    /// The artifact kind of `data`: what the manifest of the result records as that input's kind.
    public var dataKind: String {
        get throws { try ArtifactReader(path: data).manifest.kind }
    }

    /// Dispatches on the data's kind: SFT on problems, SFT on chosen responses, or the mix on pairs.
    private func train(_ trainer: Trainer, report: (Trainer.StepReport) throws -> Void) throws {
        let kind = try dataKind
        switch kind {
        case "problems":
            guard sftOnly else {
                throw TrainingError("\(data): a problems artifact trains with --loss sft only; preference losses need a pairs artifact")
            }
            try trainer.fit(
                sft: try TrainingData.sftExamples(problems: data, splits: splits, families: families, prompts: sftPrompts), report: report)
        case "pairs" where families != nil:
            throw TrainingError("\(data): --families chooses problems of a problems artifact; this is a pairs artifact")
        case "pairs" where sftOnly:
            try trainer.fit(sft: try TrainingData.chosenExamples(pairs: data).filter { keeps($0.id) }, report: report)
        case "pairs":
            let all = try TrainingData.pairExamples(pairs: data)
            // The reference log-probs are checked against every pair of the artifact, then kept for the chosen kinds.
            let kept = all.indices.filter { keeps(all[$0].id) }
            guard !kept.isEmpty else {
                throw TrainingError(
                    all.isEmpty ? "\(data): holds no pairs" : "\(data): no pairs of the kinds \(pairKinds?.joined(separator: ",") ?? "")")
            }
            let reference = try referenceLogProbs(of: all, reflogps: reflogps).map { scores in kept.map { scores[$0] } }
            if reference == nil, mix.usesReference {
                throw TrainingError("--loss \(mix.description) compares against the reference model: pass --reflogps or --reference")
            }
            try trainer.fit(pairs: kept.map { all[$0] }, reference: reference, loss: mix, report: report)
        default:
            throw TrainingError("\(data): a '\(kind)' artifact; expected problems or pairs")
        }
    }

    /// The reference's log-probs of `pairs`: read from a reflogps artifact, else scored now with
    /// the reference model; nil when there is neither.
    private func referenceLogProbs(of pairs: [PairExample], reflogps: String?) throws -> [ReferenceLogProbs]? {
        if let reflogps {
            let (_, records) = try ArtifactReader.records(in: reflogps, kind: ReferenceScoring.kind)
            return try ReferenceScoring.parse(records, ids: pairs.map(\.id), file: reflogps)
        }
        guard let reference else { return nil }
        let model = try ModelArtifact.load(path: reference), side = model.config.imageSize
        return try ReferenceScoring.score(
            pairs, model: model, batchSize: settings.batchSize, decodeImage: { try ModelImage.decode($0, side: side) })
    }

    /// Whether a pair (id "kind:pid:…", as TrainingData.pairExamples names it) is of a kept kind.
    private func keeps(_ id: String) -> Bool {
        guard let pairKinds else { return true }
        return pairKinds.contains { id.hasPrefix("\($0):") }
    }
}
