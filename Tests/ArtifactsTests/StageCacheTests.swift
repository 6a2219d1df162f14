import Artifacts
import Foundation
import JSON
import ToolSupport
import TestSupport
import XCTest

final class StageCacheTests: XCTestCase {
    private func key(parameters: JSONObject = ["n": 32, "temperature": 1.0], input: String = "abc", executable: String = "exe") -> StageKey
    {
        StageKey(
            tool: "mmpr-sample", version: "0.1.0", executable: ContentHash.of(Array(executable.utf8)),
            parameters: parameters, inputs: [("model", ContentHash.of(Array(input.utf8)))])
    }

    func testKeyDependsOnEveryPartAndSaysWhy() {
        let base = key()
        XCTAssertEqual(base.hash, key().hash)
        XCTAssertEqual(base.hash, key(parameters: ["temperature": 1.0, "n": 32]).hash, "parameter order does not matter")
        let changedParameter = key(parameters: ["n": 16, "temperature": 1.0])
        let changedInput = key(input: "abd")
        let rebuilt = key(executable: "exe2")
        for other in [changedParameter, changedInput, rebuilt] { XCTAssertNotEqual(other.hash, base.hash) }
        XCTAssertEqual(changedParameter.differences(from: base), ["parameter n: 32 → 16"])
        XCTAssertEqual(changedInput.differences(from: base).count, 1)
        XCTAssertTrue(changedInput.differences(from: base)[0].hasPrefix("input model changed"))
        XCTAssertEqual(rebuilt.differences(from: base), ["the mmpr-sample executable was rebuilt"])
        XCTAssertEqual(base.differences(from: base), [])
        XCTAssertEqual(try StageKey(json: base.json), base)
    }

    private func writer(_ content: String) throws -> ArtifactWriter {
        let writer = ArtifactWriter(kind: "test", tool: .init(name: "t", version: "1"))
        try writer.add("records.jsonl", bytes: Array(content.utf8))
        return writer
    }

    func testASecondIdenticalRunIsServedFromTheCache() throws {
        let scratch = try ScratchDirectory()
        let input = try scratch.write("input.mmpr", Array("input bytes".utf8))
        let options = try StageOptions.parse(["-o", scratch.path("out.mmpr"), "--cache", scratch.path("cache")])

        let first = try StageRun(tool: "t", parameters: ["seed": 1], inputs: [StageInput("problems", input)], options: options)
        XCTAssertFalse(try first.reuseEarlierOutput())
        let written = try first.finish(try writer("first"))
        try FileManager.default.removeItem(atPath: scratch.path("out.mmpr"))

        let second = try StageRun(tool: "t", parameters: ["seed": 1], inputs: [StageInput("problems", input)], options: options)
        XCTAssertEqual(second.key, first.key)
        XCTAssertTrue(try second.reuseEarlierOutput())
        XCTAssertEqual(try ContentHash.ofFile(scratch.path("out.mmpr")), written)

        let changed = try StageRun(tool: "t", parameters: ["seed": 2], inputs: [StageInput("problems", input)], options: options)
        XCTAssertFalse(try changed.reuseEarlierOutput())
        let cache = try StageCache(directory: scratch.path("cache"))
        XCTAssertEqual(cache.recordedKey(hash: first.key!.hash), first.key)
    }

    func testAnInputChangedMidRunFailsTheStageAndWritesNothing() throws {
        let scratch = try ScratchDirectory()
        let input = try scratch.write("input.mmpr", Array("input bytes".utf8))
        let options = try StageOptions.parse(["-o", scratch.path("out.mmpr"), "--cache", scratch.path("cache")])
        let run = try StageRun(tool: "t", parameters: [:], inputs: [StageInput("problems", input)], options: options)
        try scratch.write("input.mmpr", Array("edited".utf8))
        XCTAssertThrowsError(try run.finish(try writer("x"))) { error in
            XCTAssertTrue("\(error)".contains("changed while t ran"), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: scratch.path("out.mmpr")))
    }

