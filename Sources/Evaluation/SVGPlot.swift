// A small SVG writer for the report's two kinds of figure — line charts (training curves, in
// stacked panels, each series drawn raw and faint under its moving average) and grouped bars
// (accuracy per model, Direct vs CoT, category labels slanted so long names do not overlap) —
// with axes, ticks and a legend. Numbers are printed with fixed precision, so the same data gives
// the same file.
import Foundation

public struct SVGPlot {
    public struct Series {
        public var name: String
        public var points: [(x: Double, y: Double)]
        public init(name: String, points: [(x: Double, y: Double)]) {
            self.name = name
            self.points = points
        }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var width = 640.0
    public var height = 360.0
    private var margin = (left: 64.0, right: 150.0, top: 36.0, bottom: 48.0)
    /// The panel being drawn: its top edge in the document (panels stack downwards).
    private var panelTop = 0.0
    /// Colour-blind-safe (Okabe–Ito).
    static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]

    public init(title: String, xLabel: String, yLabel: String) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    /// A line chart of every series over a shared x range.
    public func lines(_ series: [Series]) -> String {
        panels([(yLabel, series)], smoothing: 1)
    }

    /// Stacked line charts sharing the x axis, one per (y label, series), each `height` tall.
    /// With `smoothing` > 1 every series is drawn raw and faint, and over it its centred moving
    /// average over `smoothing` points (fewer at the ends), which is what the eye should follow.
    public func panels(_ panels: [(yLabel: String, series: [Series])], smoothing: Int) -> String {
        let xRange = Self.range(panels.flatMap { $0.series.flatMap { $0.points.map(\.x) } })
        var body = ""
        for (number, panel) in panels.enumerated() {
            var plot = self
            plot.panelTop = Double(number) * height
            plot.yLabel = panel.yLabel
            let yRange = Self.range(panel.series.flatMap { $0.points.map(\.y) })
            body += plot.axes(xRange: xRange, yRange: yRange)
            for (index, line) in panel.series.enumerated() where !line.points.isEmpty {
                let smoothed = Self.movingAverage(line.points.map(\.y), window: smoothing)
                if smoothing > 1 {
                    body += plot.polyline(line.points, xRange, yRange, color: color(index), width: 1, opacity: 0.25)
                }
                body += plot.polyline(
                    Array(zip(line.points.map(\.x), smoothed)).map { (x: $0.0, y: $0.1) }, xRange, yRange,
                    color: color(index), width: 1.5, opacity: 1)
            }
            body += plot.legend(panel.series.map(\.name))
        }
        var whole = self
        whole.height = height * Double(max(1, panels.count))
        return whole.document(body)
    }

    /// The centred moving average of `values` over `window` points (fewer where the ends cut it).
    static func movingAverage(_ values: [Double], window: Int) -> [Double] {
        guard window > 1 else { return values }
        let half = window / 2
        return values.indices.map { i in
            let part = values[max(0, i - half)...min(values.count - 1, i + half)]
            return part.reduce(0, +) / Double(part.count)
        }
    }

    private func polyline(
        _ points: [(x: Double, y: Double)], _ xRange: (Double, Double), _ yRange: (Double, Double),
        color: String, width: Double, opacity: Double
    ) -> String {
        let path = points.map { "\(f(xPosition($0.x, xRange))),\(f(yPosition($0.y, yRange)))" }.joined(separator: " ")
        let fade = opacity < 1 ? " stroke-opacity=\"\(f(opacity))\"" : ""
        return "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(f(width))\"\(fade) points=\"\(path)\"/>\n"
    }

    /// Grouped bars: one group per category, one bar per series; `errors` are (low, high) whiskers.
    public func bars(categories: [String], series: [(name: String, values: [Double], errors: [(Double, Double)]?)], yMaximum: Double? = nil)
        -> String
    {
        var plot = self
        // Category names are slanted at 30°: room below the axis for the longest one.
        let longest = Double(categories.map(\.count).max() ?? 0)
        plot.margin.bottom = max(margin.bottom, 30 + longest * 3.3)
        plot.height = height + plot.margin.bottom - margin.bottom
        return plot.drawBars(categories: categories, series: series, yMaximum: yMaximum)
    }

