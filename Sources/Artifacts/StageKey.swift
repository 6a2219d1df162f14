// The identity of one pipeline stage run, computed before it runs (docs/pipeline.md, "Content-based
// rebuilds"): the tool, its version, a hash of its own executable, the complete resolved parameters
// and the hashes of its inputs. Equal keys mean the stage would write the same bytes, so its output
// can be reused.
import JSON

public struct StageKey: Equatable, Sendable {
    public var tool: String
    public var version: String
    /// XXH3-128 of the tool's executable file: a rebuilt tool is a different stage, even
    /// without a version bump.
    public var executable: ContentHash
    public var parameters: JSONObject
    /// Input artifacts by role, in the order the tool lists them.
    public var inputs: [(role: String, hash: ContentHash)]

    public init(tool: String, version: String, executable: ContentHash, parameters: JSONObject, inputs: [(role: String, hash: ContentHash)])
    {
        self.tool = tool
        self.version = version
        self.executable = executable
        self.parameters = parameters
        self.inputs = inputs
    }

    public static func == (lhs: StageKey, rhs: StageKey) -> Bool { lhs.json == rhs.json }

    public var json: JSONValue {
        [
            "tool": .string(tool), "version": .string(version), "executable": .string(executable.description),
            "parameters": .object(parameters),
            "inputs": .array(inputs.map { ["role": .string($0.role), "xxh3_128": .string($0.hash.description)] }),
        ]
    }

    /// The key itself: XXH3-128 of the canonical JSON of all the parts.
    public var hash: ContentHash { ContentHash.of(JSONWriter.canonical.bytes(json)) }

    public init(json: JSONValue) throws {
        guard let tool = json["tool"]?.stringValue, let version = json["version"]?.stringValue,
            let executable = json["executable"]?.stringValue.flatMap(ContentHash.init(hex:)),
            let parameters = json["parameters"]?.objectValue, let inputs = json["inputs"]?.arrayValue
        else { throw ArtifactError(file: "<stage key>", "malformed stage key") }
        var roles: [(role: String, hash: ContentHash)] = []
        for input in inputs {
            guard let role = input["role"]?.stringValue, let hash = input["xxh3_128"]?.stringValue.flatMap(ContentHash.init(hex:)) else {
                throw ArtifactError(file: "<stage key>", "malformed input in stage key")
            }
            roles.append((role, hash))
        }
        self.init(tool: tool, version: version, executable: executable, parameters: parameters, inputs: roles)
    }

    /// Why a run with `self` would not reuse the output of `earlier`: each differing part, in
    /// words (`make status` prints these). Empty when the keys are equal.
    public func differences(from earlier: StageKey) -> [String] {
        var reasons: [String] = []
        if tool != earlier.tool { reasons.append("tool changed: \(earlier.tool) → \(tool)") }
        if version != earlier.version { reasons.append("tool version changed: \(earlier.version) → \(version)") }
        if executable != earlier.executable { reasons.append("the \(tool) executable was rebuilt") }
        reasons += settingChanges("parameter", from: earlier.parameters, to: parameters)
        let earlierInputs = Dictionary(earlier.inputs.map { ($0.role, $0.hash) }, uniquingKeysWith: { first, _ in first })
        for input in inputs where earlierInputs[input.role] != input.hash {
            reasons.append("input \(input.role) changed (\(earlierInputs[input.role].map(\.description) ?? "none") → \(input.hash))")
        }
        for role in earlierInputs.keys.sorted() where !inputs.contains(where: { $0.role == role }) {
            reasons.append("input \(role) removed")
        }
        return reasons
    }
}
