// The golden files of scripts/oracle/make_golden.py (PyTorch and TRL 0.9.6; `make oracle`
// regenerates them) and what every oracle test needs to read them: the same tiny model, the same
// test images, and the summaries a golden file keeps of a tensor.
import Foundation
import TensorCore
@testable import VisionLanguage
import XCTest

/// A tensor as a golden file keeps it: the sum and L2 norm (in Double) and sampled flat values.
struct TensorSummary: Decodable {
    let sum: Double
    let norm: Double
    let indices: [Int]?
    let values: [Double]?
}

struct ModelDescription: Decodable {
    let preset: String
    let seed: UInt64
    let phrases: String
    let gain: Float
}

/// What every golden file with a model starts with: how to build it and a checksum per tensor.
protocol GoldenModelFile: Decodable {
    var model: ModelDescription { get }
    var checksums: [String: TensorSummary] { get }
}

struct GoldenPair: Decodable {
    let question: String
    let chosen: String
    let rejected: String
    let image: Int
}

struct GoldenTerms: Decodable {
    let sigmoid: Double
    let bcoPair: Double
    let sft: Double

    enum CodingKeys: String, CodingKey {
        case sigmoid, sft
        case bcoPair = "bco_pair"
    }
}

enum Golden {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("golden")

    static func load<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
        try JSONDecoder().decode(type, from: Data(contentsOf: folder.appendingPathComponent(name)))
    }

    /// The golden file's model: the preset from its seed with every weight matrix scaled by the
    /// gain, checked tensor by tensor against the file's checksums, so that a change of the
    /// initialiser reads as "regenerate the golden files", not as a numerical mismatch.
    static func model(of file: some GoldenModelFile) throws -> VisionLanguageModel {
        let description = file.model
        XCTAssertEqual(description.phrases, "none", "the oracle's tokenizer is the plain byte-level one")
        let model = try VisionLanguageModel(config: try XCTUnwrap(ModelConfig.preset(description.preset)), seed: description.seed)
        for p in model.parameters where p.value.rank == 2 {
            for i in 0..<p.value.count { p.value.pointer[i] *= description.gain }
        }
        XCTAssertEqual(Set(model.parameters.map(\.name)), Set(file.checksums.keys), "parameter names")
        for p in model.parameters {
            guard let expected = file.checksums[p.name] else { continue }
            let values = p.value.scalars.map(Double.init)
            let norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
            // The weights are the same float32 numbers on both sides: only the float64 summation order differs.
            XCTAssertEqual(
                norm, expected.norm, accuracy: 1e-9 * max(1, expected.norm),
                "\(p.name): not the model the golden files were made from; run `make oracle`")
        }
        return model
    }

    /// Test image k: pixel (y, x, c) = ((7x + 13y + 29c + 37k) mod 256) / 255.
    static func image(_ k: Int, size: Int) -> Tensor {
        var values = [Float](repeating: 0, count: size * size * 3)
        for y in 0..<size {
            for x in 0..<size {
                for c in 0..<3 { values[(y * size + x) * 3 + c] = Float((7 * x + 13 * y + 29 * c + 37 * k) % 256) / 255 }
            }
        }
        return Tensor(shape: [size, size, 3], values: values)
    }

    /// Checks a tensor against its summary: the norm to `relative` of itself, and each sampled
    /// value to `relative` of the tensor's root-mean-square (a per-element bound would be
    /// meaningless for elements that are themselves rounding noise).
    static func assertMatches(
        _ tensor: Tensor, _ expected: TensorSummary, relative: Double, _ name: String,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        let values = tensor.scalars.map(Double.init)
        let norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        XCTAssertEqual(norm, expected.norm, accuracy: relative * expected.norm + 1e-12, "\(name): norm", file: file, line: line)
        let rms = expected.norm / Double(values.count).squareRoot()
        for (index, value) in zip(expected.indices ?? [], expected.values ?? []) {
            XCTAssertEqual(values[index], value, accuracy: relative * rms + 1e-12, "\(name)[\(index)]", file: file, line: line)
        }
    }
}
