// Where every parameter comes from: drawn from a Philox stream keyed by (seed, hash of its name),
// so the same seed gives the same bytes whatever the build order, or read from a checkpoint.
import TensorCore

/// How a fresh parameter starts.
enum Initial {
    case normal(std: Float)
    case ones
    case zeros
}

/// Creates the named parameters of a model in construction order, from a seed or from tensors.
final class ParameterBuilder {
    enum Source {
        case random(seed: UInt64)
        case tensors([String: Tensor])
    }

    let source: Source
    private(set) var parameters: [Variable] = []

    init(_ source: Source) { self.source = source }

    /// A parameter of `shape`; `decay` false for norms, biases and position tables.
    /// A checkpoint tensor of another shape is refused, naming the tensor and both shapes.
    func make(_ name: String, _ shape: [Int], _ initial: Initial, decay: Bool = true) throws(ModelError) -> Variable {
        let value: Tensor
        switch source {
        case .random(let seed):
            switch initial {
            case .normal(let std):
                var random = PhiloxGenerator(seed: seed, stream: stableHash(name))
                value = random.normalTensor(shape, std: std)
            case .ones:
                value = Tensor(zeros: shape)
                value.fill(1)
            case .zeros:
                value = Tensor(zeros: shape)
            }
        case .tensors(let tensors):
            guard let stored = tensors[name] else { throw .checkpoint("tensor \"\(name)\" \(shape) is missing from the checkpoint") }
            guard stored.shape == shape else {
                throw .checkpoint("tensor \"\(name)\" has shape \(stored.shape) in the checkpoint but the config needs \(shape)")
            }
            value = stored
        }
        let parameter = Variable.parameter(name, value, decay: decay)
        parameters.append(parameter)
        return parameter
    }

    /// Refuses checkpoint tensors the config has no place for.
    func checkNothingLeft() throws(ModelError) {
        guard case .tensors(let tensors) = source else { return }
        let used = Set(parameters.map(\.name))
        if let extra = tensors.keys.sorted().first(where: { !used.contains($0) }) {
            throw .checkpoint("tensor \"\(extra)\" \(tensors[extra]!.shape) in the checkpoint has no place in the config")
        }
    }
}

/// FNV-1a 64 of the UTF-8 bytes: a stable stream id (Swift's `hashValue` is seeded per process).
public func stableHash(_ text: String) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
        hash ^= UInt64(byte)
        hash = hash &* 0x100_0000_01b3
    }
    return hash
}
