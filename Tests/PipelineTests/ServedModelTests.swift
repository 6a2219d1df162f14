// `mmpr-sample` and `mpo-eval run` with `--base-url …`, against the fault-injecting loopback
// server: one request per sample or answer with the problem's image as a data URL of its stored
// bytes and the same prompt the embedded model gets (sampling: its parameters and a seed of its
// own; evaluation: temperature 0); the replies are used verbatim, the manifest says what
// answered (never where), and a rerun asks nothing and writes the same bytes.
import Artifacts
import Foundation
import JSON
import Problems
import TestSupport
import XCTest

final class ServedModelTests: XCTestCase {
    func testSamplesFromAServedModelAreTheRepliesToTheSameQuestions() throws {
        let scratch = try ScratchDirectory()
        let problems = scratch.path("problems.mmpr"), model = scratch.path("init.mmpr")
        try PipelineFixture.write(to: problems)
        XCTAssertEqual(try ToolRunner.run("mpo-train", ["init", "--preset", "tiny", "-o", model]).status, 0)
        let server = try FakeOpenAIServer(mode: .ok)
        let common = ["--problems", problems, "--samples", "2", "--open-samples", "1", "--temperature", "0.7", "--max-new-tokens", "64"]
        let served = common + ["--base-url", server.baseURL, "--served-model", "judge", "--response-cache", scratch.path("cache")]
        let run = try ToolRunner.run("mmpr-sample", served + ["-o", scratch.path("served.mmpr")])
        XCTAssertEqual(run.status, 0, run.stderr)
        let embedded = try ToolRunner.run("mmpr-sample", common + ["--model", model, "-o", scratch.path("embedded.mmpr")])
        XCTAssertEqual(embedded.status, 0, embedded.stderr)

        // 4 pref problems × 2 samples + 2 open prompts × 1: one request each.
        let requests = try server.requests()
        XCTAssertEqual(requests.count, 10)
        let (manifest, records) = try ArtifactReader.records(in: scratch.path("served.mmpr"), kind: "samples")
        let ours = try ArtifactReader.records(in: scratch.path("embedded.mmpr"), kind: "samples").records
        XCTAssertEqual(records.count, ours.count)
        let contents = try ProblemArtifact.read(path: problems) { _ in true }
        let imageOf = Dictionary(uniqueKeysWithValues: contents.records.map { ($0.pid, contents.images[$0.image]!) })
        var seeds = Set<Int>()
        for (record, embeddedRecord) in zip(records, ours) {
            XCTAssertEqual(record["pid"], embeddedRecord["pid"])
            XCTAssertEqual(record["question"], embeddedRecord["question"], "the same prompt as the embedded model gets")
            let pid = try XCTUnwrap(record["pid"]?.stringValue), prompt = try XCTUnwrap(record["question"]?.stringValue)
            let request = try XCTUnwrap(
                requests.first { request in
                    let body = request["body"] as! [String: Any], message = (body["messages"] as! [[String: Any]])[0]
                    let content = message["content"] as! [[String: Any]]
                    let seed = body["seed"] as! Int
                    return (content[1]["text"] as? String) == prompt
                        && seed == Int(Self.seed(pid: pid, index: Int(record["sample_index"]!.integerValue!)))
                }, "no request for \(pid) sample \(record["sample_index"]!)")
            let body = request["body"] as! [String: Any]
            XCTAssertEqual(body["model"] as? String, "judge")
            XCTAssertEqual(body["temperature"] as? Double, 0.7)
            XCTAssertEqual(body["top_p"] as? Double ?? (body["top_p"] as? Int).map(Double.init), 1)
            XCTAssertEqual(body["top_k"] as? Int, 50)
            XCTAssertEqual(body["max_tokens"] as? Int, 64)
            XCTAssertEqual(body["n"] as? Int, 1)
            seeds.insert(body["seed"] as! Int)
            let content = (body["messages"] as! [[String: Any]])[0]["content"] as! [[String: Any]]
            let url = (content[0]["image_url"] as! [String: Any])["url"] as! String
            XCTAssertEqual(url, "data:image/png;base64," + Data(imageOf[pid]!).base64EncodedString(), "the stored image bytes")
            // The reply, verbatim: the fake server answers " R-<length of the prompt> ".
            XCTAssertEqual(record["response"]?.stringValue, " R-\(prompt.count) ")
        }
        XCTAssertEqual(seeds.count, 10, "every sample has a seed of its own")
        XCTAssertEqual(manifest.environment["served_model"], ["judge"])
        XCTAssertEqual(manifest.environment["system_fingerprint"], ["fp-test"])
        XCTAssertNotNil(manifest.environment["nondeterministic"])
        XCTAssertEqual(manifest.parameters["served_model"], "judge")
        XCTAssertFalse(JSONWriter.canonical.string(manifest.json).contains("127.0.0.1"), "the server's address is not recorded")

        // Again, into another file: nothing is asked, the bytes are the same.
        let again = try ToolRunner.run("mmpr-sample", served + ["-o", scratch.path("again.mmpr")])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(try server.requests().count, 10)
        XCTAssertEqual(try scratch.read("served.mmpr"), try scratch.read("again.mmpr"))

        // Exactly one source of samples.
        let both = try ToolRunner.run("mmpr-sample", served + ["--model", model, "-o", scratch.path("x.mmpr")])
        XCTAssertEqual(both.status, 2)
        XCTAssertTrue(both.stderr.contains("give the model to sample from"), both.stderr)
    }

