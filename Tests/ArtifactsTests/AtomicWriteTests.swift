import Artifacts
import Foundation
import TestSupport
import XCTest

final class AtomicWriteTests: XCTestCase {
    /// SIGKILL in the middle of writing: the final name never appears (only the temp file may).
    func testWriterKilledHalfWayLeavesNothingUnderTheFinalName() throws {
        let scratch = try ScratchDirectory()
        try FileManager.default.createDirectory(atPath: scratch.path("in"), withIntermediateDirectories: true)
        // 1.5 GB of zeros as a sparse file: instant to make, and long enough to write that the
        // kill lands half-way.
        let payload = scratch.path("in/zeros.bin")
        XCTAssertTrue(FileManager.default.createFile(atPath: payload, contents: nil))
        XCTAssertEqual(truncate(payload, 1_500_000_000), 0)
        let finalPath = scratch.path("out.mmpr")

        let process = ToolRunner.process("mmpr-art", ["pack", "--kind", "test", scratch.path("in"), "-o", finalPath])
        process.standardError = FileHandle.nullDevice
        try process.run()
        let temporary = scratch.path(".out.mmpr.tmp.\(process.processIdentifier)")
        // Wait until the temp file has data in it, then kill.
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if let size = (try? FileManager.default.attributesOfItem(atPath: temporary))?[.size] as? Int, size > 1 << 20 { break }
            usleep(1000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()

        XCTAssertEqual(process.terminationReason, .uncaughtSignal, "the writer finished before it could be killed")
        XCTAssertTrue(FileManager.default.fileExists(atPath: temporary), "the kill should land while the temp file is written")
        XCTAssertFalse(FileManager.default.fileExists(atPath: finalPath))
    }

    /// A failed write (here: an entry file that vanished) leaves no output and no temp file.
    func testFailedWriteLeavesNothingBehind() throws {
        let scratch = try ScratchDirectory()
        let payload = try scratch.write("payload", [1, 2, 3])
        let writer = ArtifactWriter(kind: "test", tool: .init(name: "t", version: "1"))
        try writer.add("payload", contentsOf: payload)
        try Data([9, 9, 9, 9]).write(to: URL(fileURLWithPath: payload))  // changed after hashing
        XCTAssertThrowsError(try writer.write(to: .path(scratch.path("out.mmpr")))) { error in
            XCTAssertTrue("\(error)".contains("changed while the artifact was being written"), "\(error)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path), ["payload"])
    }

    /// Binary never goes to a terminal: standard output on a pseudo-terminal (made by util-linux
    /// `script`) is refused.
    func testRefusesToWriteAnArtifactToATerminal() throws {
        let scratch = try ScratchDirectory()
        try scratch.write("in/a.txt", [1])
        let tool = ToolRunner.executable("mmpr-art").path
        let command = "'\(tool)' pack --kind test '\(scratch.path("in"))' 2>'\(scratch.path("stderr.txt"))'"
        let script = try Subprocess.run("/usr/bin/script", ["-qec", command, "/dev/null"])
        XCTAssertEqual(script.status, 2)
        XCTAssertEqual(
            String(decoding: try scratch.read("stderr.txt"), as: UTF8.self),
            "mmpr-art: error: <stdout>: is a terminal; redirect it to a file or a pipe, or pass -o PATH\n")
    }
}
