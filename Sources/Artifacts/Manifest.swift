// Manifest v1: the first entry of every artifact, describing what it holds, how it was made and
// from what. Every field is documented in docs/artifacts.md, "manifest.json (format version 1)".
import JSON

public struct Manifest: Equatable, Sendable {
    public static let format = "mmpr-artifact"
    public static let version: Int64 = 1

    /// What the artifact holds: problems, model, samples, ntp, pairs, scores, … (free text).
    public var kind: String
    /// The tool that wrote it, e.g. `mmpr-sample` `0.1.0`.
    public var tool: Tool
    /// The complete resolved parameters of the run that produced it.
    public var parameters: JSONObject
    /// The artifacts it was made from, by role.
    public var inputs: [Input]
    /// What can change the bits without changing the inputs: `blas_core` (OpenBLAS kernel name),
    /// and `nondeterministic` (why, for stages fed by a served model). Not the thread count: by
    /// design it never changes the bits, so recording it would make equal outputs differ.
    public var environment: JSONObject
    /// The payload entries in archive order.
    public var entries: [Entry]
    /// Summary statistics for people; never read by tools.
    public var stats: JSONObject

    public struct Tool: Equatable, Sendable {
        public var name: String
        public var version: String
        public init(name: String, version: String) {
            self.name = name
            self.version = version
        }
    }

    public struct Input: Equatable, Sendable {
        /// The role of the input for the tool (`model`, `problems`, `reference`, …).
        public var role: String
        public var kind: String
        public var hash: ContentHash
        public init(role: String, kind: String, hash: ContentHash) {
            self.role = role
            self.kind = kind
            self.hash = hash
        }
    }

    public struct Entry: Equatable, Sendable {
        public var name: String
        public var size: Int64
        public var hash: ContentHash
        public init(name: String, size: Int64, hash: ContentHash) {
            self.name = name
            self.size = size
            self.hash = hash
        }
    }

    public init(
        kind: String, tool: Tool, parameters: JSONObject = [:], inputs: [Input] = [],
        environment: JSONObject = [:], entries: [Entry] = [], stats: JSONObject = [:]
    ) {
        self.kind = kind
        self.tool = tool
        self.parameters = parameters
        self.inputs = inputs
        self.environment = environment
        self.entries = entries
        self.stats = stats
    }
}

// MARK: - JSON form

extension Manifest {
    public var json: JSONValue {
        .object([
            "format": .string(Self.format),
            "format_version": .integer(Self.version),
            "kind": .string(kind),
            "tool": ["name": .string(tool.name), "version": .string(tool.version)],
            "parameters": .object(parameters),
            "inputs": .array(
                inputs.map {
                    ["role": .string($0.role), "kind": .string($0.kind), "xxh3_128": .string($0.hash.description)]
                }),
            "environment": .object(environment),
            "entries": .array(
                entries.map {
                    ["name": .string($0.name), "size": .integer($0.size), "xxh3_128": .string($0.hash.description)]
                }),
            "stats": .object(stats),
        ])
    }

    /// The bytes stored as `manifest.json`: canonical JSON and a final newline.
    public var canonicalBytes: [UInt8] { JSONWriter.canonical.bytes(json) + [0x0A] }

    /// Reads and checks a manifest; `file` names the artifact in errors.
    public init(json value: JSONValue, file: String) throws {
        func fail(_ problem: String) -> ArtifactError {
            ArtifactError(file: file, entry: EntryName.manifest, problem)
        }
        guard case .object(let object) = value else { throw fail("expected a JSON object") }
        guard object["format"]?.stringValue == Self.format else {
            throw fail("\"format\" is not \"\(Self.format)\": not an artifact manifest")
        }
        guard let version = object["format_version"]?.integerValue else { throw fail("missing \"format_version\"") }
        guard version == Self.version else {
            throw fail("unsupported format_version \(version) (this tool reads version \(Self.version)); update the toolkit")
        }
        func string(_ value: JSONValue?, _ field: String) throws -> String {
            guard let text = value?.stringValue else { throw fail("missing or non-string \"\(field)\"") }
            return text
        }
        func objectField(_ field: String) throws -> JSONObject {
            guard let value = object[field] else { return [:] }
            guard case .object(let inner) = value else { throw fail("\"\(field)\" must be an object") }
            return inner
        }
        func hash(_ value: JSONValue?, _ field: String) throws -> ContentHash {
            guard let text = value?.stringValue, let hash = ContentHash(hex: text) else {
                throw fail("\(field): expected a 32-digit hex XXH3-128 hash")
            }
            return hash
        }

        kind = try string(object["kind"], "kind")
        guard case .object(let toolObject)? = object["tool"] else { throw fail("missing \"tool\" object") }
        tool = Tool(name: try string(toolObject["name"], "tool.name"), version: try string(toolObject["version"], "tool.version"))
        parameters = try objectField("parameters")
        environment = try objectField("environment")
        stats = try objectField("stats")

        inputs = []
        for (position, item) in (object["inputs"]?.arrayValue ?? []).enumerated() {
            let field = "inputs[\(position)]"
            inputs.append(
                Input(
                    role: try string(item["role"], "\(field).role"), kind: try string(item["kind"], "\(field).kind"),
                    hash: try hash(item["xxh3_128"], "\(field).xxh3_128")))
        }

        guard let entryList = object["entries"]?.arrayValue else { throw fail("missing \"entries\" list") }
        entries = []
        var seen = Set<String>()
        for (position, item) in entryList.enumerated() {
            let field = "entries[\(position)]"
            let name = try string(item["name"], "\(field).name")
            if let problem = EntryName.problem(with: name) { throw fail("\(field) '\(name)': \(problem)") }
            guard seen.insert(name).inserted else { throw fail("\(field): '\(name)' is listed twice") }
            guard let size = item["size"]?.integerValue, size >= 0 else { throw fail("\(field).size: expected a non-negative integer") }
            entries.append(Entry(name: name, size: size, hash: try hash(item["xxh3_128"], "\(field).xxh3_128")))
        }
    }
}
