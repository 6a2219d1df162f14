// `recipes/<name>.lock`: per pipeline stage, the hash of the artifact it made and what
// made it — tool and version, parameters, input hashes, compute environment — taken from the
// artifact's own manifest. Verifying a rebuild against it says, per stage, bit-identical or the
// first cause of a difference: an input (and which upstream stage made that input), a
// parameter, the compute environment (such as the BLAS core), or the tool itself.
import JSON

public struct LockEntry: Equatable, Sendable {
    /// The stage's output file name inside the recipe's build folder (e.g. `sft.mmpr`).
    public var stage: String
    public var hash: ContentHash
    public var kind: String
    public var tool: Manifest.Tool
    public var parameters: JSONObject
    public var inputs: [Manifest.Input]
    public var environment: JSONObject

    public init(stage: String, hash: ContentHash, manifest: Manifest) {
        self.stage = stage
        self.hash = hash
        kind = manifest.kind
        tool = manifest.tool
        parameters = manifest.parameters
        inputs = manifest.inputs
        environment = manifest.environment
    }

    /// The lock entry of the artifact at `path`, named `stage`.
    public static func of(path: String, stage: String) throws -> LockEntry {
        let hash = try ContentHash.ofFile(path)
        return LockEntry(stage: stage, hash: hash, manifest: try ArtifactReader(path: path).manifest)
    }

    public var json: JSONValue {
        [
            "stage": .string(stage), "xxh3_128": .string(hash.description), "kind": .string(kind),
            "tool": ["name": .string(tool.name), "version": .string(tool.version)],
            "parameters": .object(parameters),
            "inputs": .array(
                inputs.map { ["role": .string($0.role), "kind": .string($0.kind), "xxh3_128": .string($0.hash.description)] }),
            "environment": .object(environment),
        ]
    }

    public init(json: JSONValue, line: String) throws {
        guard let stage = json["stage"]?.stringValue, let hash = json["xxh3_128"]?.stringValue.flatMap(ContentHash.init(hex:)),
            let kind = json["kind"]?.stringValue, let toolName = json["tool"]?["name"]?.stringValue,
            let toolVersion = json["tool"]?["version"]?.stringValue, let parameters = json["parameters"]?.objectValue,
            let inputs = json["inputs"]?.arrayValue, let environment = json["environment"]?.objectValue
        else {
            throw ArtifactError(
                file: line, "a lock line needs stage, xxh3_128, kind, tool{name, version}, parameters, inputs and environment")
        }
        self.stage = stage
        self.hash = hash
        self.kind = kind
        tool = Manifest.Tool(name: toolName, version: toolVersion)
        self.parameters = parameters
        self.environment = environment
        self.inputs = try inputs.map { input in
            guard let role = input["role"]?.stringValue, let kind = input["kind"]?.stringValue,
                let hash = input["xxh3_128"]?.stringValue.flatMap(ContentHash.init(hex:))
            else { throw ArtifactError(file: line, "a lock input needs role, kind and xxh3_128") }
            return Manifest.Input(role: role, kind: kind, hash: hash)
        }
    }
}

public enum Lockfile {
    /// One canonical JSON line per stage, in pipeline order.
    public static func encode(_ entries: [LockEntry]) -> [UInt8] { JSONLines.encode(entries.map(\.json)) }

    public static func decode(_ bytes: [UInt8], file: String) throws -> [LockEntry] {
        try JSONLines.decode(bytes, file: file, entry: "lock").enumerated().map { index, json in
            try LockEntry(json: json, line: "\(file) line \(index + 1)")
        }
    }

    /// What a stage's rebuild has, against its lock entry.
    public enum Verdict: Equatable, Sendable {
        case identical
        case missing
        /// Different bytes, with the causes found (first the most upstream one).
        case differs([String])

        public var isIdentical: Bool { self == .identical }
    }

    /// The verdict for `current` against `locked`; `producers` maps an artifact hash in the lock
    /// to the stage that made it, so a changed input names its stage.
    public static func verdict(locked: LockEntry, current: LockEntry?, producers: [ContentHash: String]) -> Verdict {
        guard let current else { return .missing }
        if current.hash == locked.hash { return .identical }
        var causes: [String] = []
        let currentInputs = Dictionary(current.inputs.map { ($0.role, $0.hash) }, uniquingKeysWith: { first, _ in first })
        for input in locked.inputs where currentInputs[input.role] != input.hash {
            let stage = producers[input.hash].map { " (made by stage \($0), which differs)" } ?? ""
            causes.append("input \(input.role) differs\(stage)")
        }
        causes += settingChanges("parameter", from: locked.parameters, to: current.parameters)
        causes += settingChanges("compute environment", from: locked.environment, to: current.environment)
        if locked.tool != current.tool {
            causes.append("tool \(locked.tool.name) \(locked.tool.version) → \(current.tool.name) \(current.tool.version)")
        }
        if causes.isEmpty {
            causes.append(
                "same inputs, parameters, environment and tool version, different bytes: the tool's code changed without a version bump, or a determinism bug"
            )
        }
        return .differs(causes)
    }
}