    private func drawBars(categories: [String], series: [(name: String, values: [Double], errors: [(Double, Double)]?)], yMaximum: Double?)
        -> String
    {
        let heights: [Double] = series.flatMap { item -> [Double] in item.values + (item.errors ?? []).map { $0.1 } }
        let top = yMaximum ?? (heights.max() ?? 1)
        let yRange = (0.0, top > 0 ? top : 1)
        let plotWidth = width - margin.left - margin.right
        let groupWidth = plotWidth / Double(max(1, categories.count))
        let barWidth = groupWidth * 0.8 / Double(max(1, series.count))
        var body = axes(xRange: nil, yRange: yRange)
        for (group, category) in categories.enumerated() {
            let groupLeft = margin.left + Double(group) * groupWidth + groupWidth * 0.1
            for (index, item) in series.enumerated() where group < item.values.count {
                let x = groupLeft + Double(index) * barWidth
                let y = yPosition(item.values[group], yRange), base = yPosition(0, yRange)
                body +=
                    "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(barWidth * 0.92))\" height=\"\(f(base - y))\" fill=\"\(color(index))\"/>\n"
                if let (low, high) = item.errors?[group] {
                    let centre = x + barWidth * 0.46
                    body +=
                        "<line x1=\"\(f(centre))\" y1=\"\(f(yPosition(low, yRange)))\" x2=\"\(f(centre))\" y2=\"\(f(yPosition(high, yRange)))\" stroke=\"#333\"/>\n"
                }
            }
            let labelX = groupLeft + groupWidth * 0.4, labelY = height - margin.bottom + 14
            body +=
                "<text x=\"\(f(labelX))\" y=\"\(f(labelY))\" font-size=\"11\" text-anchor=\"end\" transform=\"rotate(-30 \(f(labelX)) \(f(labelY)))\">\(escape(category))</text>\n"
        }
        body += legend(series.map(\.name))
        return document(body)
    }

    // MARK: - Pieces

    private func document(_ body: String) -> String {
        """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(f(width))" height="\(f(height))" viewBox="0 0 \(f(width)) \(f(height))" font-family="sans-serif">
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(f(width / 2))" y="20" font-size="14" text-anchor="middle">\(escape(title))</text>
        \(body)</svg>

        """
    }

    private func axes(xRange: (Double, Double)?, yRange: (Double, Double)) -> String {
        let left = margin.left, right = width - margin.right, top = panelTop + margin.top, bottom = panelTop + height - margin.bottom
        var text = "<line x1=\"\(f(left))\" y1=\"\(f(bottom))\" x2=\"\(f(right))\" y2=\"\(f(bottom))\" stroke=\"#333\"/>\n"
        text += "<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(bottom))\" stroke=\"#333\"/>\n"
        for tick in Self.ticks(yRange) {
            let y = yPosition(tick, yRange)
            text += "<line x1=\"\(f(left - 4))\" y1=\"\(f(y))\" x2=\"\(f(right))\" y2=\"\(f(y))\" stroke=\"#ddd\"/>\n"
            text += "<text x=\"\(f(left - 6))\" y=\"\(f(y + 4))\" font-size=\"10\" text-anchor=\"end\">\(Self.label(tick))</text>\n"
        }
        if let xRange {
            for tick in Self.ticks(xRange) {
                let x = xPosition(tick, xRange)
                text += "<text x=\"\(f(x))\" y=\"\(f(bottom + 14))\" font-size=\"10\" text-anchor=\"middle\">\(Self.label(tick))</text>\n"
            }
        }
        text +=
            "<text x=\"\(f((left + right) / 2))\" y=\"\(f(panelTop + height - 10))\" font-size=\"11\" text-anchor=\"middle\">\(escape(xLabel))</text>\n"
        text +=
            "<text transform=\"translate(14,\(f((top + bottom) / 2))) rotate(-90)\" font-size=\"11\" text-anchor=\"middle\">\(escape(yLabel))</text>\n"
        return text
    }

    private func legend(_ names: [String]) -> String {
        var text = ""
        for (index, name) in names.enumerated() {
            let y = panelTop + margin.top + 8 + Double(index) * 16, x = width - margin.right + 12
            text += "<rect x=\"\(f(x))\" y=\"\(f(y - 8))\" width=\"10\" height=\"10\" fill=\"\(color(index))\"/>\n"
            text += "<text x=\"\(f(x + 14))\" y=\"\(f(y + 1))\" font-size=\"11\">\(escape(name))</text>\n"
        }
        return text
    }

    private func xPosition(_ x: Double, _ range: (Double, Double)) -> Double {
        margin.left + (x - range.0) / (range.1 - range.0) * (width - margin.left - margin.right)
    }

    private func yPosition(_ y: Double, _ range: (Double, Double)) -> Double {
        panelTop + height - margin.bottom - (y - range.0) / (range.1 - range.0) * (height - margin.top - margin.bottom)
    }

    private func color(_ index: Int) -> String { Self.palette[index % Self.palette.count] }
    private func f(_ value: Double) -> String { String(format: "%.1f", value) }

    /// Data range, widened when flat so that positions stay finite.
    static func range(_ values: [Double]) -> (Double, Double) {
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return (0, 1) }
        return low == high ? (low - 1, high + 1) : (low, high)
    }

    /// About five round ticks (1, 2 or 5 × 10^k apart) inside the range.
    static func ticks(_ range: (Double, Double)) -> [Double] {
        let span = range.1 - range.0
        let raw = span / 5, power = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= raw } ?? raw
        var tick = ceil(range.0 / step) * step
        var ticks: [Double] = []
        while tick <= range.1 + step * 1e-9 {
            ticks.append(abs(tick) < step * 1e-9 ? 0 : tick)
            tick += step
        }
        return ticks
    }

    static func label(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e6 ? String(Int(value)) : String(format: "%.3g", value)
    }

    private func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(
            of: ">", with: "&gt;")
    }
}
