// Lock files (make lock / make verify): an entry is read from the artifact's own manifest, round
// trips through its JSON line, and a rebuild's verdict names the cause of a difference.
import Artifacts
import JSON
import TestSupport
import XCTest

final class LockfileTests: XCTestCase {
    private func artifact(
        _ scratch: ScratchDirectory, _ name: String, content: String, parameters: JSONObject = ["lr": 0.001],
        inputs: [Manifest.Input] = [], blas: String = "Haswell", version: String = "0.1.0"
    ) throws -> LockEntry {
        let writer = ArtifactWriter(
            kind: "model", tool: .init(name: "mpo-train fit", version: version), parameters: parameters,
            inputs: inputs, environment: ["blas_core": .string(blas)])
        try writer.add("records.jsonl", bytes: Array(content.utf8))
        let path = scratch.path(name)
        let hash = try writer.write(to: .path(path))
        let entry = try LockEntry.of(path: path, stage: name)
        XCTAssertEqual(entry.hash, hash)
        XCTAssertEqual(entry.hash, try ContentHash.ofFile(path))
        return entry
    }

    func testEntriesRoundTripAndVerdictsNameTheCause() throws {
        let scratch = try ScratchDirectory()
        let upstream = try artifact(scratch, "sft.mmpr", content: "m0")
        let input = [Manifest.Input(role: "model", kind: "model", hash: upstream.hash)]
        let locked = try artifact(scratch, "mpo.mmpr", content: "policy", inputs: input)
        let lock = Lockfile.encode([upstream, locked])
        XCTAssertEqual(try Lockfile.decode(lock, file: "x.lock"), [upstream, locked])
        XCTAssertEqual(String(decoding: lock, as: UTF8.self).split(separator: "\n").count, 2)
        let producers = [upstream.hash: "sft.mmpr", locked.hash: "mpo.mmpr"]

        XCTAssertEqual(Lockfile.verdict(locked: locked, current: locked, producers: producers), .identical)
        XCTAssertEqual(Lockfile.verdict(locked: locked, current: nil, producers: producers), .missing)

        let otherUpstream = try artifact(scratch, "sft2.mmpr", content: "m0 changed")
        let changedInput = try artifact(
            scratch, "a.mmpr", content: "policy 2", inputs: [Manifest.Input(role: "model", kind: "model", hash: otherUpstream.hash)])
        XCTAssertEqual(
            Lockfile.verdict(locked: locked, current: changedInput, producers: producers),
            .differs(["input model differs (made by stage sft.mmpr, which differs)"]))

        let changedParameter = try artifact(scratch, "b.mmpr", content: "policy 3", parameters: ["lr": 0.002], inputs: input)
        XCTAssertEqual(
            Lockfile.verdict(locked: locked, current: changedParameter, producers: producers), .differs(["parameter lr: 0.001 → 0.002"]))

        let otherCore = try artifact(scratch, "c.mmpr", content: "policy 4", inputs: input, blas: "Zen")
        XCTAssertEqual(
            Lockfile.verdict(locked: locked, current: otherCore, producers: producers),
            .differs(["compute environment blas_core: \"Haswell\" → \"Zen\""]))

        let unexplained = try artifact(scratch, "d.mmpr", content: "policy 5", inputs: input)
        guard case .differs(let causes) = Lockfile.verdict(locked: locked, current: unexplained, producers: producers) else {
            return XCTFail()
        }
        XCTAssertTrue(causes[0].contains("determinism bug"), causes[0])
    }

    func testMalformedLockLinesAreNamed() {
        XCTAssertThrowsError(try Lockfile.decode(Array("{\"stage\":\"a.mmpr\"}\n".utf8), file: "r.lock")) { error in
            XCTAssertTrue(String(describing: error).contains("r.lock line 1"), String(describing: error))
        }
    }
}
