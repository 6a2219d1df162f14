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
    /// Panels stack downwards; with smoothing each series is a faint raw line plus its average.
    func testPanelsStackAndDrawRawAndSmoothedLines() throws {
        var plot = SVGPlot(title: "training", xLabel: "step", yLabel: "")
        plot.height = 200
        let noisy = (0..<40).map { (x: Double($0), y: Double($0 % 2 == 0 ? 1 : 3)) }
        let svg = plot.panels(
            [
                ("loss", [.init(name: "loss", points: noisy), .init(name: "loss/sft", points: noisy)]),
                ("margin", [.init(name: "rewards/margins", points: noisy)]),
            ], smoothing: 5)
        let counts = try parse(svg)
        XCTAssertEqual(counts["polyline"], 6, "raw + smoothed for each of three series")
        XCTAssertTrue(svg.contains("height=\"400.0\""), "two panels of 200")
        XCTAssertEqual(svg.components(separatedBy: "stroke-opacity=\"0.2\"").count - 1, 3, "three faint raw lines")
    }

    /// The centred moving average, recomputed by hand: window 3 over 1, 2, 3, 10.
    func testMovingAverageIsCentredAndShortensAtTheEnds() {
        XCTAssertEqual(SVGPlot.movingAverage([1, 2, 3, 10], window: 3), [1.5, 2, 5, 6.5])
        XCTAssertEqual(SVGPlot.movingAverage([1, 2, 3], window: 1), [1, 2, 3])
    }

    /// Long model names are slanted and the figure grows to hold them below the axis.
    func testBarLabelsAreSlantedWithRoomBelow() throws {
        let categories = ["M0", "M0 + MPO without DropoutNTP"]
        let svg = SVGPlot(title: "accuracy", xLabel: "model", yLabel: "%").bars(
            categories: categories, series: [("CoT", [20, 21], nil)], yMaximum: 100)
        _ = try parse(svg)
        XCTAssertEqual(svg.components(separatedBy: "rotate(-30").count - 1, 2)
        let short = SVGPlot(title: "accuracy", xLabel: "model", yLabel: "%").bars(categories: ["A", "B"], series: [("CoT", [1, 2], nil)])
        func height(_ svg: String) -> Double {
            Double(svg.components(separatedBy: "height=\"")[1].prefix { $0 != "\"" }) ?? 0
        }
        XCTAssertGreaterThan(height(svg), height(short))
    }
}

private func XCTAssertEqual(_ a: [Double], _ b: [Double], accuracy: Double, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, file: file, line: line)
    for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: accuracy, file: file, line: line) }
}
