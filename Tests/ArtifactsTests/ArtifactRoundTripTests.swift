import Artifacts
import Foundation
import JSON
import TestSupport
import XCTest

final class ArtifactRoundTripTests: XCTestCase {
    private let tool = Manifest.Tool(name: "test-tool", version: "9.9.9")

    private func sampleWriter() throws -> ArtifactWriter {
        let writer = ArtifactWriter(
            kind: "samples", tool: tool, parameters: ["temperature": 1.0, "n": 32, "template": "Answer: é"],
            inputs: [.init(role: "model", kind: "model", hash: ContentHash.of(Array("m".utf8)))],
            environment: ["blas_core": "Zen"], stats: ["records": 2])
        try writer.add("records.jsonl", bytes: Array("{\"id\":1}\n{\"id\":2}\n".utf8))
        try writer.add("empty", bytes: [])
        try writer.add("one", bytes: [42])
        try writer.add("images/données/日本.png", bytes: [0x89, 0x50, 0x4E, 0x47])
        return writer
    }

    func testSameContentGivesTheSameBytes() throws {
        let scratch = try ScratchDirectory()
        let firstHash = try sampleWriter().write(to: .path(scratch.path("a.mmpr")))
        let secondHash = try sampleWriter().write(to: .path(scratch.path("b.mmpr")))
        XCTAssertEqual(try scratch.read("a.mmpr"), try scratch.read("b.mmpr"))
        XCTAssertEqual(firstHash, secondHash)
        XCTAssertEqual(firstHash, try ContentHash.ofFile(scratch.path("a.mmpr")), "write() returns the hash of the file's bytes")
    }

    func testEveryEntryAndTheManifestRoundTrip() throws {
        let scratch = try ScratchDirectory()
        let writer = try sampleWriter()
        let written = try writer.write(to: .path(scratch.path("a.mmpr")))

        let reader = try ArtifactReader(path: scratch.path("a.mmpr"))
        XCTAssertEqual(reader.manifest, writer.manifest)
        XCTAssertEqual(reader.manifest.parameters["template"], "Answer: é")
        var contents: [String: [UInt8]] = [:]
        var order: [String] = []
        while let entry = try reader.nextEntry() {
            order.append(entry.name)
            contents[entry.name] = try entry.readAll()
        }
        XCTAssertEqual(order, ["records.jsonl", "empty", "one", "images/données/日本.png"])
        XCTAssertEqual(contents["empty"], [])
        XCTAssertEqual(contents["one"], [42])
        XCTAssertEqual(contents["images/données/日本.png"], [0x89, 0x50, 0x4E, 0x47])
        XCTAssertEqual(try reader.verifyRemaining(), written)
    }

    /// GNU tar, an independent reader, sees the same entries and bytes (non-ASCII names included).
    func testPlainTarReadsArtifacts() throws {
        let scratch = try ScratchDirectory()
        try sampleWriter().write(to: .path(scratch.path("a.mmpr")))
        let list = try runTar(["-tf", scratch.path("a.mmpr")])
        XCTAssertEqual(list, "manifest.json\nrecords.jsonl\nempty\none\nimages/données/日本.png\n")
        XCTAssertEqual(try runTar(["-xOf", scratch.path("a.mmpr"), "records.jsonl"]), "{\"id\":1}\n{\"id\":2}\n")
    }

    private func runTar(_ arguments: [String]) throws -> String {
        let tar = try Subprocess.run("/bin/tar", arguments, environment: ["LC_ALL": "C.UTF-8"])
        XCTAssertEqual(tar.status, 0, tar.stderr)
        return tar.stdoutText
    }

    /// Two separate processes packing the same folder (non-ASCII names too) write the same bytes.
    func testPackIsDeterministicAcrossProcesses() throws {
        let scratch = try ScratchDirectory()
        try scratch.write("in/b.txt", Array("b".utf8))
        try scratch.write("in/a/ä.txt", Array("ä".utf8))
        try scratch.write("in/a/z", [])
        let first = try ToolRunner.run("mmpr-art", ["pack", "--kind", "problems", scratch.path("in"), "-o", scratch.path("1.mmpr")])
        let second = try ToolRunner.run("mmpr-art", ["pack", "--kind", "problems", scratch.path("in")])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertEqual(try scratch.read("1.mmpr"), second.stdout)
        let listing = try ToolRunner.run("mmpr-art", ["ls", scratch.path("1.mmpr")])
        XCTAssertEqual(
            listing.stdoutText.split(separator: "\n").dropFirst().map { $0.split(separator: " ").last! }, ["a/z", "a/ä.txt", "b.txt"])
    }

    func testWriterRefusesUnsafeOrRepeatedNames() throws {
        let writer = ArtifactWriter(kind: "k", tool: tool)
        for bad in ["/etc/passwd", "../up", "a/../b", "a//b", "", "manifest.json", "a/./b"] {
            XCTAssertThrowsError(try writer.add(bad, bytes: [1]), "accepted \(bad)")
        }
        try writer.add("x", bytes: [1])
        XCTAssertThrowsError(try writer.add("x", bytes: [2])) { error in
            XCTAssertTrue("\(error)".contains("'x'"), "\(error)")
        }
    }

    func testPipesBetweenTwoProcesses() throws {
        let scratch = try ScratchDirectory()
        try scratch.write("in/records.jsonl", Array("{\"q\":\"2+2\"}\n".utf8))
        try scratch.write("in/images/1.png", [1, 2, 3])
        let pack = ("mmpr-art", ["pack", "--kind", "problems", scratch.path("in")])
        let verified = try ToolRunner.pipe(pack, into: ("mmpr-art", ["verify", "-"]))
        XCTAssertEqual(verified.producer, 0)
        XCTAssertEqual(verified.consumer.status, 0, verified.consumer.stderr)
        XCTAssertTrue(verified.consumer.stdoutText.hasPrefix("ok  "))
        let cat = try ToolRunner.pipe(pack, into: ("mmpr-art", ["cat", "records.jsonl", "-"]))
        XCTAssertEqual(cat.consumer.status, 0, cat.consumer.stderr)
        XCTAssertEqual(cat.consumer.stdoutText, "{\"q\":\"2+2\"}\n")
    }
}
