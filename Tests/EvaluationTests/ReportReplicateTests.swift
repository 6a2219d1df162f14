// Replicates in REPORT.md: a model trained again with another data-order seed is accepted only
// when nothing else about its training differs, and only with testmini scores of that very model;
// the "Data-order seeds" section shows each seed and the seed-averaged comparisons, recomputed here
// from the outcome patterns the test writes.
import Artifacts
import Evaluation
import Foundation
import JSON
import TestSupport
import XCTest

final class ReportReplicateTests: XCTestCase {
    private let n = 120
    private let tool = Manifest.Tool(name: "mpo-train fit", version: "test")
    private let inputs = [
        Manifest.Input(role: "model", kind: "model", hash: ContentHash.of(Array("M0".utf8))),
        Manifest.Input(role: "data", kind: "pairs", hash: ContentHash.of(Array("pairs".utf8))),
    ]

    /// A model artifact (no weights: the report reads only the manifest and metrics).
    private func model(_ scratch: ScratchDirectory, _ name: String, parameters: JSONObject, inputs: [Manifest.Input]? = nil) throws
        -> String
    {
        let path = scratch.path(name)
        _ = try ArtifactWriter(kind: "model", tool: tool, parameters: parameters, inputs: inputs ?? self.inputs).write(to: .path(path))
        return path
    }

    /// Testmini scores of `model`: CoT right where `cot(i)`, Direct where `direct(i)`.
    private func scores(
        _ scratch: ScratchDirectory, _ name: String, model: String, cot: (Int) -> Bool, direct: (Int) -> Bool, problems: Int? = nil
    ) throws
        -> String
    {
        func outputs(_ right: (Int) -> Bool) -> [UInt8] {
            let document = JSONValue.object(
                JSONObject(
                    (0..<(problems ?? n)).map {
                        (
                            String(format: "p%03d", $0),
                            ["response": "Reading.\nFinal answer: 1", "true_false": .bool(right($0))] as JSONValue
                        )
                    }))
            return JSONWriter.canonical.bytes(document)
        }
        func overall(_ right: (Int) -> Bool) -> JSONValue {
            ["overall": ["accuracy": .number(Double((0..<n).filter(right).count) / Double(n))]]
        }
        let writer = ArtifactWriter(
            kind: "scores", tool: .init(name: "mpo-eval run", version: "test"), parameters: ["split": "testmini"],
            inputs: [Manifest.Input(role: "model", kind: "model", hash: try ContentHash.ofFile(model))])
        try writer.add("outputs_direct.json", bytes: outputs(direct))
        try writer.add("outputs_cot.json", bytes: outputs(cot))
        try writer.add("summary.json", bytes: JSONWriter.canonical.bytes(["direct": overall(direct), "cot": overall(cot)]))
        let path = scratch.path(name)
        _ = try writer.write(to: .path(path))
        return path
    }

    private let mpoParameters: JSONObject = ["lr": 2e-5, "loss": "mpo", "seed": 0]
    private func withSeed(_ seed: Int64) -> JSONObject {
        var parameters = mpoParameters
        parameters["seed"] = .integer(seed)
        return parameters
    }

