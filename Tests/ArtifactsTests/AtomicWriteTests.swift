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

        // The next writer of that name removes what the killed one left (its process is gone).
        try writeAtomically([1, 2, 3], to: finalPath)
        XCTAssertFalse(FileManager.default.fileExists(atPath: temporary), "the killed writer's temp file is still there")
        XCTAssertEqual(try scratch.read("out.mmpr"), [1, 2, 3])
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

    /// `-o /dev/null` writes into the device as a shell redirection would; it must stay a
    /// character device (a rename over it would replace it with a file for the whole machine).
    func testOutputOntoACharacterDeviceWritesInPlace() throws {
        let before = try FileManager.default.attributesOfItem(atPath: "/dev/null")
        try writeAtomically([1, 2, 3], to: "/dev/null")
        let after = try FileManager.default.attributesOfItem(atPath: "/dev/null")
        XCTAssertEqual(after[.type] as? FileAttributeType, .typeCharacterSpecial)
        XCTAssertEqual(after[.systemFileNumber] as? Int, before[.systemFileNumber] as? Int, "/dev/null was replaced")
    }

    /// A named pipe is written in place too: the reader on the other end gets the bytes.
    func testOutputOntoAFIFOWritesIntoThePipe() throws {
        let scratch = try ScratchDirectory()
        let fifo = scratch.path("pipe")
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/bin/sh")
        reader.arguments = ["-c", "cat '\(fifo)' > '\(scratch.path("received"))'"]
        try reader.run()
        try writeAtomically(Array("through the pipe".utf8), to: fifo)
        reader.waitUntilExit()
        XCTAssertEqual(String(decoding: try scratch.read("received"), as: UTF8.self), "through the pipe")
        var status = stat()
        XCTAssertEqual(stat(fifo, &status), 0)
        XCTAssertEqual(status.st_mode & S_IFMT, S_IFIFO, "the pipe was replaced by a file")
    }

    func testOutputOntoADirectoryIsRefusedByName() throws {
        let scratch = try ScratchDirectory()
        XCTAssertThrowsError(try writeAtomically([1], to: scratch.url.path)) { error in
            XCTAssertEqual("\(error)", "\(scratch.url.path): is a directory; give a file name")
        }
    }

    /// The copy checks the bytes against the expected hash before anything appears.
    func testCopyWithAWrongExpectedHashWritesNothing() throws {
        let scratch = try ScratchDirectory()
        let source = try scratch.write("source", Array("some bytes".utf8))
        try copyAtomically(from: source, to: scratch.path("good"), expecting: ContentHash.of(Array("some bytes".utf8)))
        XCTAssertEqual(try scratch.read("good"), Array("some bytes".utf8))
        XCTAssertThrowsError(try copyAtomically(from: source, to: scratch.path("bad"), expecting: ContentHash.of(Array("other".utf8)))) {
            error in
            XCTAssertTrue(error is ContentMismatch, "\(error)")
        }
        XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path)), ["source", "good"])
    }
}
