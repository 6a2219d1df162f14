// Images of every kind and size, through every tool that feeds the model: each PNG colour type
// and bit depth and each JPEG kind, at sizes from 1×1 to 1000×700 (and 700×1000), in every split.
// No tool may stop on any of them, and the model's input is the same on 1 and 2 threads.
import Artifacts
import Foundation
import TestSupport
import XCTest

final class ImageSweepTests: XCTestCase {
    static let sizes = [(1, 1), (2, 3), (1, 9), (9, 1), (31, 17), (63, 64), (64, 64), (65, 65), (120, 90), (448, 448), (1000, 700)]

    /// Every kind once, cycling through the sizes, plus the extremes: the largest images as JPEG
    /// (what real benchmarks ship) and as RGBA, and a 1×1 of both formats.
    static func sweep() throws -> [(name: String, bytes: [UInt8])] {
        var chosen: [(kind: String, width: Int, height: Int)] = ImageZoo.kinds.enumerated().map { index, kind in
            let (width, height) = sizes[index % sizes.count]
            return (kind, width, height)
        }
        chosen += [("jpeg-progressive", 1000, 700), ("rgba8", 700, 1000), ("jpeg-baseline", 1, 1), ("grey16", 1, 1)]
        return try chosen.map { kind, width, height in
            let image = try XCTUnwrap(ImageZoo.images(width: width, height: height, kinds: [kind]).first)
            return ("images/\(kind)-\(width)x\(height).\(image.fileExtension)", image.bytes)
        }
    }

    func testEveryToolTakesEveryKindAndSizeOfImage() throws {
        let scratch = try ScratchDirectory()
        let problems = scratch.path("problems.mmpr"), model = scratch.path("init.mmpr")
        let images = try Self.sweep()
        XCTAssertEqual(images.count, ImageZoo.kinds.count + 4)
        try PipelineFixture.write(to: problems, images: images)
        XCTAssertEqual(try ToolRunner.run("mpo-train", ["init", "--preset", "tiny", "-o", model]).status, 0)

        func succeed(_ tool: String, _ arguments: [String]) throws {
            let result = try ToolRunner.run(tool, arguments)
            XCTAssertEqual(result.status, 0, "\(tool) \(arguments.joined(separator: " ")): \(result.stderr)")
        }
        let (samples, ntp, pairs, reference) = (
            scratch.path("samples.mmpr"), scratch.path("ntp.mmpr"), scratch.path("pairs.mmpr"), scratch.path("ref.mmpr")
        )
        // A model that has learnt the fixture's answer format, so that some samples are right.
        let sft = scratch.path("sft.mmpr")
        try succeed(
            "mpo-train",
            [
                "fit", "--model", model, "--data", problems, "--split", "sft", "--loss", "sft", "--epochs", "20", "--lr", "3e-3",
                "--warmup-ratio", "0", "-o", sft,
            ])
        try succeed(
            "mmpr-sample",
            ["--problems", problems, "--model", sft, "--samples", "4", "--open-samples", "1", "--max-new-tokens", "24", "-o", samples])
        try succeed("mmpr-dropntp", ["--samples", samples, "--model", sft, "--max-new-tokens", "24", "-o", ntp])
        try succeed("mmpr-pair", ["build", "--problems", problems, "--samples", samples, "--ntp", ntp, "-o", pairs])
        let pairedImages = Set(try ArtifactReader.records(in: pairs, kind: "pairs").records.compactMap { $0["image"]?.stringValue })
        XCTAssertGreaterThan(pairedImages.count, images.count / 2, "most images reach the pairs: \(pairedImages.sorted())")
        try succeed("mpo-train", ["reflogps", "--model", model, "--pairs", pairs, "-o", reference])
        try succeed(
            "mpo-train",
            ["fit", "--model", model, "--data", pairs, "--reflogps", reference, "--loss", "mpo", "-o", scratch.path("mpo.mmpr")])
        try succeed("mpo-eval", ["run", "--model", model, "--problems", problems, "--split", "pope", "-o", scratch.path("pope.mmpr")])

        // The same image bytes give the same model input whatever the thread count: the
        // log-probabilities and the answers come out bit for bit the same.
        for threads in ["1", "2"] {
            try succeed(
                "mpo-eval",
                [
                    "run", "--model", model, "--problems", problems, "--split", "testmini", "--max-new-tokens", "4",
                    "--threads", threads, "-o", scratch.path("run-\(threads).mmpr"),
                ])
            try succeed(
                "mpo-eval",
                [
                    "grounding", "--model", model, "--problems", problems, "--split", "testmini", "--threads", threads,
                    "-o", scratch.path("grounding-\(threads).mmpr"),
                ])
        }
        XCTAssertEqual(try scratch.read("run-1.mmpr"), try scratch.read("run-2.mmpr"))
        XCTAssertEqual(try scratch.read("grounding-1.mmpr"), try scratch.read("grounding-2.mmpr"))
        XCTAssertEqual(try ArtifactReader.records(in: scratch.path("grounding-1.mmpr"), kind: "grounding").records.count, 2 * images.count)
    }
}
