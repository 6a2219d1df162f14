// `mmpr-sample --merge`: the shards of one sampling run (`--shard K/N`, on one machine or many)
// become the artifact the unsharded run writes, byte for byte — records in the unsharded order
// (problem order in the split, then sample index), the manifest's parameters with shard 0/1 and
// its statistics recomputed — so a lock of the unsharded pipeline verifies a sharded one.
import Artifacts
import JSON
import Problems

public enum SampleShards {
    /// The unsharded artifact of `shards` (their paths) for the problems at `problems`.
    public static func merge(_ shards: [String], problems: String) throws -> ArtifactWriter {
        var manifests: [(path: String, manifest: Manifest)] = []
        var samples: [SampleRecord] = []
        for path in shards {
            let (manifest, records) = try ArtifactReader.records(in: path, kind: "samples")
            manifests.append((path, manifest))
            samples += try SampleRecord.read(records, file: path, problems: nil)
        }
        guard let first = manifests.first?.manifest else { throw RecordError("give the shards to merge") }
        // The shards of one run: everything equal but the shard, which covers 0..<N once each.
        func withoutShard(_ manifest: Manifest) -> JSONValue {
            var parameters = manifest.parameters
            parameters["shard"] = nil
            return [
                "tool": .string(manifest.tool.name + " " + manifest.tool.version), "parameters": .object(parameters),
                "inputs": .array(manifest.inputs.map { ["role": .string($0.role), "hash": .string($0.hash.description)] }),
                "environment": .object(manifest.environment),
            ]
        }
        var covered: [Int] = []
        var count: Int?
        for (path, manifest) in manifests {
            guard manifest.tool.name == "mmpr-sample", withoutShard(manifest) == withoutShard(first) else {
                throw RecordError(
                    "\(path): not a shard of the same mmpr-sample run as \(manifests[0].path) (tool, parameters, inputs or environment differ)"
                )
            }
            guard let shard = manifest.parameters["shard"]?.stringValue.flatMap(Shard.init(parsing:)), count == nil || count == shard.count
            else {
                throw RecordError("\(path): its shard does not split the run the way the others do")
            }
            count = shard.count
            covered.append(shard.index)
        }
        guard covered.sorted() == Array(0..<(count ?? 0)) else {
            throw RecordError(
                "the shards given are \(covered.sorted().map { "\($0)/\(count!)" }.joined(separator: ", ")); a merge needs each of 0..<\(count!) once"
            )
        }
        // The unsharded order: the problems of the sampled splits in artifact order, then sample index.
        let splits = Set((first.parameters["splits"]?.stringValue ?? "").split(separator: ",").map(String.init))
        let order = try ProblemArtifact.read(path: problems) { _ in false }.records.filter { splits.contains($0.split) }.map(\.pid)
        var position: [String: Int] = [:]
        for (index, pid) in order.enumerated() where position[pid] == nil { position[pid] = index }
        for sample in samples where position[sample.pid] == nil {
            throw RecordError("\(problems): has no problem \(sample.pid) in split(s) \(splits.sorted().joined(separator: ","))")
        }
        samples.sort { (position[$0.pid]!, $0.sampleIndex) < (position[$1.pid]!, $1.sampleIndex) }

        var parameters = first.parameters
        parameters["shard"] = "0/1"
        let writer = ArtifactWriter(
            kind: "samples", tool: first.tool, parameters: parameters, inputs: first.inputs, environment: first.environment,
            stats: statistics(of: samples))
        try writer.add("records.jsonl", bytes: JSONLines.encode(samples.map(\.json)))
        return writer
    }

    /// The statistics a samples artifact's manifest carries.
    public static func statistics(of samples: [SampleRecord]) -> JSONObject {
        [
            "samples": .integer(Int64(samples.count)), "problems": .integer(Int64(Set(samples.map(\.pid)).count)),
            "mean_tokens": .number(samples.isEmpty ? 0 : Double(samples.compactMap(\.tokens).reduce(0, +)) / Double(samples.count)),
            "finished_by_length": .integer(Int64(samples.filter { $0.finishReason == "length" }.count)),
        ]
    }
}
