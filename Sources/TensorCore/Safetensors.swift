// safetensors (huggingface/safetensors): 8-byte little-endian header length, a JSON header
// {name: {dtype, shape, data_offsets}, "__metadata__": {string: string}}, then the raw data.
import Foundation
import JSON

/// Named tensors plus string metadata (the model config). We write F32 only, canonically: tensors
/// in sorted-name order, header keys sorted, header padded with spaces to a multiple of 8 bytes,
/// so the same weights always give the same bytes. We read F32, F16 and BF16 (widened to F32).
public struct Safetensors {
    public var tensors: [String: Tensor]
    public var metadata: [String: String]

    public init(tensors: [String: Tensor], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
    }

    /// Names in the canonical (Unicode scalar, i.e. UTF-8 byte) order.
    public var sortedNames: [String] { tensors.keys.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) } }

    /// The file's bytes.
    public func encoded() -> [UInt8] {
        var header = JSONObject()
        var offset = 0
        for name in sortedNames {
            let t = tensors[name]!
            header[name] = .object([
                "dtype": "F32", "shape": .array(t.shape.map { .integer(Int64($0)) }),
                "data_offsets": [.integer(Int64(offset)), .integer(Int64(offset + 4 * t.count))],
            ])
            offset += 4 * t.count
        }
        if !metadata.isEmpty { header["__metadata__"] = .object(JSONObject(metadata.map { ($0.key, JSONValue.string($0.value)) })) }
        var json = JSONWriter.canonical.bytes(.object(header))
        json += [UInt8](repeating: 0x20, count: (8 - json.count % 8) % 8)
        var bytes = [UInt8]()
        bytes.reserveCapacity(8 + json.count + offset)
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { bytes += $0 }
        bytes += json
        for name in sortedNames {
            let t = tensors[name]!
            for i in 0..<t.count { withUnsafeBytes(of: t.pointer[i].bitPattern.littleEndian) { bytes += $0 } }
        }
        return bytes
    }

    /// Reads a file; every refusal names it.
    public static func read(path: String) throws(TensorError) -> Safetensors {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw .file(path: path, message: "cannot read safetensors: \(error.localizedDescription)")
        }
        return try decode([UInt8](data), path: path)
    }

    /// Parses file bytes; `path` is only for messages.
    public static func decode(_ bytes: [UInt8], path: String) throws(TensorError) -> Safetensors {
        func corrupt(_ why: String) -> TensorError {
            .file(path: path, message: "corrupt safetensors header: \(why) (is this a safetensors file, completely written?)")
        }
        guard bytes.count >= 8 else { throw corrupt("file shorter than the 8-byte header length") }
        let headerLength = bytes[0..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard headerLength <= UInt64(bytes.count - 8) else {
            throw corrupt("header length \(headerLength) exceeds the file size \(bytes.count)")
        }
        let dataStart = 8 + Int(headerLength), dataLength = bytes.count - dataStart
        let header: JSONObject
        do {
            guard let object = try JSONValue(parsing: bytes[8..<dataStart]).objectValue else {
                throw corrupt("the header is not a JSON object")
            }
            header = object
        } catch let error as JSONParseError {
            throw corrupt("JSON \(error)")
        } catch let error as TensorError { throw error } catch { throw corrupt("\(error)") }

        var result = Safetensors(tensors: [:])
        for (name, value) in header {
            if name == "__metadata__" {
                guard let entries = value.objectValue else { throw corrupt("__metadata__ is not an object") }
                for (key, entry) in entries {
                    guard let text = entry.stringValue else { throw corrupt("__metadata__[\(key)] is not a string") }
                    result.metadata[key] = text
                }
                continue
            }
            guard let dtype = value["dtype"]?.stringValue, let shapeValues = value["shape"]?.arrayValue,
                let offsetValues = value["data_offsets"]?.arrayValue, offsetValues.count == 2
            else {
                throw corrupt("tensor \"\(name)\" lacks dtype, shape or data_offsets")
            }
            let shape = shapeValues.compactMap { $0.integerValue.map(Int.init) }
            let offsets = offsetValues.compactMap { $0.integerValue.map(Int.init) }
            guard shape.count == shapeValues.count, shape.allSatisfy({ $0 >= 0 }), offsets.count == 2 else {
                throw corrupt("tensor \"\(name)\" has a malformed shape or data_offsets")
            }
            let width: Int
            switch dtype {
            case "F32": width = 4
            case "F16", "BF16": width = 2
            default: throw .file(path: path, message: "tensor \"\(name)\" has dtype \(dtype); only F32, F16 and BF16 are read")
            }
            // The element count, checked for overflow, must match bytes that are in the file before
            // anything is allocated: a header cannot make us reserve more than the file holds.
            var count = 1
            for dimension in shape {
                let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
                guard !overflow, product <= dataLength else {
                    throw corrupt("tensor \"\(name)\" [\(dtype) \(shape)] is larger than the \(dataLength) data bytes of the file")
                }
                count = product
            }
            guard offsets[0] >= 0, offsets[0] <= offsets[1], offsets[1] <= dataLength, offsets[1] - offsets[0] == width * count else {
                throw corrupt("tensor \"\(name)\" [\(dtype) \(shape)] has data_offsets \(offsets) for \(dataLength) data bytes")
            }
            let tensor = Tensor(zeros: shape)
            let base = dataStart + offsets[0]
            for i in 0..<tensor.count {
                let p = base + i * width
                switch dtype {
                case "F32":
                    tensor.pointer[i] = Float(
                        bitPattern: UInt32(bytes[p]) | UInt32(bytes[p + 1]) << 8 | UInt32(bytes[p + 2]) << 16 | UInt32(bytes[p + 3]) << 24)
                case "BF16": tensor.pointer[i] = Float(bitPattern: (UInt32(bytes[p]) | UInt32(bytes[p + 1]) << 8) << 16)
                default: tensor.pointer[i] = floatFromHalf(UInt16(bytes[p]) | UInt16(bytes[p + 1]) << 8)
                }
            }
            result.tensors[name] = tensor
        }
        return result
    }
}

/// IEEE binary16 → binary32, exactly (subnormals, infinities and NaN included).
func floatFromHalf(_ h: UInt16) -> Float {
    let sign: Float = h & 0x8000 != 0 ? -1 : 1
    let exponent = Int(h >> 10 & 0x1F), mantissa = Float(h & 0x3FF)
    switch exponent {
    case 0: return sign * mantissa * 0x1p-24
    case 31: return mantissa == 0 ? sign * .infinity : .nan
    default: return sign * (1 + mantissa / 1024) * Float(sign: .plus, exponent: exponent - 15, significand: 1)
    }
}
