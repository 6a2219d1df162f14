import Artifacts
import Foundation
import JSON
import Problems
import XCTest
@testable import Preference

final class PairStageTests: XCTestCase {
    private var directory: String!
    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("pairstage-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: directory) }

    private let tool = Manifest.Tool(name: "test", version: "1")

    private func write(kind: String, records: [JSONValue], images: [String] = [], name: String) throws -> String {
        let writer = ArtifactWriter(kind: kind, tool: tool)
        try writer.add("records.jsonl", bytes: JSONLines.encode(records))
        for image in images { try writer.add(image, bytes: Array(image.utf8)) }
        let path = "\(directory!)/\(name)"
        try writer.write(to: .path(path))
        return path
    }

    private func sample(_ pid: String, _ index: Int, _ final: String) -> SampleRecord {
        SampleRecord(
            pid: pid, sampleIndex: index, seed: 3, image: "images/\(pid).png", questionOriginal: "Q",
            prompt: PromptTemplates.chainOfThought("Q \(pid)"),
            response: "Look.\nThink \(index).\nFinal answer: \(final)", answer: "4", choices: nil, source: "s", tokens: 5,
            finishReason: "stop", meanLogProb: -0.5)
    }

    func testShardsGiveTheSameBytesAsOneRunAndCarryTheirImages() throws {
        let problems = try write(
            kind: "problems", records: [["pid": "p1"]], images: ["images/p1.png", "images/p2.png", "images/o1.png", "images/unused.png"],
            name: "problems.mmpr")
        let all = [sample("p1", 0, "4"), sample("p1", 1, "5"), sample("p1", 2, "4"), sample("p2", 0, "3"), sample("p2", 1, "4")]
        let ntp = NTPRecord(
            pid: "o1", sampleIndex: 0, continuationIndex: 0, seed: 3, image: "images/o1.png", source: "open", question: "Describe.",
            chosen: "Two red bars and a blue one.", prefix: "Two red bars", continuation: " and a green circle.", finishReason: "stop")
        let whole = try write(kind: "samples", records: all.map(\.json), name: "all.mmpr")
        let shardA = try write(kind: "samples", records: [all[3], all[0]].map(\.json), name: "a.mmpr")
        let shardB = try write(kind: "samples", records: [all[4], all[2], all[1]].map(\.json), name: "b.mmpr")
        let ntpPath = try write(kind: "ntp", records: [ntp.json], name: "ntp.mmpr")

        let stage = PairStage(builder: PairBuilder(), tool: tool)
        try stage.run(problems: problems, samples: [whole], ntp: [ntpPath]).write(to: .path("\(directory!)/one.mmpr"))
        try stage.run(problems: problems, samples: [shardB, shardA], ntp: [ntpPath]).write(to: .path("\(directory!)/sharded.mmpr"))
        XCTAssertEqual(try ContentHash.ofFile("\(directory!)/one.mmpr"), try ContentHash.ofFile("\(directory!)/sharded.mmpr"))

        let (manifest, entries) = try ArtifactReader.entries(in: "\(directory!)/one.mmpr") { _ in true }
        XCTAssertEqual(manifest.kind, "pairs")
        XCTAssertEqual(manifest.entries.map(\.name), ["records.jsonl", "images/o1.png", "images/p1.png", "images/p2.png"])
        let pairs = try JSONLines.decode(entries["records.jsonl"]!, file: "one", entry: "records.jsonl").map {
            try PairRecord(json: $0, line: "x")
        }
        // p1: correct 0, 2 × wrong 1; p2: correct 1 × wrong 0; o1: one DropoutNTP pair.
        XCTAssertEqual(
            pairs.map { "\($0.kind.rawValue):\($0.pid):\($0.chosenSample)>\($0.rejectedSample)" },
            ["correctness:p1:0>1", "correctness:p1:2>1", "correctness:p2:1>0", "dropntp:o1:0>0"])
        XCTAssertEqual(pairs.last?.rejected, "Two red bars and a green circle.")
        XCTAssertTrue(pairs.allSatisfy { $0.chosen != $0.rejected })
    }

    func testOverlappingShardsAndWrongKindsAreRefused() throws {
        let problems = try write(kind: "problems", records: [], images: ["images/p1.png"], name: "problems.mmpr")
        let shard = try write(kind: "samples", records: [sample("p1", 0, "4").json], name: "s.mmpr")
        let stage = PairStage(builder: PairBuilder(), tool: tool)
        XCTAssertThrowsError(try stage.run(problems: problems, samples: [shard, shard], ntp: [])) { error in
            XCTAssertTrue("\(error)".contains("p1#0 appears twice"), "\(error)")
        }
        XCTAssertThrowsError(try stage.run(problems: shard, samples: [shard], ntp: [])) { error in
            XCTAssertTrue("\(error)".contains("expected 'problems'"), "\(error)")
        }
        XCTAssertThrowsError(try stage.run(problems: problems, samples: [problems], ntp: [])) { error in
            XCTAssertTrue("\(error)".contains("expected 'samples'"), "\(error)")
        }
        let broken = try write(kind: "samples", records: [["pid": "p1"]], name: "broken.mmpr")
        XCTAssertThrowsError(try stage.run(problems: problems, samples: [broken], ntp: [])) { error in
            XCTAssertTrue("\(error)".contains("broken.mmpr: records.jsonl line 1: missing field"), "\(error)")
        }
    }
}
