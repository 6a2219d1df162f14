// `mpo-eval score --extraction llm|auto` against the fault-injecting OpenAI-compatible server: the
// request bodies are the official extraction call (MathVista's prompt, one user message,
// temperature 0, 1 024 tokens, n = 1), replies are stripped and cached so a rerun asks nothing,
// 429 and 500 are retried, and a server that stays down or answers nonsense is one line.
import Foundation
import JSON
import TestSupport
import XCTest

final class ServedExtractionTests: XCTestCase {
    /// Four records: two that the official rules settle without an LLM (an integer response, an
    /// exact choice text) and two that need one.
    private func writeOutputs(in scratch: ScratchDirectory) throws -> (
        annotations: String, outputs: String, asked: [String: (String, String)]
    ) {
        func record(
            _ pid: String, _ type: String, _ answerType: String, _ choices: [String]?, _ answer: String, _ query: String, _ response: String
        )
            -> (String, JSONValue)
        {
            (
                pid,
                [
                    "pid": .string(pid), "question": "Q", "image": .string("images/\(pid).jpg"),
                    "choices": choices.map { .array($0.map(JSONValue.string)) } ?? .null, "unit": .null, "precision": .null,
                    "answer": .string(answer), "question_type": .string(type), "answer_type": .string(answerType),
                    "metadata": ["split": "testmini", "source": "test", "task": "figure question answering"], "query": .string(query),
                    "response": .string(response),
                ]
            )
        }
        let records = [
            record("1", "free_form", "integer", nil, "12", "Hint: integer.\nQuestion: How many?", "12"),
            record("2", "multi_choice", "text", ["red", "blue"], "blue", "Hint: letter.\nQuestion: Which colour?", "blue"),
            record("3", "free_form", "integer", nil, "7", "Hint: integer.\nQuestion: How many bars?", "Hard to say how many."),
            record("4", "multi_choice", "text", ["3/11", "8/11"], "8/11", "Hint: letter.\nQuestion: What fraction?", "It is (B)."),
        ]
        let document = JSONValue.object(JSONObject(records))
        let outputs = try scratch.write("output.json", Array(JSONWriter.canonical.string(document).utf8))
        let annotations = try scratch.write("testmini.json", Array(JSONWriter.canonical.string(document).utf8))
        return (
            annotations, outputs,
            [
                "3": ("Hint: integer.\nQuestion: How many bars?", "Hard to say how many."),
                "4": ("Hint: letter.\nQuestion: What fraction?", "It is (B)."),
            ]
        )
    }

    private func predictions(_ path: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
    }

