// The problems a samples artifact answers, by pid, read only when a sample leaves out a field its
// problem has (a sample from another generator): our own samples never pay for the read.
import Problems

public final class ProblemIndex {
    public let path: String
    private var byPid: [String: ProblemRecord]?

    public init(path: String) { self.path = path }

    /// The problem with `pid`, or nil when the artifact has none.
    public func problem(_ pid: String) throws -> ProblemRecord? {
        if byPid == nil {
            let records = try ProblemArtifact.read(path: path) { _ in false }.records
            byPid = Dictionary(records.map { ($0.pid, $0) }, uniquingKeysWith: { first, _ in first })
        }
        return byPid![pid]
    }
}