    func testPipedInputsAreNeverCached() throws {
        let scratch = try ScratchDirectory()
        let options = try StageOptions.parse(["-o", scratch.path("out.mmpr"), "--cache", scratch.path("cache")])
        let run = try StageRun(tool: "t", parameters: [:], inputs: [StageInput("problems", "-")], options: options)
        XCTAssertNil(run.key)
        XCTAssertFalse(try run.reuseEarlierOutput())
    }

    /// Runs stage "t" (parameters seed 1) on `input` into out.mmpr with the cache; returns the run.
    private func run(_ scratch: ScratchDirectory, input: String, content: String) throws -> (reused: Bool, run: StageRun) {
        let options = try StageOptions.parse(["-o", scratch.path("out.mmpr"), "--cache", scratch.path("cache")])
        let run = try StageRun(tool: "t", parameters: ["seed": 1], inputs: [StageInput("problems", input)], options: options)
        if try run.reuseEarlierOutput() { return (true, run) }
        try run.finish(try writer(content))
        return (false, run)
    }

    /// A flipped byte in a cached artifact, or another valid artifact copied over the entry: the
    /// entry is discarded and the stage runs again, producing the right bytes.
    func testACorruptOrSwappedCacheEntryIsNeverServed() throws {
        let scratch = try ScratchDirectory()
        let input = try scratch.write("input.mmpr", Array("input bytes".utf8))
        let (_, first) = try run(scratch, input: input, content: "right")
        let right = try scratch.read("out.mmpr")
        let entry = try StageCache(directory: scratch.path("cache")).artifactPath(for: first.key!)

        // (Each rerun first removes the output, which would otherwise be kept in place.)
        let output = scratch.path("out.mmpr")
        var flipped = right
        flipped[flipped.count / 2] ^= 0x01
        try Data(flipped).write(to: URL(fileURLWithPath: entry))
        try FileManager.default.removeItem(atPath: output)
        let afterFlip = try run(scratch, input: input, content: "right")
        XCTAssertFalse(afterFlip.reused, "a corrupt entry was served")
        XCTAssertEqual(try scratch.read("out.mmpr"), right)

        let other = scratch.path("other.mmpr")
        try writer("another, valid artifact").write(to: .path(other))
        try FileManager.default.removeItem(atPath: entry)
        try FileManager.default.copyItem(atPath: other, toPath: entry)
        try FileManager.default.removeItem(atPath: output)
        let afterSwap = try run(scratch, input: input, content: "right")
        XCTAssertFalse(afterSwap.reused, "a swapped entry was served")
        XCTAssertEqual(try scratch.read("out.mmpr"), right)

        // And the entry filed by that last run serves again.
        try FileManager.default.removeItem(atPath: output)
        XCTAssertTrue(try run(scratch, input: input, content: "right").reused)
        XCTAssertEqual(try scratch.read("out.mmpr"), right)
    }

    /// An output still in place, with a record naming this key and its bytes, is kept even when
    /// the cache lost its entry (and is filed there again); an edited output, a record of an older
    /// toolkit without the output's hash, or `--refresh` make the stage run.
    func testAnUnchangedOutputInPlaceIsKeptWithoutTheCache() throws {
        let scratch = try ScratchDirectory()
        let input = try scratch.write("input.mmpr", Array("input bytes".utf8))
        let cacheFolder = scratch.path("cache"), output = scratch.path("out.mmpr")
        let (_, first) = try run(scratch, input: input, content: "right")
        let right = try scratch.read("out.mmpr")

        try FileManager.default.removeItem(atPath: cacheFolder)
        XCTAssertTrue(try run(scratch, input: input, content: "another").reused, "the output in place was not kept")
        XCTAssertEqual(try scratch.read("out.mmpr"), right)
        XCTAssertTrue(try StageCache(directory: cacheFolder).holds(first.key!), "the kept output was not filed in the cache")

        try FileManager.default.removeItem(atPath: cacheFolder)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data([0xFF]))
        try handle.close()
        XCTAssertFalse(try run(scratch, input: input, content: "right").reused, "an edited output was kept")
        XCTAssertEqual(try scratch.read("out.mmpr"), right)