    func testTheOfficialRequestIsSentOnceAndItsReplyReused() throws {
        let scratch = try ScratchDirectory()
        let (annotations, outputs, asked) = try writeOutputs(in: scratch)
        let server = try FakeOpenAIServer(mode: .ok)
        let arguments = [
            "score", "--annotations", annotations, "--outputs", outputs, "--extraction", "llm", "--base-url", server.baseURL,
            "--served-model", "judge", "--response-cache", scratch.path("cache"), "-o", scratch.path("scores.json"),
        ]
        let first = try ToolRunner.run("mpo-eval", arguments + ["--predictions", scratch.path("first.json")])
        XCTAssertEqual(first.status, 0, first.stderr)

        let requests = try server.requests()
        XCTAssertEqual(requests.count, 2, "only the records the official rules leave open are asked")
        let demonstration =
            "Please read the following example. Then extract the answer from the model response and type it at the end of the prompt."
        var texts: [String] = []
        for request in requests {
            let body = try XCTUnwrap(request["body"] as? [String: Any])
            XCTAssertEqual(Set(body.keys), ["model", "messages", "temperature", "max_tokens", "n"])
            XCTAssertEqual(body["model"] as? String, "judge")
            XCTAssertEqual(body["temperature"] as? Int, 0)
            XCTAssertEqual(body["max_tokens"] as? Int, 1024)
            XCTAssertEqual(body["n"] as? Int, 1)
            let messages = try XCTUnwrap(body["messages"] as? [[String: Any]])
            XCTAssertEqual(messages.count, 1)
            XCTAssertEqual(messages[0]["role"] as? String, "user")
            let content = try XCTUnwrap(messages[0]["content"] as? [[String: Any]])
            XCTAssertEqual(content.count, 1)
            XCTAssertEqual(content[0]["type"] as? String, "text")
            texts.append(try XCTUnwrap(content[0]["text"] as? String))
        }
        // demonstration (five examples) + blank line + query + blank line + response + blank line + label.
        for (pid, (query, response)) in asked {
            let expectedTail = "\n\n\(query)\n\n\(response)\n\nExtracted answer: "
            let text = try XCTUnwrap(texts.first { $0.hasSuffix(expectedTail) }, "no request for pid \(pid)")
            XCTAssertTrue(text.hasPrefix(demonstration), "pid \(pid)")
            XCTAssertEqual(text.components(separatedBy: "Extracted answer: ").count, 7, "five examples, the query's label, and the split")
            // The fake server answers " R-<length> ": the reply, stripped, is the extraction.
            let stored = try predictions(scratch.path("first.json"))[pid] as? [String: Any]
            XCTAssertEqual(stored?["extraction"] as? String, "R-\(text.count)", "pid \(pid)")
        }
        XCTAssertEqual((try predictions(scratch.path("first.json"))["1"] as? [String: Any])?["extraction"] as? String, "12")

        // Again: every reply comes from the cache, nothing is asked, the bytes are the same.
        let second = try ToolRunner.run("mpo-eval", arguments + ["--predictions", scratch.path("second.json")])
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertEqual(try server.requests().count, 2)
        XCTAssertEqual(try scratch.read("first.json"), try scratch.read("second.json"))
    }

    /// auto: the stored extraction where there is one, our rules next, the LLM only where they
    /// find nothing.
    func testAutoAsksOnlyWhereTheRulesFindNothing() throws {
        let scratch = try ScratchDirectory()
        let (annotations, outputs, _) = try writeOutputs(in: scratch)
        let server = try FakeOpenAIServer(mode: .ok)
        let run = try ToolRunner.run(
            "mpo-eval",
            [
                "score", "--annotations", annotations, "--outputs", outputs, "--extraction", "auto", "--base-url", server.baseURL,
                "--served-model", "judge", "--response-cache", scratch.path("cache"), "-o", scratch.path("scores.json"),
            ])
        XCTAssertEqual(run.status, 0, run.stderr)
        // "It is (B)." is read by the rules; "Hard to say how many." is not a number they take.
        let texts = try server.requests().map { (($0["body"] as! [String: Any])["messages"] as! [[String: Any]])[0] }
        XCTAssertEqual(texts.count, 1)
        XCTAssertTrue("\(texts)".contains("Hard to say how many."), "\(texts)")
    }

    /// `--quick-extract`: the official opt-in rule settles `The answer is "…".` without the LLM.
    func testQuickExtractAnswersBeforeTheLLM() throws {
        let scratch = try ScratchDirectory()
        let (annotations, outputs, _) = try writeOutputs(in: scratch)
        var document = try JSONValue(parsing: try scratch.read("output.json"))
        guard case .object(var records) = document, case .object(var record)? = records["3"] else { return XCTFail("no record 3") }
        record["response"] = .string("I think so.\nThe answer is \"7\".")
        records["3"] = .object(record)
        document = .object(records)
        _ = try scratch.write("output.json", Array(JSONWriter.canonical.string(document).utf8))
        let server = try FakeOpenAIServer(mode: .ok)
        let run = try ToolRunner.run(
            "mpo-eval",
            [
                "score", "--annotations", annotations, "--outputs", outputs, "--extraction", "llm", "--quick-extract", "--base-url",
                server.baseURL, "--served-model", "judge", "--response-cache", scratch.path("cache"), "--predictions",
                scratch.path("predictions.json"), "-o", scratch.path("scores.json"),
            ])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(try server.requests().count, 1, "only record 4 is asked")
        XCTAssertEqual((try predictions(scratch.path("predictions.json"))["3"] as? [String: Any])?["extraction"] as? String, "7")
    }

