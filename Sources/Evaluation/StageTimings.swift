// The wall time of each pipeline stage, as the Makefile records it: `stage<TAB>seconds` lines in
// build/<recipe>/timings.tsv. A stage that ran again keeps its last time.
public enum StageTimings {
    public struct Malformed: Error, CustomStringConvertible {
        public let description: String
    }

    public static func parse(_ text: String, file: String) throws -> [(stage: String, seconds: Double)] {
        var seconds: [(stage: String, seconds: Double)] = []
        for (index, line) in text.split(separator: "\n").enumerated() {
            let fields = line.split(separator: "\t")
            guard fields.count == 2, let value = Double(fields[1]), value.isFinite, value >= 0 else {
                throw Malformed(description: "\(file) line \(index + 1): expected stage<TAB>seconds")
            }
            seconds.removeAll { $0.stage == String(fields[0]) }
            seconds.append((String(fields[0]), value))
        }
        return seconds
    }
}
