// The one error type of the Artifacts module: which file, which entry (when there is one), and
// what was wrong, so that every refusal prints as one line a user can act on.

public struct ArtifactError: Error, CustomStringConvertible, Equatable {
    /// The path as the user gave it, or "<stdin>" / "<stdout>".
    public let file: String
    /// The entry inside the archive, when the problem is with one entry.
    public let entry: String?
    public let problem: String

    public init(file: String, entry: String? = nil, _ problem: String) {
        self.file = file
        self.entry = entry
        self.problem = problem
    }

    public var description: String {
        if let entry { return "\(file): entry '\(entry)': \(problem)" }
        return "\(file): \(problem)"
    }
}
