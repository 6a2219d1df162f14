// A folder of finished stage outputs by key (docs/pipeline.md, "Content-based rebuilds"):
// `<key>.mmpr` beside `<key>.key.json`, which records the key's parts (so `status` can say why a
// stage would re-run) and the hash of the output filed under it. A hit copies the cached artifact
// to the requested output, checking every byte against that hash on the way: an entry that was
// edited, truncated or swapped for another artifact is discarded and the stage runs, so the cache
// can never serve wrong bytes. Outputs are copies, never links: editing an output leaves the
// cache alone.
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
    private func recordPath(for key: StageKey) -> String { "\(directory)/\(key.hash).key.json" }

    /// What `restore` did.
    public enum Restoration: Equatable, Sendable {
        /// The entry's output, now at the destination, with its content hash.
        case restored(ContentHash)
        /// No entry for the key.
        case absent
        /// An entry that failed its check, now deleted; the reason, in words.
        case discarded(String)
    }

    /// Copies the cached output for `key` to `destination` (atomically) after checking it.
    public func restore(_ key: StageKey, to destination: String) throws -> Restoration {
        let cached = artifactPath(for: key)
        guard FileManager.default.fileExists(atPath: cached) else { return .absent }
        guard let record = StageRecord.read(path: recordPath(for: key)), let expected = record.output else {
            return discard(key, "its record (\(recordPath(for: key))) is missing or names no output hash")
        }
        guard record.key == key else { return discard(key, "its record holds another stage's key") }
        do {
            try copyAtomically(from: cached, to: destination, expecting: expected)
        } catch let mismatch as ContentMismatch {
            return discard(key, "its bytes hash to \(mismatch.actual), the record says \(expected)")
        }
        // A restored output is new to whoever asked for it: give it the current time, so Make
        // does not see it as older than the inputs that made it run and ask again next time.
        utimes(destination, nil)
        return .restored(expected)
    }

    /// Files a finished output, whose content hash is `hash`, under its key.
    public func store(_ key: StageKey, artifactAt path: String, hash: ContentHash) throws {
        try copyAtomically(from: path, to: artifactPath(for: key), expecting: hash)
        try StageRecord(key: key, output: hash).write(to: recordPath(for: key))
    }

    /// Whether the cache holds an entry for `key` (unchecked: `restore` checks it).
    public func holds(_ key: StageKey) -> Bool { FileManager.default.fileExists(atPath: artifactPath(for: key)) }

    /// The key recorded with a cached output, when there is one.
    public func recordedKey(hash: ContentHash) -> StageKey? {
        StageRecord.read(path: "\(directory)/\(hash).key.json")?.key
    }

    private func discard(_ key: StageKey, _ reason: String) -> Restoration {
        unlink(artifactPath(for: key))
        unlink(recordPath(for: key))
        return .discarded(reason)
    }
}
