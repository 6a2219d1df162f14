import Artifacts
import Foundation
import JSON
import ToolSupport
import TestSupport
import XCTest

final class StageCacheTests: XCTestCase {
    private func key(parameters: JSONObject = ["n": 32, "temperature": 1.0], input: String = "abc", executable: String = "exe") -> StageKey {
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

        let first = try StageRun(tool: "t", parameters: ["seed": 1], inputs: [("problems", input)], options: options)
        XCTAssertFalse(try first.reuseCachedOutput())
        let written = try first.finish(try writer("first"))
        try FileManager.default.removeItem(atPath: scratch.path("out.mmpr"))

        let second = try StageRun(tool: "t", parameters: ["seed": 1], inputs: [("problems", input)], options: options)
        XCTAssertEqual(second.key, first.key)
        XCTAssertTrue(try second.reuseCachedOutput())
        XCTAssertEqual(try ContentHash.ofFile(scratch.path("out.mmpr")), written)

        let changed = try StageRun(tool: "t", parameters: ["seed": 2], inputs: [("problems", input)], options: options)
        XCTAssertFalse(try changed.reuseCachedOutput())
        let cache = try StageCache(directory: scratch.path("cache"))
        XCTAssertEqual(cache.recordedKey(hash: first.key!.hash), first.key)
    }

    func testAnInputChangedMidRunFailsTheStageAndWritesNothing() throws {
        let scratch = try ScratchDirectory()
        let input = try scratch.write("input.mmpr", Array("input bytes".utf8))
        let options = try StageOptions.parse(["-o", scratch.path("out.mmpr"), "--cache", scratch.path("cache")])
        let run = try StageRun(tool: "t", parameters: [:], inputs: [("problems", input)], options: options)
        try scratch.write("input.mmpr", Array("edited".utf8))
        XCTAssertThrowsError(try run.finish(try writer("x"))) { error in
            XCTAssertTrue("\(error)".contains("changed while t ran"), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: scratch.path("out.mmpr")))
    }

    func testPipedInputsAreNeverCached() throws {
        let scratch = try ScratchDirectory()
        let options = try StageOptions.parse(["-o", scratch.path("out.mmpr"), "--cache", scratch.path("cache")])
        let run = try StageRun(tool: "t", parameters: [:], inputs: [("problems", "-")], options: options)
        XCTAssertNil(run.key)
        XCTAssertFalse(try run.reuseCachedOutput())
    }
}
