import Artifacts
import Foundation
import TestSupport
import XCTest

final class ContentHashTests: XCTestCase {
    /// Values as printed by `xxhsum -H2`.
    func testKnownValues() {
        XCTAssertEqual(ContentHash.of([UInt8]()).description, "99aa06d3014798d86001c324468d497f")
        XCTAssertEqual(ContentHash.of(Array("abc".utf8)).description, "06b05ab6733a618578af5f94892f3950")
    }

    func testStreamingInAnyChunkingEqualsOneCall() {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<3_000_001).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let hasher = ContentHasher()
        var offset = 0
        for chunk in [1, 7, 4096, 65_537, 1 << 20] + Array(repeating: 999_999, count: 3) where offset < bytes.count {
            let end = min(bytes.count, offset + chunk)
            bytes[offset..<end].withUnsafeBytes { hasher.update($0) }
            offset = end
        }
        bytes[offset...].withUnsafeBytes { hasher.update($0) }
        XCTAssertEqual(hasher.finalize(), ContentHash.of(bytes))
    }

    func testHexRoundTrip() {
        let hash = ContentHash(high: 0x0102_0304_0506_0708, low: 0xA0B0_C0D0_E0F0_0001)
        XCTAssertEqual(hash.description, "0102030405060708a0b0c0d0e0f00001")
        XCTAssertEqual(ContentHash(hex: hash.description), hash)
        XCTAssertNil(ContentHash(hex: "xyz"))
    }

    /// `mmpr-art hash` must print what `xxhsum -H2` prints, for a file and for stdin.
    func testHashCommandMatchesXXHSum() throws {
        let scratch = try ScratchDirectory()
        var generator = SystemRandomNumberGenerator()
        let file = try scratch.write("data.bin", (0..<1_234_567).map { _ in UInt8.random(in: 0...255, using: &generator) })

        let ours = try ToolRunner.run("mmpr-art", ["hash", file])
        let reference = try Subprocess.run("xxhsum", ["-H2", file]).stdoutText

        XCTAssertEqual(ours.status, 0)
        XCTAssertEqual(ours.stdoutText, reference)
        let fromStdin = try ToolRunner.run("mmpr-art", ["hash", "-"], input: try scratch.read("data.bin"))
        XCTAssertEqual(fromStdin.stdoutText, reference.replacingOccurrences(of: file, with: "stdin"))
    }
}
