import Foundation
import TestSupport
import XCTest
@testable import Evaluation

final class SVGPlotTests: XCTestCase {
    /// Python's XML parser is the judge of well-formedness; the element counts are ours to check.
    private func parse(_ svg: String) throws -> [String: Int] {
        let python = try Subprocess.run(
            "python3",
            [
                "-c",
                "import sys, json, collections, xml.etree.ElementTree as E; r = E.fromstring(sys.stdin.read()); print(json.dumps(collections.Counter(e.tag.split('}')[1] for e in r.iter())))",
            ],
            input: Array(svg.utf8))
        XCTAssertEqual(python.status, 0, "not well-formed XML (\(python.stderr)):\n\(svg)")
        return try JSONSerialization.jsonObject(with: Data(python.stdout)) as! [String: Int]
    }

    func testLineChartIsWellFormedWithOneLinePerSeries() throws {
        let plot = SVGPlot(title: "loss & margins <MPO>", xLabel: "step", yLabel: "loss")
        let svg = plot.lines([
            .init(name: "sigmoid", points: (0..<50).map { (Double($0), exp(-Double($0) / 20)) }),
            .init(name: "bco_pair", points: (0..<50).map { (Double($0), 2 * exp(-Double($0) / 30)) }),
        ])
        let counts = try parse(svg)
        XCTAssertEqual(counts["polyline"], 2)
        XCTAssertTrue(svg.contains("loss &amp; margins &lt;MPO&gt;"))
        XCTAssertEqual(
            svg,
            plot.lines([
                .init(name: "sigmoid", points: (0..<50).map { (Double($0), exp(-Double($0) / 20)) }),
                .init(name: "bco_pair", points: (0..<50).map { (Double($0), 2 * exp(-Double($0) / 30)) }),
            ]), "same data, same bytes")
    }

    func testBarsHaveOneRectPerValueAndWhiskers() throws {
        let svg = SVGPlot(title: "accuracy", xLabel: "model", yLabel: "%").bars(
            categories: ["M0", "DPO", "MPO"],
            series: [("Direct", [30, 31, 33], [(27, 33), (28, 34), (30, 36)]), ("CoT", [28, 32, 38], nil)], yMaximum: 100)
        let counts = try parse(svg)
        // 6 bars + 2 legend swatches + the background.
        XCTAssertEqual(counts["rect"], 9)
        XCTAssertGreaterThanOrEqual(counts["line"] ?? 0, 3 + 2)
    }

    func testTicksAreRound() {
        XCTAssertEqual(SVGPlot.ticks((0, 100)), [0, 20, 40, 60, 80, 100])
        XCTAssertEqual(SVGPlot.ticks((0.12, 0.93)), [0.2, 0.4, 0.6000000000000001, 0.8].map { $0 }, accuracy: 1e-12)
    }
}

private func XCTAssertEqual(_ a: [Double], _ b: [Double], accuracy: Double, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, file: file, line: line)
    for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: accuracy, file: file, line: line) }
}
