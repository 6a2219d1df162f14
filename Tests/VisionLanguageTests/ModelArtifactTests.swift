// The model artifact: save → load gives identical logits, the same seed gives the same bytes, and
// a config that does not fit the tensors is refused naming the tensor and both shapes.
import XCTest
import Artifacts
import JSON
import TensorCore
@testable import VisionLanguage

final class ModelArtifactTests: XCTestCase {
    var directory: String!

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "vl-artifact-\(getpid())-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: directory) }

    func save(_ model: VisionLanguageModel, _ name: String) throws -> String {
        let path = directory + "/" + name
        let writer = ArtifactWriter(
            kind: ModelArtifact.kind, tool: .init(name: "test", version: "0"), stats: ModelArtifact.stats(of: model))
        try ModelArtifact.addEntries(of: model, to: writer)
        try writer.write(to: ArtifactDestination(path))
        return path
    }

    func testRoundTripGivesIdenticalLogits() throws {
        let model = try ModelFixtures.tinyModel()
        let loaded = try ModelArtifact.load(path: try save(model, "m.mmpr"))
        XCTAssertEqual(loaded.config, model.config)
        XCTAssertEqual(loaded.parameters.map(\.name), model.parameters.map(\.name))
        let sequence = try model.template.example(question: "Q?", response: "An answer.", withImage: true)
        let batch = try SequenceBatch(sequences: [sequence], images: [ModelFixtures.noiseImage(seed: 3)])
        let a = model.logits(batch, tape: Tape(recording: false)).value, b = loaded.logits(batch, tape: Tape(recording: false)).value
        XCTAssertTrue(a.bitwiseEqual(b))
    }

    func testSameSeedSameBytes() throws {
        let config = ModelConfig.preset("tiny")!
        let first = try save(try VisionLanguageModel(config: config, seed: 42), "a.mmpr")
        let second = try save(try VisionLanguageModel(config: config, seed: 42), "b.mmpr")
        let third = try save(try VisionLanguageModel(config: config, seed: 43), "c.mmpr")
        XCTAssertEqual(try ContentHash.ofFile(first), try ContentHash.ofFile(second))
        XCTAssertNotEqual(try ContentHash.ofFile(first), try ContentHash.ofFile(third))
    }

    func testConfigThatDoesNotFitTheTensorsIsRefused() throws {
        let model = try VisionLanguageModel(config: ModelConfig.preset("tiny")!, seed: 1)
        var wrong = model.config
        wrong.llmMLPHidden = 100
        // An artifact whose config (both copies) says 100 while the tensors were made for 172.
        let path = directory + "/wrong.mmpr"
        let writer = ArtifactWriter(kind: ModelArtifact.kind, tool: .init(name: "test", version: "0"))
        let text = JSONWriter.canonical.string(wrong.json)
        try writer.add(ModelArtifact.configEntry, bytes: Array(text.utf8) + [0x0A])
        try writer.add(ModelArtifact.tokenizerEntry, bytes: JSONWriter.canonical.bytes(model.tokenizer.json))
        try writer.add(ModelArtifact.weightsEntry, bytes: Safetensors(tensors: model.tensors, metadata: ["config": text]).encoded())
        try writer.write(to: ArtifactDestination(path))
        XCTAssertThrowsError(try ModelArtifact.load(path: path)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("llm.layers.0.mlp.gate.weight"), message)
            XCTAssertTrue(message.contains("[172, 64]") && message.contains("[100, 64]"), message)
            XCTAssertTrue(message.contains(path), message)
        }
    }

    func testExtraAndMissingTensorsAreRefused() throws {
        let model = try VisionLanguageModel(config: ModelConfig.preset("tiny")!, seed: 1)
        var tensors = model.tensors
        tensors["llm.extra"] = Tensor(zeros: [2])
        XCTAssertThrowsError(try VisionLanguageModel(config: model.config, tokenizer: model.tokenizer, tensors: tensors)) {
            XCTAssertTrue("\($0)".contains("llm.extra"), "\($0)")
        }
        tensors = model.tensors
        tensors["llm.head.weight"] = nil
        XCTAssertThrowsError(try VisionLanguageModel(config: model.config, tokenizer: model.tokenizer, tensors: tensors)) {
            XCTAssertTrue("\($0)".contains("llm.head.weight"), "\($0)")
        }
    }

    func testPresetsHaveTheDocumentedSizes() throws {
        XCTAssertEqual(try VisionLanguageModel(config: ModelConfig.preset("ref256")!, seed: 0).parameterCount, 5_053_696)
        XCTAssertEqual(ModelConfig.preset("ref256")!.imageTokens, 64)
        XCTAssertEqual(ModelConfig.preset("small")!.imageTokens, 16)
        XCTAssertEqual(try ModelConfig(json: ModelConfig.preset("small")!.json), ModelConfig.preset("small")!)
    }

    /// Sizes read from a config are bounded before anything is sized by them (a KV cache for a
    /// context of 2^62 would be an allocation failure, not an error message).
    func testAbsurdConfigSizesAreRefusedByName() throws {
        var config = try XCTUnwrap(ModelConfig.preset("tiny"))
        for (field, value) in [("contextLength", 1 << 62), ("contextLength", 1_000_000_000), ("llmWidth", 1 << 40)] {
            var bad = config
            if field == "contextLength" { bad.contextLength = value } else { bad.llmWidth = value }
            XCTAssertThrowsError(try bad.validate(), "\(field) \(value)") { error in
                XCTAssertTrue("\(error)".contains("above the limit"), "\(error)")
            }
        }
        config.contextLength = ModelConfig.limits.context
        XCTAssertNoThrow(try config.validate(), "the limit itself is allowed")
    }

    /// A model with a NaN weight is refused by name, not evaluated.
    func testAModelWithANaNWeightIsRefused() throws {
        let model = try ModelFixtures.tinyModel()
        let head = try XCTUnwrap(model.parameters.first { $0.name == "llm.head.weight" })
        head.value.pointer[5] = .nan
        let path = try save(model, "nan.mmpr")
        XCTAssertThrowsError(try ModelArtifact.load(path: path)) { error in
            XCTAssertTrue("\(error)".contains("tensor llm.head.weight holds nan at element 5"), "\(error)")
        }
    }
}
