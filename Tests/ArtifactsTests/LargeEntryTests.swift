import Artifacts
import Foundation
import TestSupport
import XCTest

/// A 200 MB entry goes through the writer and the reader in bounded memory: both stream through
/// fixed buffers, so the peak resident set may grow by at most 64 MiB over the baseline.
final class LargeEntryTests: XCTestCase {
    private let entrySize = 200_000_000

    /// Peak and current resident set of this process, in bytes, from /proc/self/status.
    private func residentSet() throws -> (peak: Int, current: Int) {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        func kilobytes(_ field: String) -> Int {
            let line = status.split(separator: "\n").first { $0.hasPrefix(field + ":") }!
            return Int(line.split(separator: " ").dropFirst().first!)! * 1024
        }
        return (kilobytes("VmHWM"), kilobytes("VmRSS"))
    }

    /// Resets VmHWM to the current RSS (Linux: writing 5 to clear_refs).
    private func resetPeak() throws {
        try "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }

    func testTwoHundredMegabyteEntryRoundTripsInBoundedMemory() throws {
        let scratch = try ScratchDirectory()
        // A pattern that is not all zeros, written in 1 MiB chunks: every byte depends on its offset.
        let source = scratch.path("big/payload.bin")
        try FileManager.default.createDirectory(atPath: scratch.path("big"), withIntermediateDirectories: true)
        XCTAssertTrue(FileManager.default.createFile(atPath: source, contents: nil))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: source))
        let referenceHasher = ContentHasher()
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var written = 0
        while written < entrySize {
            let count = min(chunk.count, entrySize - written)
            for index in 0..<count { chunk[index] = UInt8(truncatingIfNeeded: (written + index) &* 2_654_435_761 >> 13) }
            let slice = Data(chunk[0..<count])
            handle.write(slice)
            slice.withUnsafeBytes { referenceHasher.update($0) }
            written += count
        }
        try handle.close()
        let expected = referenceHasher.finalize()

        try resetPeak()
        let baseline = try residentSet().current
        let writer = try ArtifactWriter.packing(directory: scratch.path("big"), kind: "test", tool: .init(name: "t", version: "1"))
        try writer.write(to: .path(scratch.path("big.mmpr")))
        try FileManager.default.removeItem(atPath: source)  // keep the disk footprint to one copy

        let reader = try ArtifactReader(path: scratch.path("big.mmpr"))
        let entry = try XCTUnwrap(try reader.nextEntry())
        XCTAssertEqual(entry.name, "payload.bin")
        XCTAssertEqual(entry.size, Int64(entrySize))
        let readBack = ContentHasher()
        var total = 0
        try entry.forEachChunk { bytes in
            readBack.update(bytes)
            total += bytes.count
        }
        try reader.verifyRemaining()
        let growth = try residentSet().peak - baseline

        XCTAssertEqual(total, entrySize)
        XCTAssertEqual(readBack.finalize(), expected)
        XCTAssertLessThanOrEqual(growth, 64 << 20, "peak RSS grew by \(growth >> 20) MiB")
    }
}
