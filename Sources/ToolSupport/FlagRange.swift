// Every numeric flag is checked against a documented range before any work, so that a 0, a
// negative, a NaN, an infinity or 2^62 is one line naming the flag (exit 2) instead of an empty
// run, an overflow trap or an allocation that cannot succeed.
import ArgumentParser

public enum FlagRange {
    /// The largest token budget any tool accepts: a model's context never exceeds it.
    public static let maxTokens = 32_768
    /// The largest batch any tool decodes or scores at once.
    public static let maxBatch = 4_096

    public static func require(_ flag: String, _ value: Int, in range: ClosedRange<Int>) throws {
        guard range.contains(value) else {
            throw ValidationError("--\(flag) must be in \(range.lowerBound)...\(range.upperBound); got \(value)")
        }
    }

    /// A finite number in `range`; `lowerOpen` excludes the lower bound.
    public static func require(_ flag: String, _ value: Double, in range: ClosedRange<Double>, lowerOpen: Bool = false) throws {
        func text(_ bound: Double) -> String { bound == bound.rounded() && abs(bound) < 1e15 ? String(Int(bound)) : "\(bound)" }
        guard value.isFinite, range.contains(value), !(lowerOpen && value == range.lowerBound) else {
            throw ValidationError(
                "--\(flag) must be a number in \(lowerOpen ? "(" : "[")\(text(range.lowerBound)), \(text(range.upperBound))]; got \(value)")
        }
    }
}
