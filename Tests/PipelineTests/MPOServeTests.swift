// mpo-serve on loopback: our client's samples from it equal the in-process generator's for the
// same seeds, bad requests get OpenAI-shaped 400s (413 above the body limit, 404 for another
// model), 64 concurrent requests all come back once each, SIGTERM stops it cleanly, and the
// official openai Python package (in the venv of `make test`) talks to it.
import Artifacts
import Foundation
import JSON
import Problems
import TestSupport
import VisionLanguage
import XCTest

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

final class MPOServeTests: XCTestCase {
    /// A running mpo-serve on a free port, stopped with SIGTERM at the end of the test.
    final class Server: @unchecked Sendable {
        let process: Process
        let scratch: ScratchDirectory
        let baseURL: String

        init(model: String, arguments: [String] = []) throws {
            scratch = try ScratchDirectory()
            process = ToolRunner.process("mpo-serve", ["--model", model, "--port", "0", "--served-model-name", "tiny"] + arguments)
            FileManager.default.createFile(atPath: scratch.path("stderr"), contents: nil)
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: scratch.path("stderr")))
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            var url: String?
            for _ in 0..<400 where url == nil {
                let text = (try? String(contentsOfFile: scratch.path("stderr"), encoding: .utf8)) ?? ""
                if let range = text.range(of: "http://127.0.0.1:[0-9]+/v1", options: .regularExpression) {
                    url = String(text[range])
                } else {
                    Thread.sleep(forTimeInterval: 0.05)
                }
            }
            guard let url else { throw DidNotStart() }
            baseURL = url
        }

        /// SIGTERM, then the exit status and what it printed.
        func stop() -> (status: Int32, stderr: String) {
            process.terminate()
            process.waitUntilExit()
            return (process.terminationStatus, (try? String(contentsOfFile: scratch.path("stderr"), encoding: .utf8)) ?? "")
        }

        deinit { if process.isRunning { process.terminate() } }

        struct DidNotStart: Error {}
    }

    /// POSTs `body` to the chat route; the status and the JSON reply.
    static func post(_ body: JSONValue, to server: Server, raw: Data? = nil) throws -> (status: Int, json: JSONValue?) {
        var request = URLRequest(url: URL(string: server.baseURL + "/chat/completions")!)
        request.httpMethod = "POST"
        request.httpBody = raw ?? Data(JSONWriter.canonical.string(body).utf8)
        let finished = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: (Int, JSONValue?) = (0, nil)
        URLSession.shared.dataTask(with: request) { data, response, _ in
            result = ((response as? HTTPURLResponse)?.statusCode ?? 0, data.flatMap { try? JSONValue(parsing: [UInt8]($0)) })
            finished.signal()
        }.resume()
        finished.wait()
        return result
    }

    private func tinyModel(in scratch: ScratchDirectory) throws -> String {
        let model = scratch.path("tiny.mmpr")
        XCTAssertEqual(try ToolRunner.run("mpo-train", ["init", "--preset", "tiny", "--seed", "5", "-o", model]).status, 0)
        return model
    }

    func testOurClientsSamplesEqualTheInProcessGeneratorsForTheSameSeeds() throws {
        let scratch = try ScratchDirectory()
        let model = try tinyModel(in: scratch), problems = scratch.path("problems.mmpr")
        try PipelineFixture.write(to: problems)
        let server = try Server(model: model)
        let run = try ToolRunner.run(
            "mmpr-sample",
            [
                "--problems", problems, "--splits", "pref", "--samples", "2", "--max-new-tokens", "12", "--base-url", server.baseURL,
                "--served-model", "tiny", "--response-cache", scratch.path("cache"), "-o", scratch.path("samples.mmpr"),
            ])
        XCTAssertEqual(run.status, 0, run.stderr)
        let (manifest, records) = try ArtifactReader.records(in: scratch.path("samples.mmpr"), kind: "samples")
        XCTAssertEqual(records.count, 8)
        XCTAssertEqual(manifest.environment["served_model"], ["tiny"])

        // The same samples in process: choice 0 of a request with the sample's seed is
        // GenerationRequest(recordID: "", sampleIndex: 0) with that seed.
        let policy = try ModelArtifact.load(path: model)
        let generator = Generator(model: policy, batchSize: 4)
        let contents = try ProblemArtifact.read(path: problems) { _ in true }
        let byPid = Dictionary(uniqueKeysWithValues: contents.records.map { ($0.pid, $0) })
        for record in records {
            let pid = try XCTUnwrap(record["pid"]?.stringValue), index = Int(try XCTUnwrap(record["sample_index"]?.integerValue))
            let problem = try XCTUnwrap(byPid[pid])
            let seed = ServedModelTests.seed(pid: pid, index: index)
            let settings = SamplingSettings(temperature: 1, topK: 50, topP: 1, maxNewTokens: 12, seed: UInt64(seed))
            let image = try ModelImage.decode(contents.images[problem.image]!, side: policy.config.imageSize)
            let expected = try generator.generate(
                [GenerationRequest(recordID: "", sampleIndex: 0, image: image, question: try XCTUnwrap(record["question"]?.stringValue))],
                settings: settings)
            XCTAssertEqual(record["response"]?.stringValue, expected[0].text, "\(pid) sample \(index)")
        }
        let stopped = server.stop()
        XCTAssertEqual(stopped.status, 0, stopped.stderr)
        XCTAssertTrue(stopped.stderr.contains("mpo-serve: stopped"), stopped.stderr)
    }

    func testBadRequestsAreRefusedInOpenAIsShape() throws {
        let scratch = try ScratchDirectory()
        let server = try Server(model: try tinyModel(in: scratch), arguments: ["--max-body-mib", "1"])
        let user: JSONValue = ["role": "user", "content": "How many?"]
        let cases: [(JSONValue, Int, String?)] = [
            (["messages": []], 400, "messages"),
            (["messages": [user], "n": 0], 400, "n"),
            (["messages": [user], "stream": true], 400, "stream"),
            (["messages": [user], "temperature": -1], 400, "temperature"),
            (
                ["messages": [["role": "user", "content": [["type": "image_url", "image_url": ["url": "http://example.com/a.png"]]]]]], 400,
                "messages"
            ),
            (["messages": [user], "model": "other"], 404, "model"),
        ]
        for (body, status, parameter) in cases {
            let reply = try Self.post(body, to: server)
            XCTAssertEqual(reply.status, status, "\(body)")
            XCTAssertEqual(reply.json?["error"]?["param"]?.stringValue, parameter, "\(body)")
            XCTAssertNotNil(reply.json?["error"]?["message"]?.stringValue)
            XCTAssertEqual(reply.json?["error"]?["type"], "invalid_request_error")
        }
        XCTAssertEqual(try Self.post(.null, to: server, raw: Data("not json".utf8)).status, 400)
        let large = try Self.post(.null, to: server, raw: Data(repeating: 0x20, count: 2 << 20))
        XCTAssertEqual(large.status, 413)
        XCTAssertEqual(server.stop().status, 0)
    }

    /// 64 requests at once, each its own seed: every one answered once, with its own sample.
    func testSixtyFourConcurrentRequestsAreAllAnsweredOnce() throws {
        let scratch = try ScratchDirectory()
        let model = try tinyModel(in: scratch)
        let server = try Server(model: model)
        let count = 64
        nonisolated(unsafe) var replies = [String?](repeating: nil, count: count)
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: count) { index in
            let body: JSONValue = [
                "messages": [["role": "user", "content": "Describe the image."]], "seed": .integer(Int64(index)), "max_tokens": 6,
            ]
            let reply = try? Self.post(body, to: server)
            let text = reply?.json?["choices"]?.arrayValue?.first?["message"]?["content"]?.stringValue
            lock.lock()
            replies[index] = text
            lock.unlock()
        }
        XCTAssertEqual(replies.compactMap { $0 }.count, count, "every request answered")
        let generator = Generator(model: try ModelArtifact.load(path: model), batchSize: 16)
        for index in [0, 17, 63] {
            let expected = try generator.generate(
                [GenerationRequest(recordID: "", sampleIndex: 0, image: nil, question: "Describe the image.")],
                settings: SamplingSettings(temperature: 1, maxNewTokens: 6, seed: UInt64(index)))
            XCTAssertEqual(replies[index], expected[0].text, "request \(index) got its own sample")
        }
        XCTAssertEqual(server.stop().status, 0)
    }

    /// The official client: the model list, a chat with an image at n = 4, the same seed twice.
    func testTheOfficialOpenAIPackageChatsWithAnImageAndSeeds() throws {
        let scratch = try ScratchDirectory()
        let server = try Server(model: try tinyModel(in: scratch))
        let check = Fixtures.repository.appendingPathComponent("Tests/TestSupport/openai_client_check.py").path
        let run = try Subprocess.run("python3", [check, server.baseURL, "tiny"])
        XCTAssertEqual(run.status, 0, "openai_client_check.py (is the openai package installed? `make test` installs it): \(run.stderr)")
        XCTAssertTrue(run.stdoutText.contains("the same 4 texts"), run.stdoutText)
        XCTAssertEqual(server.stop().status, 0)
    }
}