    func testSeedsAreShownAndTheirAveragesCompared() throws {
        let scratch = try ScratchDirectory()
        let m0Model = try model(scratch, "m0.mmpr", parameters: ["preset": "tiny"], inputs: [])
        let m0 = try ReportRow.load(
            label: "M0", model: m0Model,
            testmini: try scores(scratch, "eval-m0.mmpr", model: m0Model, cot: { $0 < 40 }, direct: { $0 < 30 }),
            pope: nil)
        let cot: [(Int) -> Bool] = [{ $0 < 60 }, { $0 >= 10 && $0 < 58 }, { $0 % 2 == 0 }]
        let mpoModels = try (0..<3).map { try model(scratch, "mpo-\($0).mmpr", parameters: withSeed(Int64($0))) }
        let mpoScores = try (0..<3).map {
            try scores(scratch, "eval-mpo-\($0).mmpr", model: mpoModels[$0], cot: cot[$0], direct: { $0 < 35 })
        }
        var mpo = try ReportRow.load(label: "M0 + MPO", model: mpoModels[0], testmini: mpoScores[0], pope: nil)
        try mpo.addReplicate(model: mpoModels[1], testmini: mpoScores[1])
        try mpo.addReplicate(model: mpoModels[2], testmini: mpoScores[2])

        let markdown = Report(title: "t", rows: [m0, mpo], stageSeconds: [], artifacts: [], notes: []).render().markdown
        let lines = markdown.split(separator: "\n").map(String.init)
        let rates = cot.map { rule in 100 * Double((0..<n).filter(rule).count) / Double(n) }
        let mean = rates.reduce(0, +) / 3
        let perSeed = rates.map { String(format: "%.1f", $0) }.joined(separator: " / ")
        XCTAssertTrue(
            lines.contains("| M0 + MPO | 0, 1, 2 | \(perSeed) | \(String(format: "%.1f", mean)) | 29.2 / 29.2 / 29.2 | 29.2 |"), markdown)
        guard let comparison = lines.first(where: { $0.hasPrefix("| M0 + MPO vs M0 |") }) else { return XCTFail(markdown) }
        let cells = comparison.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        let m0Rate = 100 * 40 / Double(n)
        XCTAssertEqual(cells[1], String(format: "%.1f", mean))
        XCTAssertEqual(cells[2], String(format: "%.1f", m0Rate))
        XCTAssertEqual(cells[3], String(format: "%+.1f", mean - m0Rate))
        XCTAssertTrue(["holds", "does not hold", "inconclusive"].contains(cells[5]), comparison)
        XCTAssertFalse(markdown.contains("not compared"), markdown)
        XCTAssertTrue(markdown.contains("\"Data-order seeds\" below averages"), markdown)

        // Without replicates there is no such section.
        let single = try ReportRow.load(label: "M0 + MPO", model: mpoModels[0], testmini: mpoScores[0], pope: nil)
        XCTAssertFalse(
            Report(title: "t", rows: [m0, single], stageSeconds: [], artifacts: [], notes: []).render().markdown.contains(
                "Data-order seeds"))
    }

    func testAReplicateMustBeTheSameRunWithAnotherSeedAndItsOwnScores() throws {
        let scratch = try ScratchDirectory()
        let first = try model(scratch, "mpo-0.mmpr", parameters: withSeed(0))
        var row = try ReportRow.load(
            label: "M0 + MPO", model: first, testmini: try scores(scratch, "e0.mmpr", model: first, cot: { $0 < 9 }, direct: { $0 < 9 }),
            pope: nil)
        func refusal(_ model: String, _ testmini: String? = nil) -> String {
            do {
                try row.addReplicate(
                    model: model,
                    testmini: try testmini ?? scores(scratch, "e-\(UUID()).mmpr", model: model, cot: { $0 < 5 }, direct: { $0 < 5 }))
                return "accepted"
            } catch { return "\(error)" }
        }
        var otherRate = withSeed(1)
        otherRate["lr"] = 5e-5
        let message = refusal(try model(scratch, "lr.mmpr", parameters: otherRate))
        XCTAssertTrue(message.contains("lr.mmpr") && message.contains("parameter lr: 2e-05 → 5e-05"), message)
        let otherData = refusal(try model(scratch, "data.mmpr", parameters: withSeed(1), inputs: [inputs[0]]))
        XCTAssertTrue(otherData.contains("trained from other inputs"), otherData)
        let sameSeed = refusal(try model(scratch, "again.mmpr", parameters: withSeed(0)))
        XCTAssertTrue(sameSeed.contains("seed (0) is already a run"), sameSeed)
        let seedOne = try model(scratch, "mpo-1.mmpr", parameters: withSeed(1))
        let wrongScores = refusal(seedOne, try scores(scratch, "e-first.mmpr", model: first, cot: { $0 < 5 }, direct: { $0 < 5 }))
        XCTAssertTrue(wrongScores.contains("e-first.mmpr") && wrongScores.contains("does not score"), wrongScores)
        let fewerProblems = refusal(
            seedOne, try scores(scratch, "e-short.mmpr", model: seedOne, cot: { $0 < 5 }, direct: { $0 < 5 }, problems: n - 1))
        XCTAssertTrue(fewerProblems.contains("e-short.mmpr") && fewerProblems.contains("different pid sets"), fewerProblems)
        XCTAssertEqual(row.replicates.count, 0)
        XCTAssertEqual(refusal(seedOne), "accepted")
        XCTAssertEqual(row.replicates.map(\.seed), [1])
    }
}
