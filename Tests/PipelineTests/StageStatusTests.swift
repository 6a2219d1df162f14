// `--explain` (what `make status` prints per stage): never built, up to date (from the output in
// place, with or without the cache), the reasons a changed stage would run, an edited output, and a
// cache hit — on a real tool, `mpo-train init`. And `mmpr-art lock` / `check-lock` on its output:
// bit-identical, then the changed parameter named, exit 1.
import Foundation
import TestSupport
import XCTest

final class StageStatusTests: XCTestCase {
    private func explain(_ arguments: [String]) throws -> String {
        let result = try ToolRunner.run("mpo-train", ["init", "--preset", "tiny"] + arguments + ["--explain"])
        XCTAssertEqual(result.status, 0, result.stderr)
        return result.stderr
    }

    func testExplainSaysWhyAStageWouldRun() throws {
        let scratch = try ScratchDirectory()
        let output = scratch.path("init.mmpr"), cache = ["--cache", scratch.path("cache")]
        XCTAssertEqual(try explain(["--seed", "1", "-o", output] + cache), "\(output): would run: never built\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: output), "--explain must not run the stage")
        XCTAssertEqual(try ToolRunner.run("mpo-train", ["init", "--preset", "tiny", "--seed", "1", "-o", output] + cache).status, 0)
        XCTAssertEqual(try explain(["--seed", "1", "-o", output] + cache), "\(output): up to date\n")
        XCTAssertEqual(try explain(["--seed", "2", "-o", output] + cache), "\(output): would run: parameter seed: 1 → 2\n")
        try FileManager.default.removeItem(atPath: scratch.path("cache"))
        XCTAssertEqual(try explain(["--seed", "1", "-o", output] + cache), "\(output): up to date\n", "the output in place is enough")
        let kept = try ToolRunner.run("mpo-train", ["init", "--preset", "tiny", "--seed", "1", "-o", output] + cache)
        XCTAssertTrue(kept.stderr.contains("up to date (stage") && kept.stderr.contains("the output in place"), kept.stderr)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data([0]))
        try handle.close()
        XCTAssertTrue(try explain(["--seed", "1", "-o", output] + cache).hasPrefix("\(output): would be restored from the cache"))
        try FileManager.default.removeItem(atPath: scratch.path("cache"))
        XCTAssertEqual(
            try explain(["--seed", "1", "-o", output] + cache), "\(output): would run: the output was changed after the stage made it\n")
        try FileManager.default.removeItem(atPath: output)
        XCTAssertEqual(try explain(["--seed", "1", "-o", output] + cache), "\(output): would run: never built\n")

        // lock, then check the same output and a changed one.
        XCTAssertEqual(try ToolRunner.run("mpo-train", ["init", "--preset", "tiny", "--seed", "1", "-o", output] + cache).status, 0)
        let lock = try ToolRunner.run("mmpr-art", ["lock", "--dir", scratch.url.path, "init.mmpr"])
        XCTAssertEqual(lock.status, 0, lock.stderr)
        let lockPath = try scratch.write("smoke.lock", lock.stdout)
        let same = try ToolRunner.run("mmpr-art", ["check-lock", lockPath, "--dir", scratch.url.path])
        XCTAssertEqual(same.status, 0, same.stdoutText)
        XCTAssertTrue(same.stdoutText.hasPrefix("init.mmpr: bit-identical"), same.stdoutText)
        XCTAssertEqual(try ToolRunner.run("mpo-train", ["init", "--preset", "tiny", "--seed", "2", "-o", output]).status, 0)
        let changed = try ToolRunner.run("mmpr-art", ["check-lock", lockPath, "--dir", scratch.url.path])
        XCTAssertEqual(changed.status, 1, changed.stdoutText)
        XCTAssertTrue(changed.stdoutText.contains("init.mmpr: differs: parameter seed: 1 → 2"), changed.stdoutText)

        // A stage the lock does not name (a deleted lock line) is reported, exit 1; an empty lock is refused, exit 2.
        XCTAssertEqual(try ToolRunner.run("mpo-train", ["init", "--preset", "tiny", "--seed", "1", "-o", output]).status, 0)
        XCTAssertEqual(
            try ToolRunner.run("mpo-train", ["init", "--preset", "tiny", "--seed", "3", "-o", scratch.path("extra.mmpr")]).status, 0)
        let unlocked = try ToolRunner.run("mmpr-art", ["check-lock", lockPath, "--dir", scratch.url.path])
        XCTAssertEqual(unlocked.status, 1, unlocked.stdoutText)
        XCTAssertTrue(unlocked.stdoutText.contains("extra.mmpr: not in the lock"), unlocked.stdoutText)
        let empty = try ToolRunner.run("mmpr-art", ["check-lock", try scratch.write("empty.lock", []), "--dir", scratch.url.path])
        XCTAssertEqual(empty.status, 2, empty.stderr)
        XCTAssertTrue(empty.stderr.contains("empty.lock: the lock names no stage"), empty.stderr)
        XCTAssertEqual(empty.stderr.split(separator: "\n").count, 1, empty.stderr)
    }
}
