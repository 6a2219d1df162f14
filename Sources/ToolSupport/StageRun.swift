// How every pipeline tool runs as a stage (docs/pipeline.md, "Content-based rebuilds"): set the
// worker threads, compute the stage key before doing any work, keep the output in place or restore
// it from the cache when the key was seen, otherwise let the tool do its work, write the output
// atomically, file it in the cache and print one summary line. An input that changes while the
// stage runs fails the stage. A tool's `run()` is its parsing plus one `StageRun.perform` call.
import ArgumentParser
import Artifacts
import Foundation
import JSON
import TensorCore

/// A file a stage reads: its role in the stage key, and the artifact kind the manifest records.
public struct StageInput: Sendable {
    public let role: String
    public let path: String
    public let kind: String

    public init(_ role: String, _ path: String, kind: String? = nil) {
        self.role = role
        self.path = path
        self.kind = kind ?? role
    }
}

/// The options every stage tool shares.
public struct StageOptions: ParsableArguments {
    @Option(name: [.short, .customLong("output")], help: "Write the artifact here (atomically); '-' for standard output.")
    public var output: String = "-"

    @Option(
        help: ArgumentHelp(
            "A stage cache folder: reuse the output of an identical earlier run, and file this one.",
            discussion: "Identical = same tool, version and executable, same parameters, same input bytes.",
            valueName: "dir"))
    public var cache: String?

    @Flag(
        help: ArgumentHelp(
            "Say whether the output is up to date or why the stage would run (`make status`); run nothing.",
            discussion: "Compares this run's stage key with the one recorded beside the output (<output>.key.json)."))
    public var explain = false

    @Flag(help: "With --cache: run even when the cache holds the output, and file the new one in its place (make's FRESH=1).")
    public var refresh = false

    public init() {}
}

public final class StageRun {
    public let tool: String
    public let options: StageOptions
    /// What the key and the manifest record of the tool's settings.
    public let parameters: JSONObject
    /// Nil when the stage cannot be keyed (an input or the output is a pipe).
    public let key: StageKey?
    private let inputs: [(role: String, path: String, kind: String, hash: ContentHash?)]
    /// Whether the stage computes on TensorCore (then its manifest records the OpenBLAS core).
    private let computes: Bool

    /// Everything a stage tool does around its own work: threads (`threads` given: the tool
    /// computes on TensorCore), the key and the cache, then `work`, which returns the artifact
    /// and a few words for the summary line; then the atomic write, the cache entry and
    /// `tool: summary → output (hash)` on standard error.
    /// `unkeyed` names parameters that by design change no bit of the output (a decoding batch
    /// size): recorded in the manifest, left out of the key, so changing them reuses the cache.
    public static func perform(
        _ tool: String, parameters: JSONObject, inputs: [StageInput] = [], options: StageOptions, threads: ThreadOptions? = nil,
        unkeyed: Set<String> = [], work: (StageRun) throws -> (writer: ArtifactWriter, summary: String)
    ) throws {
        let run = try StageRun(tool: tool, parameters: parameters, inputs: inputs, options: options, threads: threads, unkeyed: unkeyed)
        if try run.reuseEarlierOutput() { return }
        let (writer, summary) = try work(run)
        let hash = try run.finish(writer)
        StandardError.write("\(tool): \(summary) → \(options.output == "-" ? "stdout" : options.output) (\(hash))\n")
    }

    /// Hashes the inputs (files; '-' is standard input, which disables caching) and the tool's
    /// own executable, and forms the key from them and the complete resolved `parameters`.
    /// The key also holds the OpenBLAS core of a computing stage (it changes bits, so a shared
    /// cache must not serve an output computed with another kernel), and not the `unkeyed`
    /// parameters.
    public init(
        tool: String, parameters: JSONObject, inputs: [StageInput], options: StageOptions, threads: ThreadOptions? = nil,
        unkeyed: Set<String> = []
    ) throws {
        if let threads { ComputeThreads.configure(threads: threads.threads ?? ComputeThreads.defaultCount) }
        self.tool = tool
        self.options = options
        self.parameters = parameters
        computes = threads != nil
        if options.explain, let missing = inputs.first(where: { $0.path != "-" && !FileManager.default.fileExists(atPath: $0.path) }) {
            StandardError.write("\(options.output): waits for its \(missing.role) input \(missing.path)\n")
            throw ExitCode.success
        }
        self.inputs = try inputs.map { input in
            (input.role, input.path, input.kind, input.path == "-" ? nil : try ContentHash.ofFile(input.path))
        }
        let keyable = options.cache != nil && options.output != "-" && self.inputs.allSatisfy { $0.hash != nil }
        if keyable {
            var keyed = JSONObject(parameters.filter { !unkeyed.contains($0.key) }.map { ($0.key, $0.value) })
            if computes { keyed["environment.blas_core"] = .string(ComputeThreads.openBLASCoreName) }
            key = StageKey(
                tool: tool, version: ToolkitVersion.current, executable: try ContentHash.ofFile("/proc/self/exe"),
                parameters: keyed, inputs: self.inputs.map { ($0.role, $0.hash!) })
        } else {
            key = nil
        }
    }

