// safetensors: round trip, canonical bytes, refusals naming the file, and interop both ways with
// Python's `safetensors.numpy` (load_file on our file; save_file + hand-made BF16 read by us).
import Foundation
import TestSupport
import XCTest
@testable import TensorCore

final class SafetensorsTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tensorcore-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    func sample() -> Safetensors {
        Safetensors(
            tensors: [
                "layers.0.w": Tensor(shape: [2, 3], values: [1, -2, 3.5, 0, 1e-8, -7]),
                "bias": Tensor(shape: [1], values: [0.25]), "Z.scalar": Tensor(scalar: 42),
            ],
            metadata: ["config": "{\"dim\":8}", "step": "3"])
    }

    /// Runs python3 with a program; returns stdout.
    func python(_ program: String) throws -> String {
        let python = try Subprocess.run("python3", ["-c", program])
        XCTAssertEqual(python.status, 0, python.stderr)
        return python.stdoutText
    }

    func testRoundTripAndCanonicalBytes() throws {
        let path = directory.appendingPathComponent("a.safetensors").path
        try Data(sample().encoded()).write(to: URL(fileURLWithPath: path))
        let back = try Safetensors.read(path: path)
        XCTAssertEqual(back.metadata, sample().metadata)
        XCTAssertEqual(Set(back.tensors.keys), Set(sample().tensors.keys))
        for (name, t) in sample().tensors { XCTAssertTrue(back.tensors[name]!.bitwiseEqual(t), name) }
        // Canonical: the same weights give the same bytes, the header is padded to 8, data in name order.
        let bytes = sample().encoded()
        XCTAssertEqual(bytes, back.encoded())
        let headerLength = Int(bytes[0]) | Int(bytes[1]) << 8
        XCTAssertEqual(headerLength % 8, 0)
        let header = String(decoding: bytes[8..<8 + headerLength], as: UTF8.self)
        XCTAssertTrue(header.hasPrefix("{\"Z.scalar\":{\"data_offsets\":[0,4],\"dtype\":\"F32\",\"shape\":[]},\"__metadata__\":"), header)
    }

    func testPythonLoadsOurFile() throws {
        let path = directory.appendingPathComponent("ours.safetensors").path
        try Data(sample().encoded()).write(to: URL(fileURLWithPath: path))
        let out = try python(
            """
            import json, sys
            from safetensors.numpy import load_file
            from safetensors import safe_open
            t = load_file(sys.argv[1] if len(sys.argv) > 1 else '\(path)')
            with safe_open('\(path)', framework='numpy') as f: meta = f.metadata()
            print(json.dumps({k: [str(v.dtype), list(v.shape), [float(x) for x in v.ravel()]] for k, v in sorted(t.items())}, sort_keys=True))
            print(json.dumps(meta, sort_keys=True))
            """)
        let lines = out.split(separator: "\n")
        XCTAssertEqual(lines.count, 2, out)
        XCTAssertEqual(
            String(lines[0]),
            #"{"Z.scalar": ["float32", [], [42.0]], "bias": ["float32", [1], [0.25]], "layers.0.w": ["float32", [2, 3], [1.0, -2.0, 3.5, 0.0, 9.99999993922529e-09, -7.0]]}"#
        )
        XCTAssertEqual(String(lines[1]), #"{"config": "{\"dim\":8}", "step": "3"}"#)
    }

    func testWeReadPythonFilesIncludingHalfAndBFloat16() throws {
        let path = directory.appendingPathComponent("python.safetensors").path
        _ = try python(
            """
            import numpy as np
            from safetensors.numpy import save_file
            save_file({'h': np.array([[1.5, -0.0001, 65504.0]], dtype=np.float16), 'f': np.arange(5, dtype=np.float32) / 4},
                      '\(path)', metadata={'kind': 'test'})
            """)
        let file = try Safetensors.read(path: path)
        XCTAssertEqual(file.metadata, ["kind": "test"])
        XCTAssertEqual(file.tensors["f"]!.scalars, [0, 0.25, 0.5, 0.75, 1])
        XCTAssertEqual(file.tensors["h"]!.shape, [1, 3])
        XCTAssertEqual(file.tensors["h"]!.scalars, [1.5, Float(Float16(-0.0001)), 65504])
        // BF16 by hand: 1.0 = 0x3F80, -2.5 = 0xC020, 3.140625 = 0x4049.
        let header = Array(#"{"b":{"dtype":"BF16","shape":[3],"data_offsets":[0,6]}}  "#.utf8)
        var bytes = [UInt8(header.count), 0, 0, 0, 0, 0, 0, 0] + header
        bytes += [0x80, 0x3F, 0x20, 0xC0, 0x49, 0x40]
        XCTAssertEqual(try Safetensors.decode(bytes, path: "bf16").tensors["b"]!.scalars, [1, -2.5, 3.140625])
    }

    func testCorruptFilesAreRefusedNamingTheFile() throws {
        let good = sample().encoded()
        let cases: [(String, [UInt8])] = [
            ("short", [1, 2, 3]),
            ("huge-length", [0xFF, 0xFF, 0, 0, 0, 0, 0, 0] + good[8...]),
            ("bad-json", Array(good.prefix(8)) + Array(repeating: UInt8(ascii: "{"), count: good.count - 8)),
            ("truncated-data", Array(good.dropLast(4))),
        ]
        for (name, bytes) in cases {
            let path = directory.appendingPathComponent("\(name).safetensors").path
            XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
            XCTAssertThrowsError(try Safetensors.read(path: path), name) { error in
                XCTAssertTrue("\(error)".hasPrefix(path + ": corrupt safetensors header"), "\(error)")
            }
        }
        XCTAssertThrowsError(try Safetensors.read(path: directory.appendingPathComponent("missing").path)) { error in
            XCTAssertTrue("\(error)".contains("missing"), "\(error)")
        }
    }

    /// A header may not size an allocation beyond the file: a shape of 2^62 × 4 in a small file
    /// is refused before anything is allocated (and without an overflow trap).
    func testAShapeLargerThanTheFileIsRefusedBeforeAllocating() throws {
        for shape in ["[4611686018427387904, 4]", "[100000, 100000]", "[9223372036854775807, 9223372036854775807]"] {
            let header = Array("{\"w\":{\"dtype\":\"F32\",\"shape\":\(shape),\"data_offsets\":[0,16]}}".utf8)
            let padded = header + [UInt8](repeating: 0x20, count: (8 - header.count % 8) % 8)
            var bytes = withUnsafeBytes(of: UInt64(padded.count).littleEndian) { Array($0) }
            bytes += padded + [UInt8](repeating: 0, count: 16)
            XCTAssertThrowsError(try Safetensors.decode(bytes, path: "big.safetensors"), shape) { error in
                XCTAssertTrue("\(error)".contains("larger than the 16 data bytes"), "\(error)")
            }
        }
    }
}