    func testAServedModelIsEvaluatedLikeTheEmbeddedOne() throws {
        let scratch = try ScratchDirectory()
        let problems = scratch.path("problems.mmpr")
        try PipelineFixture.write(to: problems)
        let server = try FakeOpenAIServer(mode: .ok)
        let arguments = [
            "run", "--problems", problems, "--split", "testmini", "--max-new-tokens", "32", "--base-url", server.baseURL,
            "--served-model", "judge", "--response-cache", scratch.path("cache"),
        ]
        let run = try ToolRunner.run("mpo-eval", arguments + ["-o", scratch.path("scores.mmpr")])
        XCTAssertEqual(run.status, 0, run.stderr)
        let requests = try server.requests()
        XCTAssertEqual(requests.count, 8, "4 testmini problems × Direct and CoT")
        for request in requests {
            let body = request["body"] as! [String: Any]
            XCTAssertEqual(body["temperature"] as? Int, 0)
            XCTAssertEqual(body["max_tokens"] as? Int, 32)
            XCTAssertNil(body["seed"], "greedy answers need no seed")
        }
        let (manifest, entries) = try ArtifactReader.entries(in: scratch.path("scores.mmpr")) { $0.hasPrefix("outputs_") }
        XCTAssertEqual(manifest.environment["served_model"], ["judge"])
        XCTAssertEqual(manifest.environment["system_fingerprint"], ["fp-test"])
        for mode in ["direct", "cot"] {
            let outputs = try JSONValue(parsing: try XCTUnwrap(entries["outputs_\(mode).json"]))
            for (_, record) in try XCTUnwrap(outputs.objectValue) {
                let prompt = try XCTUnwrap(record["prompt"]?.stringValue)
                XCTAssertEqual(record["response"]?.stringValue, " R-\(prompt.count) ", "the reply to this record's own prompt")
            }
        }
        let again = try ToolRunner.run("mpo-eval", arguments + ["-o", scratch.path("again.mmpr")])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(try server.requests().count, 8)
        XCTAssertEqual(try scratch.read("scores.mmpr"), try scratch.read("again.mmpr"))
    }

