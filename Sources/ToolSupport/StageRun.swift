// How every pipeline tool runs as a stage (DESIGN §4): compute the stage key before doing any
// work, reuse the cached output when the key was seen, otherwise write the output atomically
// and file it in the cache. An input that changes while the stage runs fails the stage.
import ArgumentParser
import Artifacts
import Foundation
import JSON

/// The options every stage tool shares.
public struct StageOptions: ParsableArguments {
    @Option(name: [.short, .customLong("output")], help: "Write the artifact here (atomically); '-' for standard output.")
    public var output: String = "-"

    @Option(help: ArgumentHelp(
        "A stage cache folder: reuse the output of an identical earlier run, and file this one.",
        discussion: "Identical = same tool, version and executable, same parameters, same input bytes.",
        valueName: "dir"))
    public var cache: String?

    public init() {}
}

public final class StageRun {
    public let tool: String
    public let options: StageOptions
    /// Nil when the stage cannot be keyed (an input or the output is a pipe).
    public let key: StageKey?
    private let inputs: [(role: String, path: String, hash: ContentHash?)]

    /// Hashes the inputs (files; '-' is standard input, which disables caching) and the tool's
    /// own executable, and forms the key from them and the complete resolved `parameters`.
    public init(tool: String, parameters: JSONObject, inputs: [(role: String, path: String)], options: StageOptions) throws {
        self.tool = tool
        self.options = options
        self.inputs = try inputs.map { input in
            (input.role, input.path, input.path == "-" ? nil : try ContentHash.ofFile(input.path))
        }
        let keyable = options.cache != nil && options.output != "-" && self.inputs.allSatisfy { $0.hash != nil }
        if keyable {
            key = StageKey(
                tool: tool, version: ToolkitVersion.current, executable: try ContentHash.ofFile("/proc/self/exe"),
                parameters: parameters, inputs: self.inputs.map { ($0.role, $0.hash!) })
        } else {
            key = nil
        }
    }

    /// True when the output was restored from the cache, so the tool has nothing left to do.
    public func reuseCachedOutput() throws -> Bool {
        guard let key, let directory = options.cache else { return false }
        guard try StageCache(directory: directory).restore(key, to: options.output) else { return false }
        StandardError.write("\(tool): up to date (stage \(key.hash) from the cache) → \(options.output)\n")
        return true
    }

    /// Writes the artifact, checks that no input changed meanwhile, and files it in the cache.
    @discardableResult
    public func finish(_ writer: ArtifactWriter) throws -> ContentHash {
        for input in inputs where input.hash != nil {
            guard try ContentHash.ofFile(input.path) == input.hash else {
                throw InputError("\(input.path): the \(input.role) input changed while \(tool) ran; nothing was written, run again")
            }
        }
        let hash = try writer.write(to: ArtifactDestination(options.output))
        if let key, let directory = options.cache {
            try StageCache(directory: directory).store(key, artifactAt: options.output)
        }
        return hash
    }

    /// The manifest's record of the inputs that were files (role, kind, hash as hashed at start).
    public func manifestInputs(kinds: [String: String]) -> [Manifest.Input] {
        inputs.compactMap { input in
            input.hash.map { Manifest.Input(role: input.role, kind: kinds[input.role] ?? input.role, hash: $0) }
        }
    }
}
