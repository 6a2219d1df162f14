// `mmpr-pair`'s work (docs/method.md, "Pair building" and "DropoutNTP"): samples (any number of
// shards) and DropoutNTP results in, one `pairs` artifact out, with the images its pairs need, so
// training reads one self-contained input. Inputs are recorded by the hash of their merged records,
// not of the shard files, so a sharded run writes the same bytes as an unsharded one.
import Artifacts
import JSON
import Problems

public struct PairStage {
    public var builder: PairBuilder
    public var tool: Manifest.Tool

    public init(builder: PairBuilder, tool: Manifest.Tool) {
        self.builder = builder
        self.tool = tool
    }

    public func run(problems: String, samples: [String], ntp: [String]) throws -> ArtifactWriter {
        // Samples from another generator may leave out what their problem says (answer, image, …).
        let index = ProblemIndex(path: problems)
        var sampleRecords: [SampleRecord] = []
        for path in samples {
            let (_, records) = try ArtifactReader.records(in: path, kind: "samples")
            sampleRecords += try SampleRecord.read(records, file: path, problems: index)
        }
        var ntpRecords: [NTPRecord] = []
        for path in ntp {
            let (_, records) = try ArtifactReader.records(in: path, kind: "ntp")
            for (index, record) in records.enumerated() {
                ntpRecords.append(try NTPRecord(json: record, line: "\(path): records.jsonl line \(index + 1)"))
            }
        }
        // The merge of the shards, in one order whatever the sharding.
        sampleRecords.sort { ($0.pid, $0.sampleIndex) < ($1.pid, $1.sampleIndex) }
        ntpRecords.sort { ($0.pid, $0.sampleIndex, $0.continuationIndex) < ($1.pid, $1.sampleIndex, $1.continuationIndex) }
        try refuseDuplicates(sampleRecords.map { "\($0.pid)#\($0.sampleIndex)" }, what: "sample")
        try refuseDuplicates(ntpRecords.map { "\($0.pid)#\($0.sampleIndex)#\($0.continuationIndex)" }, what: "DropoutNTP record")

        var (pairs, statistics) = builder.pairs(from: sampleRecords)
        let ntpPairs = ntpRecords.map(\.pair).filter { $0.chosen != $0.rejected }
        pairs += ntpPairs
        for pair in ntpPairs { statistics.add(pair: pair) }

        let images = Set(pairs.compactMap(\.image))
        let (problemsManifest, imageBytes) = try ArtifactReader.entries(in: problems) { images.contains($0) }
        guard problemsManifest.kind == "problems" else {
            throw ArtifactError(file: problems, "is a '\(problemsManifest.kind)' artifact; expected 'problems'")
        }
        if let missing = images.sorted().first(where: { imageBytes[$0] == nil }) {
            throw ArtifactError(file: problems, entry: missing, "a pair needs this image but the problems artifact has no such entry")
        }

        let writer = ArtifactWriter(
            kind: "pairs", tool: tool,
            parameters: [
                "max_pairs_per_question": .integer(Int64(builder.maxPairsPerKey)), "seed": .integer(Int64(bitPattern: builder.seed)),
            ],
            inputs: [
                Manifest.Input(role: "problems", kind: "problems", hash: try ContentHash.ofFile(problems)),
                Manifest.Input(role: "samples", kind: "samples", hash: ContentHash.of(JSONLines.encode(sampleRecords.map(\.json)))),
                Manifest.Input(role: "ntp", kind: "ntp", hash: ContentHash.of(JSONLines.encode(ntpRecords.map(\.json)))),
            ],
            stats: [
                "pairs": .integer(Int64(pairs.count)), "samples": .integer(Int64(sampleRecords.count)),
                "ntp_records": .integer(Int64(ntpRecords.count)), "by_source": statistics.json,
            ])
        try writer.add("records.jsonl", bytes: JSONLines.encode(pairs.map(\.json)))
        for name in images.sorted() { try writer.add(name, bytes: imageBytes[name]!) }
        return writer
    }

    private func refuseDuplicates(_ keys: [String], what: String) throws {
        for (previous, next) in zip(keys, keys.dropFirst()) where previous == next {
            throw RecordError("the \(what) \(next) appears twice: were overlapping shards given?")
        }
    }
}
