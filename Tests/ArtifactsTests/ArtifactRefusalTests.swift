import Artifacts
import Foundation
import TestSupport
import XCTest

/// Every refusal of docs/artifacts.md ("What readers refuse"), as a user meets it through
/// `mmpr-art verify`: exit status 2 and exactly one line on stderr that names the file (and the
/// entry, where there is one).
final class ArtifactRefusalTests: XCTestCase {
    private var scratch: ScratchDirectory!

    override func setUpWithError() throws { scratch = try ScratchDirectory() }

    /// A manifest written by hand, so the archives below do not depend on our writer.
    private func manifest(_ entries: [(String, [UInt8])], version: Int = 1) -> [UInt8] {
        let listed = entries.map { name, bytes in
            "{\"name\":\"\(name)\",\"size\":\(bytes.count),\"xxh3_128\":\"\(ContentHash.of(bytes))\"}"
        }
        let text =
            "{\"entries\":[\(listed.joined(separator: ","))],\"format\":\"mmpr-artifact\",\"format_version\":\(version),\"kind\":\"test\",\"tool\":{\"name\":\"t\",\"version\":\"1\"}}\n"
        return Array(text.utf8)
    }

    private let records = Array("{\"id\":1}\n".utf8)
    private let image = [UInt8](repeating: 7, count: 700)