    func testRateLimitsAndServerErrorsAreRetried() throws {
        let scratch = try ScratchDirectory()
        let (annotations, outputs, _) = try writeOutputs(in: scratch)
        let server = try FakeOpenAIServer(mode: .flaky)
        let run = try ToolRunner.run(
            "mpo-eval",
            [
                "score", "--annotations", annotations, "--outputs", outputs, "--extraction", "llm", "--base-url", server.baseURL,
                "--served-model", "judge", "--response-cache", scratch.path("cache"), "--retries", "3", "-o", scratch.path("scores.json"),
            ])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(try server.requests().count, 6, "each of the two prompts: 429, 500, then an answer")
    }

    func testAServerThatStaysDownOrAnswersNonsenseIsOneLine() throws {
        let scratch = try ScratchDirectory()
        let (annotations, outputs, _) = try writeOutputs(in: scratch)
        for (mode, expected) in [
            (FakeOpenAIServer.Mode.down, "HTTP 500, after 2 attempts"), (.malformed, "the reply is not a chat completion"),
        ] {
            let server = try FakeOpenAIServer(mode: mode)
            let run = try ToolRunner.run(
                "mpo-eval",
                [
                    "score", "--annotations", annotations, "--outputs", outputs, "--extraction", "llm", "--base-url", server.baseURL,
                    "--served-model", "judge", "--response-cache", scratch.path("cache-\(mode)"), "--retries", "1", "--concurrency", "1",
                    "-o", scratch.path("scores.json"),
                ])
            XCTAssertEqual(run.status, 2, run.stderr)
            let errors = run.stderr.split(separator: "\n").filter { $0.contains("error:") }
            XCTAssertEqual(errors.count, 1, run.stderr)
            XCTAssertTrue(run.stderr.contains("\(server.baseURL)/chat/completions: \(expected)"), run.stderr)
            XCTAssertFalse(FileManager.default.fileExists(atPath: scratch.path("scores.json")), "no scores from a failed run")
        }
    }

    /// The key goes to the server as a bearer token and nowhere else: not to standard error, the
    /// scores, the predictions or the response cache.
    func testTheAPIKeyIsSentAndNeverWritten() throws {
        let scratch = try ScratchDirectory()
        let (annotations, outputs, _) = try writeOutputs(in: scratch)
        let key = "sk-test-\(UUID().uuidString)"
        let server = try FakeOpenAIServer(mode: .ok, expectedKey: key)
        let arguments = [
            "score", "--annotations", annotations, "--outputs", outputs, "--extraction", "llm", "--base-url", server.baseURL,
            "--served-model", "judge", "--api-key-env", "MPO_TEST_KEY", "--response-cache", scratch.path("cache"),
            "--predictions", scratch.path("predictions.json"), "-o", scratch.path("scores.json"),
        ]
        let process = ToolRunner.process("mpo-eval", arguments)
        process.environment = ProcessInfo.processInfo.environment.merging(["MPO_TEST_KEY": key]) { _, new in new }
        let run = try Subprocess.collect(process, input: nil)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertFalse(run.stderr.contains(key))
        let cached = try FileManager.default.contentsOfDirectory(atPath: scratch.path("cache"))
        XCTAssertEqual(cached.count, 2)
        for file in cached.map({ "cache/\($0)" }) + ["scores.json", "predictions.json"] {
            XCTAssertFalse(String(decoding: try scratch.read(file), as: UTF8.self).contains(key), file)
        }
        // Without the variable set: one line naming it.
        let unset = try ToolRunner.run("mpo-eval", arguments)
        XCTAssertEqual(unset.status, 2)
        XCTAssertTrue(unset.stderr.contains("--api-key-env MPO_TEST_KEY: the variable is not set"), unset.stderr)
    }
}
