// Replies of a served model by request: a rerun of the same stage asks nothing again, and an
// interrupted one resumes where it stopped. One file per request, named by the XXH3-128 of the
// request body's canonical JSON (the endpoint and the key are not part of it), written atomically.
import Artifacts
import Foundation
import JSON

public struct ResponseCache: Sendable {
    public let directory: String

    public init(directory: String) throws {
        self.directory = directory
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ServingError("\(directory): cannot create the response cache (\(error.localizedDescription))")
        }
    }

    private func path(_ body: [UInt8]) -> String { "\(directory)/\(ContentHash.of(body)).json" }

    /// The stored reply to `body`, or nil; an unreadable entry counts as none.
    public func reply(to body: [UInt8]) -> ChatCompletion? {
        guard let data = FileManager.default.contents(atPath: path(body)), let json = try? JSONValue(parsing: [UInt8](data)) else {
            return nil
        }
        return ChatCompletion(json: json)
    }

    public func store(_ reply: ChatCompletion, for body: [UInt8]) throws {
        try writeAtomically(Array((JSONWriter.canonical.string(reply.json) + "\n").utf8), to: path(body))
    }

    /// The default place: $XDG_CACHE_HOME/mpo-toolkit/responses, else ~/.cache/mpo-toolkit/responses.
    public static var defaultDirectory: String {
        let environment = ProcessInfo.processInfo.environment
        let base = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (NSHomeDirectory() + "/.cache")
        return base + "/mpo-toolkit/responses"
    }
}
