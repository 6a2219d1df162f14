// The wall time of each pipeline stage, as the Makefile records it: `stage<TAB>seconds<TAB>threads`
// lines in build/<recipe>/timings.tsv (older files lack the thread count). A stage that ran again
// keeps its last time. The thread count matters because a run that reuses stages through the
// cache can mix stages timed at different counts.
public enum StageTimings {
    public struct Entry: Equatable, Sendable {
        public var stage: String
        public var seconds: Double
        /// The worker threads the stage ran with, when recorded.
        public var threads: Int?

        public init(stage: String, seconds: Double, threads: Int? = nil) {
            self.stage = stage
            self.seconds = seconds
            self.threads = threads
        }
    }

    public struct Malformed: Error, CustomStringConvertible {
        public let description: String
    }

    public static func parse(_ text: String, file: String) throws -> [Entry] {
        var entries: [Entry] = []
        for (index, line) in text.split(separator: "\n").enumerated() {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard (2...3).contains(fields.count), !fields[0].isEmpty, let value = Double(fields[1]), value.isFinite, value >= 0 else {
                throw Malformed(description: "\(file) line \(index + 1): expected stage<TAB>seconds[<TAB>threads]")
            }
            var threads: Int?
            if fields.count == 3 {
                guard let count = Int(fields[2]), count > 0 else {
                    throw Malformed(description: "\(file) line \(index + 1): expected a positive thread count, got '\(fields[2])'")
                }
                threads = count
            }
            entries.removeAll { $0.stage == String(fields[0]) }
            entries.append(Entry(stage: String(fields[0]), seconds: value, threads: threads))
        }
        return entries
    }
}