        try FileManager.default.removeItem(atPath: cacheFolder)
        try StageRecord(key: first.key!, output: nil).write(to: output + ".key.json")
        XCTAssertFalse(try run(scratch, input: input, content: "right").reused, "a record without the output's hash was trusted")

        let refresh = try StageOptions.parse(["-o", output, "--cache", cacheFolder, "--refresh"])
        let refreshed = try StageRun(tool: "t", parameters: ["seed": 1], inputs: [StageInput("problems", input)], options: refresh)
        XCTAssertFalse(try refreshed.reuseEarlierOutput(), "--refresh kept the output")
    }

    /// Outputs are copies: editing one in place leaves the cache entry as it was.
    func testEditingAnOutputDoesNotEditTheCache() throws {
        let scratch = try ScratchDirectory()
        let input = try scratch.write("input.mmpr", Array("input bytes".utf8))
        let (_, first) = try run(scratch, input: input, content: "right")
        let right = try scratch.read("out.mmpr")
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: scratch.path("out.mmpr")))
        try handle.write(contentsOf: Data([0xFF]))
        try handle.close()
        let entry = try StageCache(directory: scratch.path("cache")).artifactPath(for: first.key!)
        XCTAssertEqual([UInt8](try Data(contentsOf: URL(fileURLWithPath: entry))), right)
        XCTAssertTrue(try run(scratch, input: input, content: "right").reused)
        XCTAssertEqual(try scratch.read("out.mmpr"), right)
    }

    /// A decoding batch size changes no bit, so it is not keyed (and reuses the cache); the
    /// OpenBLAS core does, so a computing stage keys it.
    func testTheKeyHoldsTheBLASCoreAndNotAnUnkeyedBatchSize() throws {
        let scratch = try ScratchDirectory()
        let input = try scratch.write("input.mmpr", Array("input bytes".utf8))
        let options = try StageOptions.parse(["-o", scratch.path("out.mmpr"), "--cache", scratch.path("cache")])
        func key(batch: Int, computes: Bool) throws -> StageKey {
            try XCTUnwrap(
                StageRun(
                    tool: "t", parameters: ["seed": 1, "batch_size": .integer(Int64(batch))], inputs: [StageInput("problems", input)],
                    options: options, threads: computes ? try ThreadOptions.parse([]) : nil, unkeyed: ["batch_size"]
                ).key)
        }
        XCTAssertEqual(try key(batch: 8, computes: true), try key(batch: 16, computes: true))
        XCTAssertNotNil(try key(batch: 8, computes: true).parameters["environment.blas_core"]?.stringValue)
        XCTAssertNil(try key(batch: 8, computes: false).parameters["environment.blas_core"])
        XCTAssertNil(try key(batch: 8, computes: true).parameters["batch_size"])
    }

    /// --refresh (make's FRESH=1) runs the stage although the cache holds it, and replaces the
    /// entry with what it computed.
    func testRefreshRunsAndReplacesTheEntry() throws {
        let scratch = try ScratchDirectory()
        let input = try scratch.write("input.mmpr", Array("input bytes".utf8))
        let (_, first) = try run(scratch, input: input, content: "old")
        let entry = try StageCache(directory: scratch.path("cache")).artifactPath(for: first.key!)
        let options = try StageOptions.parse(["-o", scratch.path("out.mmpr"), "--cache", scratch.path("cache"), "--refresh"])
        let refreshed = try StageRun(tool: "t", parameters: ["seed": 1], inputs: [StageInput("problems", input)], options: options)
        XCTAssertFalse(try refreshed.reuseEarlierOutput(), "--refresh must run the stage")
        try refreshed.finish(try writer("new"))
        XCTAssertEqual(
            [UInt8](try Data(contentsOf: URL(fileURLWithPath: entry))), try scratch.read("out.mmpr"), "the entry was not replaced")
    }
}
