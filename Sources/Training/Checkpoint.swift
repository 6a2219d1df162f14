// Checkpoints: a model artifact with the trainer's state after it — the AdamW moments
// (optimizer.safetensors), the step and BCO's δ (trainer_state.json), and the metrics so far —
// so a resumed run continues bit for bit. The final model is the same artifact without the state.
import Artifacts
import JSON
import TensorCore
import VisionLanguage

public enum Checkpoint {
    public static let optimizerEntry = "optimizer.safetensors"
    public static let stateEntry = "trainer_state.json"
    public static let metricsEntry = "metrics.jsonl"

    public struct State: Equatable, Sendable {
        public var step: Int
        public var deltaMean: Double
        public var deltaCount: Double

        var json: JSONValue {
            ["step": .integer(Int64(step)), "delta_mean": .number(deltaMean), "delta_count": .number(deltaCount)]
        }
    }

    /// The model (+ metrics.jsonl); with `includeState`, also what resuming needs.
    public static func writer(
        trainer: Trainer, metrics: [JSONObject], includeState: Bool, tool: Manifest.Tool, parameters: JSONObject,
        inputs: [Manifest.Input], stats: JSONObject
    ) throws -> ArtifactWriter {
        var allStats = ModelArtifact.stats(of: trainer.model)
        for (key, value) in stats { allStats[key] = value }
        let writer = ArtifactWriter(
            kind: ModelArtifact.kind, tool: tool, parameters: parameters, inputs: inputs,
            environment: ["blas_core": .string(ComputeThreads.openBLASCoreName)], stats: allStats)
        try ModelArtifact.addEntries(of: trainer.model, to: writer)
        if includeState {
            var moments: [String: Tensor] = [:]
            for (index, parameter) in trainer.optimizer.parameters.enumerated() {
                moments["m.\(parameter.name)"] = trainer.optimizer.firstMoments[index]
                moments["v.\(parameter.name)"] = trainer.optimizer.secondMoments[index]
            }
            try writer.add(optimizerEntry, bytes: Safetensors(tensors: moments).encoded())
            let state = State(step: trainer.optimizer.step, deltaMean: trainer.shift.mean, deltaCount: trainer.shift.count)
            try writer.add(stateEntry, bytes: JSONWriter.canonical.bytes(state.json) + [0x0A])
        }
        try writer.add(metricsEntry, bytes: JSONLines.encode(metrics.map(JSONValue.object)))
        return writer
    }

    /// What a checkpoint holds besides the model.
    public struct Resumption {
        public var state: State
        public var firstMoments: [Tensor]
        public var secondMoments: [Tensor]
        public var metrics: [JSONObject]
    }

    /// Reads the trainer state of a checkpoint written for `model`'s parameters.
    public static func resumption(from path: String, for model: VisionLanguageModel) throws -> Resumption {
        let (_, entries) = try ArtifactReader.entries(in: path) { [optimizerEntry, stateEntry, metricsEntry].contains($0) }
        func entry(_ name: String) throws -> [UInt8] {
            guard let bytes = entries[name] else {
                throw ArtifactError(file: path, entry: name, "missing: not a checkpoint (write one with --checkpoint-every)")
            }
            return bytes
        }
        let state = try JSONValue(parsing: try entry(stateEntry))
        guard let step = state["step"]?.integerValue, let mean = state["delta_mean"]?.doubleValue,
            let count = state["delta_count"]?.doubleValue
        else {
            throw ArtifactError(file: path, entry: stateEntry, "expected step, delta_mean and delta_count")
        }
        let moments = try Safetensors.decode(try entry(optimizerEntry), path: "\(path):\(optimizerEntry)").tensors
        var first: [Tensor] = [], second: [Tensor] = []
        for parameter in model.parameters {
            guard let m = moments["m.\(parameter.name)"], let v = moments["v.\(parameter.name)"], m.shape == parameter.shape,
                v.shape == parameter.shape
            else {
                throw ArtifactError(file: path, entry: optimizerEntry, "no moments of shape \(parameter.shape) for \(parameter.name)")
            }
            first.append(m)
            second.append(v)
        }
        let metrics = try JSONLines.decode(try entry(metricsEntry), file: path, entry: metricsEntry).compactMap(\.objectValue)
        return Resumption(
            state: State(step: Int(step), deltaMean: mean, deltaCount: count), firstMoments: first, secondMoments: second, metrics: metrics)
    }
}
