// A folder of finished stage outputs by key (docs/pipeline.md, "Content-based rebuilds"):
// `<key>.mmpr` beside `<key>.key.json`, which records the key's parts so `status` can say why a
// stage would re-run. A hit links the cached artifact to the requested output (a hard link, or a
// copy across file systems), so a stage whose key was seen before finishes in milliseconds.
import Foundation
import JSON

public struct StageCache: Sendable {
    public let directory: String

    public init(directory: String) throws {
        self.directory = directory
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ArtifactError(file: directory, "cannot create the stage cache folder")
        }
    }

    public func artifactPath(for key: StageKey) -> String { "\(directory)/\(key.hash).mmpr" }
    private func keyPath(for key: StageKey) -> String { "\(directory)/\(key.hash).key.json" }

    /// Puts the cached output for `key` at `destination` (atomically); false on a miss.
    public func restore(_ key: StageKey, to destination: String) throws -> Bool {
        let cached = artifactPath(for: key)
        guard FileManager.default.fileExists(atPath: cached) else { return false }
        try placeAtomically(from: cached, to: destination)
        // A restored output is new to whoever asked for it: give it the current time, so Make
        // does not see it as older than the inputs that made it run and ask again next time.
        utimes(destination, nil)
        return true
    }

    /// Files a finished output under its key.
    public func store(_ key: StageKey, artifactAt path: String) throws {
        try placeAtomically(from: path, to: artifactPath(for: key))
        let record = JSONWriter.pretty.string(key.json) + "\n"
        try placeAtomically(bytes: Array(record.utf8), to: keyPath(for: key))
    }

    /// The key recorded with a cached output, when there is one.
    public func recordedKey(hash: ContentHash) -> StageKey? {
        guard let bytes = FileManager.default.contents(atPath: "\(directory)/\(hash).key.json"),
            let json = try? JSONValue(parsing: [UInt8](bytes))
        else { return nil }
        return try? StageKey(json: json)
    }

    /// Hard link to a temp name then rename over the destination; copy when linking fails.
    private func placeAtomically(from source: String, to destination: String) throws {
        let temporary = "\(destination).tmp.\(getpid())"
        unlink(temporary)
        if link(source, temporary) != 0 {
            do {
                try FileManager.default.copyItem(atPath: source, toPath: temporary)
            } catch {
                throw ArtifactError(file: destination, "cannot copy \(source) into place")
            }
        }
        guard rename(temporary, destination) == 0 else {
            unlink(temporary)
            throw ArtifactError(file: destination, "cannot move the artifact into place: \(String(cString: strerror(errno)))")
        }
    }

    private func placeAtomically(bytes: [UInt8], to destination: String) throws {
        let temporary = "\(destination).tmp.\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes)), rename(temporary, destination) == 0 else {
            unlink(temporary)
            throw ArtifactError(file: destination, "cannot write the stage key record")
        }
    }
}
