// A malformed record: one line naming the file and line or record, and what was expected.
// Shared by every module that reads records (problems, samples, NTP and pair records).
public struct RecordError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
