// The fault-injecting OpenAI-compatible server of the tests (fake_openai_server.py), started on
// a free loopback port and stopped when the value goes away; `requests` reads what it received.
import Foundation

public final class FakeOpenAIServer {
    public enum Mode: String { case ok, flaky, down, malformed, slow }

    public let baseURL: String
    private let process: Process
    private let scratch: ScratchDirectory

    public init(mode: Mode, expectedKey: String? = nil) throws {
        scratch = try ScratchDirectory()
        let script = Fixtures.repository.appendingPathComponent("Tests/TestSupport/fake_openai_server.py").path
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            ["python3", script, scratch.path("port"), scratch.path("log"), mode.rawValue] + (expectedKey.map { [$0] } ?? [])
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var port: String?
        for _ in 0..<200 where port == nil {
            if let text = try? String(contentsOfFile: scratch.path("port"), encoding: .utf8), !text.isEmpty {
                port = text
            } else {
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
        guard let port else {
            process.terminate()
            throw Fixtures.Missing(description: "the fake OpenAI server did not start")
        }
        baseURL = "http://127.0.0.1:\(port)/v1"
    }

    deinit {
        process.terminate()
        process.waitUntilExit()
    }

    /// Every request received so far, in order: {"body", "authorization", "path"}.
    public func requests() throws -> [[String: Any]] {
        guard let text = try? String(contentsOfFile: scratch.path("log"), encoding: .utf8) else { return [] }
        return try text.split(separator: "\n").map { line in
            try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
        }
    }
}
