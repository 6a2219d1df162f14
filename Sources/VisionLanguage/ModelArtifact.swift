// The model artifact (kind `model`): config.json, tokenizer.json, model.safetensors in that order;
// the config is also the safetensors `__metadata__["config"]`, so the weights file stands alone.
import Artifacts
import JSON
import TensorCore

public enum ModelArtifact {
    public static let kind = "model"
    public static let configEntry = "config.json"
    public static let tokenizerEntry = "tokenizer.json"
    public static let weightsEntry = "model.safetensors"

    /// Adds the three model entries, in order, to `writer` (a trainer may add more after them).
    public static func addEntries(of model: VisionLanguageModel, to writer: ArtifactWriter) throws {
        let config = JSONWriter.canonical.string(model.config.json)
        try writer.add(configEntry, bytes: Array(config.utf8) + [0x0A])
        try writer.add(tokenizerEntry, bytes: JSONWriter.canonical.bytes(model.tokenizer.json) + [0x0A])
        let weights = Safetensors(tensors: model.tensors, metadata: ["format": "pt", "config": config])
        try writer.add(weightsEntry, bytes: weights.encoded())
    }

    /// Summary statistics for the manifest.
    public static func stats(of model: VisionLanguageModel) -> JSONObject {
        [
            "parameter_count": .integer(Int64(model.parameterCount)), "preset": .string(model.config.name),
            "image_tokens": .integer(Int64(model.config.imageTokens)), "vocabulary_size": .integer(Int64(model.config.vocabularySize)),
        ]
    }

    /// Reads a model artifact ("-" for standard input). Every refusal names the file and entry.
    public static func load(path: String) throws -> VisionLanguageModel {
        let reader = try ArtifactReader(path: path)
        guard reader.manifest.kind == kind else {
            throw ArtifactError(file: reader.file, "is a \"\(reader.manifest.kind)\" artifact; expected a \"\(kind)\" artifact")
        }
        var config: ModelConfig?, tokenizer: Tokenizer?, weights: Safetensors?
        while let entry = try reader.nextEntry() {
            func fail(_ error: Error) -> ArtifactError { ArtifactError(file: reader.file, entry: entry.name, "\(error)") }
            switch entry.name {
            case configEntry:
                do { config = try ModelConfig(json: try JSONValue(parsing: try entry.readAll())) } catch { throw fail(error) }
            case tokenizerEntry:
                do { tokenizer = try Tokenizer(json: try JSONValue(parsing: try entry.readAll())) } catch { throw fail(error) }
            case weightsEntry:
                do { weights = try Safetensors.decode(try entry.readAll(), path: "\(reader.file):\(weightsEntry)") } catch {
                    throw fail(error)
                }
            default:
                continue  // a trainer's extra entries (optimiser state, metrics)
            }
        }
        guard let config, let tokenizer, let weights else {
            throw ArtifactError(file: reader.file, "lacks one of \(configEntry), \(tokenizerEntry), \(weightsEntry)")
        }
        guard weights.metadata["config"] == JSONWriter.canonical.string(config.json) else {
            throw ArtifactError(file: reader.file, entry: weightsEntry, "its __metadata__ config differs from \(configEntry)")
        }
        // A model with a NaN or an infinite weight answers nothing meaningful: refuse it by name
        // rather than sample, score or train from it.
        for name in weights.tensors.keys.sorted() {
            let tensor = weights.tensors[name]!
            if let index = (0..<tensor.count).first(where: { !tensor.pointer[$0].isFinite }) {
                throw ArtifactError(
                    file: reader.file, entry: weightsEntry,
                    "tensor \(name) holds \(tensor.pointer[index]) at element \(index): not a usable model")
            }
        }
        do {
            return try VisionLanguageModel(config: config, tokenizer: tokenizer, tensors: weights.tensors)
        } catch {
            throw ArtifactError(file: reader.file, entry: weightsEntry, "\(error)")
        }
    }
}