    /// Runs `verify` and checks the shape of the refusal; returns the message.
    @discardableResult
    private func assertRefused(
        _ archive: [UInt8], mentions expected: [String], file: StaticString = #filePath, line: UInt = #line
    ) throws -> String {
        let path = try scratch.write("bad.mmpr", archive)
        let result = try ToolRunner.run("mmpr-art", ["verify", path])
        XCTAssertEqual(result.status, 2, result.stderr, file: file, line: line)
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }
        XCTAssertEqual(lines.count, 1, "expected one line, got: \(result.stderr)", file: file, line: line)
        XCTAssertTrue(result.stderr.hasPrefix("mmpr-art: error: \(path)"), result.stderr, file: file, line: line)
        for word in expected {
            XCTAssertTrue(result.stderr.contains(word), "'\(word)' missing from: \(result.stderr)", file: file, line: line)
        }
        XCTAssertTrue(result.stdout.isEmpty, file: file, line: line)
        return result.stderr
    }

    private func goodArchive() -> TarBuilder {
        var tar = TarBuilder()
        tar.add("manifest.json", manifest([("records.jsonl", records), ("images/1.png", image)]))
        tar.add("records.jsonl", records)
        tar.add("images/1.png", image)
        return tar
    }

    /// The hand-built archive follows every rule but one: it is not byte for byte what our
    /// writer makes (its manifest lacks fields, its headers are formatted another way). The
    /// library reads it; `verify`, which checks every byte, refuses it, and only for that.
    func testTheHandBuiltArchiveIsReadButIsNotCanonical() throws {
        let path = try scratch.write("good.mmpr", goodArchive().archive)
        let contents = try ArtifactReader.entries(in: path) { _ in true }
        XCTAssertEqual(contents.entries["records.jsonl"], records)
        try assertRefused(goodArchive().archive, mentions: ["'manifest.json'", "not in canonical form"])
    }

    /// An artifact as our writer makes it, and its bytes.
    private func written() throws -> [UInt8] {
        let writer = ArtifactWriter(kind: "test", tool: .init(name: "t", version: "1"))
        try writer.add("records.jsonl", bytes: records)
        try writer.add("images/1.png", bytes: image)
        let path = scratch.path("written.mmpr")
        try writer.write(to: .path(path))
        let result = try ToolRunner.run("mmpr-art", ["verify", path])
        XCTAssertEqual(result.status, 0, result.stderr)
        return try scratch.read("written.mmpr")
    }

    /// Every byte outside the entries counts: padding, the end-of-archive blocks, what follows
    /// them, and the manifest's exact text.
    func testBytesOutsideTheEntriesAreChecked() throws {
        let good = try written()
        let imageEnd = good.indices.first { good[$0] == 7 }! + image.count  // the image's padding starts here
        var padding = good
        padding[imageEnd + 3] = 0x41
        try assertRefused(padding, mentions: ["not canonical", "padding"])
        try assertRefused(Array(good.dropLast(1024)), mentions: ["not canonical"])
        try assertRefused(good + Array("trailing".utf8), mentions: ["not canonical"])
        // A manifest that parses to the same values but is not the canonical text (a space after a colon).
        let text = String(decoding: good, as: UTF8.self)
        let spaced = Array(text.replacingOccurrences(of: "\"kind\":\"test\"", with: "\"kind\": \"test\"").utf8)
        XCTAssertNotEqual(spaced, good)
        try assertRefused(spaced, mentions: [])
    }

    func testFlippedPayloadByte() throws {
        var archive = goodArchive().archive
        let offset = archive.indices.first { archive[$0] == 7 }!  // first byte of the image's content
        archive[offset + 100] ^= 0x01
        try assertRefused(archive, mentions: ["'images/1.png'", "does not match its hash"])
    }

    func testTruncatedFile() throws {
        let archive = goodArchive().archive
        let offset = archive.indices.first { archive[$0] == 7 }!
        try assertRefused(Array(archive[..<(offset + 300)]), mentions: ["'images/1.png'", "truncated"])
    }

    /// A manifest and a tar header that declare a 2 GB entry in a file of a few kilobytes: the
    /// read ends in "truncated" with memory bounded by the file, not by the declared size.
    func testADeclaredSizeLargerThanTheFileIsNeverAllocated() throws {
        let declared = 2_000_000_000
        let entry =
            "{\"name\":\"records.jsonl\",\"size\":\(declared),\"xxh3_128\":\"\(ContentHash.of(records))\"}"
        let manifest = Array(
            "{\"entries\":[\(entry)],\"format\":\"mmpr-artifact\",\"format_version\":1,\"kind\":\"test\",\"tool\":{\"name\":\"t\",\"version\":\"1\"}}\n"
                .utf8)
        var tar = TarBuilder()
        tar.add("manifest.json", manifest)
        tar.add("records.jsonl", records, declaredSize: declared)
        let path = try scratch.write("lying.mmpr", tar.bytes)
        func peakKilobytes() -> Int {
            var usage = rusage()
            getrusage(RUSAGE_SELF.rawValue, &usage)
            return usage.ru_maxrss
        }
        let before = peakKilobytes()
        XCTAssertThrowsError(try ArtifactReader.entries(in: path) { _ in true }) { error in
            XCTAssertTrue("\(error)".contains("truncated"), "\(error)")
        }
        XCTAssertLessThan(peakKilobytes() - before, 300_000, "the reader allocated what the header declared")
    }

    /// A header whose name field is empty is named by where it is, not as entry ''.
    func testANamelessHeaderIsPlacedAfterThePreviousEntry() throws {
        var tar = TarBuilder()
        tar.add("manifest.json", manifest([("records.jsonl", records)]))
        tar.add("records.jsonl", records)
        tar.add("", image)
        let message = try assertRefused(tar.archive, mentions: ["after 'records.jsonl' has no name"])
        XCTAssertFalse(message.contains("entry ''"), message)
    }

    func testDuplicateEntry() throws {
        var tar = TarBuilder()
        tar.add("manifest.json", manifest([("records.jsonl", records)]))
        tar.add("records.jsonl", records)
        tar.add("records.jsonl", records)
        try assertRefused(tar.archive, mentions: ["'records.jsonl'", "duplicate"])
    }

    func testAbsolutePath() throws {
        var tar = TarBuilder()
        tar.add("manifest.json", manifest([("records.jsonl", records)]))
        tar.add("/etc/records.jsonl", records)
        try assertRefused(tar.archive, mentions: ["'/etc/records.jsonl'", "absolute"])
    }

    func testDotDotPath() throws {
        var tar = TarBuilder()
        tar.add("manifest.json", manifest([("records.jsonl", records)]))
        tar.add("images/../../records.jsonl", records)
        try assertRefused(tar.archive, mentions: ["'images/../../records.jsonl'", "'..'"])
    }

    func testEntryMissingFromTheManifest() throws {
        var tar = TarBuilder()
        tar.add("manifest.json", manifest([("records.jsonl", records)]))
        tar.add("records.jsonl", records)
        tar.add("extra.bin", image)
        try assertRefused(tar.archive, mentions: ["'extra.bin'", "not listed in the manifest"])
    }

    func testManifestEntryMissingFromTheArchive() throws {
        var tar = TarBuilder()
        tar.add("manifest.json", manifest([("records.jsonl", records), ("images/1.png", image)]))
        tar.add("records.jsonl", records)
        try assertRefused(tar.archive, mentions: ["'images/1.png'", "missing from the archive"])
    }

    func testUnknownFormatVersion() throws {
        var tar = TarBuilder()
        tar.add("manifest.json", manifest([("records.jsonl", records)], version: 2))
        tar.add("records.jsonl", records)
        try assertRefused(tar.archive, mentions: ["'manifest.json'", "format_version 2"])
    }

    func testSizeThatDisagreesWithTheManifest() throws {
        var tar = TarBuilder()
        tar.add("manifest.json", manifest([("records.jsonl", records + [0x0A])]))
        tar.add("records.jsonl", records)
        try assertRefused(tar.archive, mentions: ["'records.jsonl'", "the manifest says"])
    }

    func testManifestNotFirst() throws {
        var tar = TarBuilder()
        tar.add("records.jsonl", records)
        tar.add("manifest.json", manifest([("records.jsonl", records)]))
        try assertRefused(tar.archive, mentions: ["'records.jsonl'", "manifest.json"])
    }

    func testNonCanonicalHeader() throws {
        var tar = TarBuilder()
        tar.add("manifest.json", manifest([("records.jsonl", records)]))
        tar.add("records.jsonl", records, mtime: 1_700_000_000)
        try assertRefused(tar.archive, mentions: ["'records.jsonl'", "mtime"])
    }

    func testPNGGivenAsAnArtifact() throws {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 0, count: 600)
        try assertRefused(png, mentions: ["not an artifact"])
    }

    func testEmptyInput() throws {
        try assertRefused([], mentions: ["empty"])
        let fromStdin = try ToolRunner.run("mmpr-art", ["verify", "-"], input: [])
        XCTAssertEqual(fromStdin.status, 2)
        XCTAssertEqual(
            fromStdin.stderr, "mmpr-art: error: <stdin>: is empty; expected an artifact (a tar archive starting with manifest.json)\n")
    }

    func testUsageErrorsExitWithTwo() throws {
        let result = try ToolRunner.run("mmpr-art", ["verify"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("Missing expected argument"), result.stderr)
        let unknown = try ToolRunner.run("mmpr-art", ["frobnicate"])
        XCTAssertEqual(unknown.status, 2)
    }

    func testCatOfAnEntryThatIsNotThere() throws {
        let path = try scratch.write("good.mmpr", goodArchive().archive)
        let result = try ToolRunner.run("mmpr-art", ["cat", "nope.txt", path])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("no entry 'nope.txt'") && result.stderr.contains("records.jsonl"), result.stderr)
    }
}