    /// DropoutNTP on a served model: the user turn without the image, the prefix as an assistant
    /// turn to continue, and the reply as the continuation.
    func testAServedModelContinuesDropoutNTPPrefixes() throws {
        let scratch = try ScratchDirectory()
        let problems = scratch.path("problems.mmpr"), samples = scratch.path("samples.mmpr")
        try PipelineFixture.write(to: problems)
        // Two open-prompt responses, written here (fields the problem has are taken from it).
        let lines = [
            ["pid": "open-1", "question": "Describe the image.", "response": "A black picture with two white squares on a diagonal."],
            ["pid": "open-2", "question": "Describe the image.", "response": "Three white squares stand in a row on black."],
        ].map { JSONWriter.canonical.string(JSONValue.object(JSONObject($0.map { ($0.key, JSONValue.string($0.value)) }))) + "\n" }
        _ = try scratch.write("samples/records.jsonl", Array(lines.joined().utf8))
        XCTAssertEqual(try ToolRunner.run("mmpr-art", ["pack", "--kind", "samples", scratch.path("samples"), "-o", samples]).status, 0)
        let server = try FakeOpenAIServer(mode: .ok)
        let ntp = scratch.path("ntp.mmpr")
        let run = try ToolRunner.run(
            "mmpr-dropntp",
            [
                "--samples", samples, "--problems", problems, "--base-url", server.baseURL, "--served-model", "judge",
                "--response-cache", scratch.path("cache"), "-o", ntp,
            ])
        XCTAssertEqual(run.status, 0, run.stderr)
        let (manifest, records) = try ArtifactReader.records(in: ntp, kind: "ntp")
        let requests = try server.requests()
        XCTAssertEqual(requests.count, records.count)
        XCTAssertEqual(records.count, 2)
        for record in records {
            let question = try XCTUnwrap(record["question"]?.stringValue), prefix = try XCTUnwrap(record["prefix"]?.stringValue)
            let request = try XCTUnwrap(
                requests.first { request in
                    let messages = (request["body"] as! [String: Any])["messages"] as! [[String: Any]]
                    let assistant = (messages[1]["content"] as! [[String: Any]])[0]["text"] as? String
                    return assistant == prefix && ((messages[0]["content"] as! [[String: Any]])[0]["text"] as? String) == question
                }, "no request continues \(prefix)")
            let body = request["body"] as! [String: Any], messages = body["messages"] as! [[String: Any]]
            XCTAssertEqual(messages.map { $0["role"] as? String }, ["user", "assistant"])
            XCTAssertEqual((messages[0]["content"] as! [[String: Any]]).count, 1, "no image in the user turn")
            XCTAssertEqual(body["continue_final_message"] as? Bool, true)
            XCTAssertEqual(body["add_generation_prompt"] as? Bool, false)
            XCTAssertTrue(prefix.split(separator: " ").count >= 3, "half the words kept: \(prefix)")
            // The fake server answers " R-<length of the first message> ": the reply is the continuation.
            XCTAssertEqual(record["continuation"]?.stringValue, " R-\(question.count) ")
        }
        XCTAssertEqual(manifest.environment["served_model"], ["judge"])

        // A server without continue_final_message: the prompt rendered from a template file and
        // sent to /v1/completions.
        let template = try scratch.write("template.txt", Array("<|user|>{question}<|end|><|assistant|>{prefix}".utf8))
        let completions = try ToolRunner.run(
            "mmpr-dropntp",
            [
                "--samples", samples, "--problems", problems, "--base-url", server.baseURL, "--served-model", "judge",
                "--completions-template", template, "--response-cache", scratch.path("cache"), "-o", scratch.path("ntp-raw.mmpr"),
            ])
        XCTAssertEqual(completions.status, 0, completions.stderr)
        let raw = try server.requests().filter { ($0["path"] as? String) == "/v1/completions" }
        XCTAssertEqual(raw.count, 2)
        for record in try ArtifactReader.records(in: scratch.path("ntp-raw.mmpr"), kind: "ntp").records {
            let prompt = "<|user|>\(record["question"]!.stringValue!)<|end|><|assistant|>\(record["prefix"]!.stringValue!)"
            XCTAssertTrue(raw.contains { ($0["body"] as! [String: Any])["prompt"] as? String == prompt }, prompt)
            XCTAssertEqual(record["continuation"]?.stringValue, " R-\(prompt.count) ")
        }
        let untemplated = try ToolRunner.run(
            "mmpr-dropntp",
            [
                "--samples", samples, "--problems", problems, "--base-url", server.baseURL, "--served-model", "judge",
                "--completions-template", try scratch.write("bad.txt", Array("{question}".utf8)), "-o", scratch.path("x.mmpr"),
            ])
        XCTAssertEqual(untemplated.status, 2)
        XCTAssertTrue(untemplated.stderr.contains("must contain {question} and {prefix}"), untemplated.stderr)
    }

    /// The request seed, recomputed here: 31 bits of XXH3-128("seed/pid#index") (seed 0).
    static func seed(pid: String, index: Int) -> Int64 {
        Int64(ContentHash.of(Array("0/\(pid)#\(index)".utf8)).low & 0x7FFF_FFFF)
    }
}