    /// True when the stage has nothing to do: its output is in place and unchanged since this key
    /// made it (its record `<output>.key.json` says so and the bytes agree), or the cache restored
    /// it. With `--explain`, says what a run would do and exits.
    public func reuseEarlierOutput() throws -> Bool {
        if options.explain { try explain() }
        guard let key, let directory = options.cache, !options.refresh else { return false }
        let cache = try StageCache(directory: directory)
        if let hash = try outputInPlace(key) {
            // Make asked because an input is newer: a fresh time stops it asking again, and
            // filing the output keeps the cache able to restore it after a `make clean`.
            utimes(options.output, nil)
            if !cache.holds(key) { try cache.store(key, artifactAt: options.output, hash: hash) }
            StandardError.write("\(tool): up to date (stage \(key.hash), the output in place) → \(options.output)\n")
            return true
        }
        switch try cache.restore(key, to: options.output) {
        case .absent:
            return false
        case .discarded(let reason):
            StandardError.write("\(tool): discarded the cache entry of stage \(key.hash): \(reason); running the stage\n")
            return false
        case .restored(let hash):
            try StageRecord(key: key, output: hash).write(to: Self.recordPath(of: options.output))
        }
        StandardError.write("\(tool): up to date (stage \(key.hash) from the cache) → \(options.output)\n")
        return true
    }

    /// The output's hash when the output in place is what `key` makes.
    private func outputInPlace(_ key: StageKey) throws -> ContentHash? {
        try StageRecord.read(path: Self.recordPath(of: options.output))?.output(at: options.output, madeBy: key)
    }

    /// `--explain`: up to date, restorable from the cache, or the reasons this stage would run.
    private func explain() throws -> Never {
        let output = options.output
        guard let key, let directory = options.cache else {
            StandardError.write("\(output): not keyed (a pipe, or no --cache): would run\n")
            throw ExitCode.success
        }
        let record = StageRecord.read(path: Self.recordPath(of: output))
        if try record?.output(at: output, madeBy: key) != nil {
            StandardError.write("\(output): up to date\n")
        } else if try StageCache(directory: directory).holds(key) {
            StandardError.write("\(output): would be restored from the cache (stage \(key.hash))\n")
        } else if let record, FileManager.default.fileExists(atPath: output) {
            var reasons = key.differences(from: record.key)
            if reasons.isEmpty {
                reasons = [
                    record.output == nil
                        ? "its key record names no output hash (an older toolkit wrote it)"
                        : "the output was changed after the stage made it"
                ]
            }
            StandardError.write("\(output): would run: \(reasons.joined(separator: "; "))\n")
        } else {
            StandardError.write("\(output): would run: never built\n")
        }
        throw ExitCode.success
    }

    /// `<output>.key.json`: the key that made the output and the output's hash.
    static func recordPath(of output: String) -> String { output + ".key.json" }

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
            try StageCache(directory: directory).store(key, artifactAt: options.output, hash: hash)
            try StageRecord(key: key, output: hash).write(to: Self.recordPath(of: options.output))
        }
        return hash
    }

    /// The manifest's record of the tool: its name and the toolkit's version.
    public var manifestTool: Manifest.Tool { Manifest.Tool(name: tool, version: ToolkitVersion.current) }

    /// The manifest's record of the inputs that were files (role, kind, hash as hashed at start).
    public var manifestInputs: [Manifest.Input] {
        inputs.compactMap { input in input.hash.map { Manifest.Input(role: input.role, kind: input.kind, hash: $0) } }
    }

    /// What of the machine can change a computing stage's bits: the OpenBLAS core (the thread
    /// count cannot, by construction). Empty for a stage that does not compute.
    public var environment: JSONObject { computes ? ["blas_core": .string(ComputeThreads.openBLASCoreName)] : [:] }

    /// An artifact writer with this stage's tool, parameters, inputs and environment filled in.
    public func writer(kind: String, stats: JSONObject = [:]) -> ArtifactWriter {
        ArtifactWriter(
            kind: kind, tool: manifestTool, parameters: parameters, inputs: manifestInputs, environment: environment, stats: stats)
    }
}
