// Progress of long work on stderr: a line redrawn in place on a terminal (at most 4 times a
// second), or a plain line every 10 % when stderr is a file or pipe, with rate and ETA.
import Foundation

public final class ProgressReporter {
    private let label: String
    private let total: Int
    private let unit: String
    private let start: Date
    private var lastDraw = Date.distantPast
    private var lastDecile = -1

    /// `startedAt`: when the work began, if before the reporter was made (for an honest first rate).
    public init(label: String, total: Int, unit: String, startedAt: Date = Date()) {
        self.label = label
        self.total = total
        self.unit = unit
        start = startedAt
    }

    /// `done` of `total` finished; `detail` is appended (e.g. the current loss).
    public func update(_ done: Int, detail: String = "") {
        let now = Date()
        let elapsed = now.timeIntervalSince(start)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let remaining = rate > 0 ? Double(total - done) / rate : 0
        let line =
            "\(label): \(done)/\(total) \(unit), \(String(format: "%.1f", rate)) \(unit)/s, ETA \(Self.duration(remaining))\(detail.isEmpty ? "" : " · " + detail)"
        if StandardError.isTerminal {
            guard now.timeIntervalSince(lastDraw) >= 0.25 || done == total else { return }
            lastDraw = now
            StandardError.write("\r\u{1B}[K" + line + (done == total ? "\n" : ""))
        } else {
            let decile = total == 0 ? 10 : done * 10 / total
            guard decile != lastDecile else { return }
            lastDecile = decile
            StandardError.write(line + "\n")
        }
    }

    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        return whole >= 3600
            ? String(format: "%dh%02dm", whole / 3600, whole % 3600 / 60) : String(format: "%d:%02d", whole / 60, whole % 60)
    }
}
