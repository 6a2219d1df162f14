// mpo-serve: a model artifact behind an OpenAI-compatible chat-completions server (docs/serving.md).
import ArgumentParser
import Artifacts
import Dispatch
import FlyingFox
import Foundation
import ModelServer
import TensorCore
import ToolSupport
import VisionLanguage

@main
struct MPOServe: ParsableCommand, ComputesOnTensorCore {
    static let configuration = CommandConfiguration(
        commandName: "mpo-serve",
        abstract: "Serve a model artifact over OpenAI's chat-completions API.",
        discussion: """
            GET /v1/models and POST /v1/chat/completions: the user turn's text and at most one \
            image as a base64 data URL; n, seed, temperature (0: greedy), top_p, top_k, max_tokens, \
            stop; an assistant turn to continue with continue_final_message. No streaming. \
            Concurrent requests with the same sampling settings are decoded in one batch. Choice i \
            of a request with seed s is the in-process sample (recordID "", sample index i) with \
            seed s. Binds 127.0.0.1 unless told otherwise; prints the address it listens on; stops \
            cleanly on SIGINT or SIGTERM.

              mpo-serve --model sft.mmpr --port 8000
              mmpr-sample --problems p.mmpr --base-url http://127.0.0.1:8000/v1 --served-model sft -o s.mmpr

            \(ExitStatus.help)
            """,
        version: ToolkitVersion.current)

    @Option(help: "The model artifact to serve.") var model: String
    @Option(help: "The name clients ask for (default: the artifact's file name without .mmpr).") var servedModelName: String?
    @Option(help: "The address to bind (127.0.0.1: this machine only).") var host: String = "127.0.0.1"
    @Option(help: "The port (0: any free port, printed when listening).") var port: Int = 8000
    @Option(help: "Sequences decoded together at most.") var batchSize: Int = 32
    @Option(help: "The largest request body read, in MiB.") var maxBodyMib: Int = 32
    @OptionGroup var threads: ThreadOptions

    static func main() { runAsTool() }

    func validate() throws {
        try FlagRange.require("port", port, in: 0...65535)
        try FlagRange.require("batch-size", batchSize, in: 1...FlagRange.maxBatch)
        try FlagRange.require("max-body-mib", maxBodyMib, in: 1...1024)
    }

    func run() throws {
        if let count = threads.threads { ComputeThreads.configure(threads: count) }
        let policy = try ModelArtifact.load(path: model)
        let name = servedModelName ?? ((model as NSString).lastPathComponent as NSString).deletingPathExtension
        let fingerprint = "mpo-\(ToolkitVersion.current)-\(String(try ContentHash.ofFile(model).description.prefix(12)))"
        let engine = CompletionEngine(model: policy, batchSize: batchSize)
        let handler = ChatCompletionServer(
            engine: engine, modelName: name, fingerprint: fingerprint, contextLength: policy.config.contextLength,
            maxBodyBytes: maxBodyMib << 20)
        let address: sockaddr_in
        do { address = try .inet(ip4: host, port: UInt16(port)) } catch { throw InputError("--host \(host): not an IPv4 address") }
        let server = HTTPServer(address: address, logger: .disabled)
        let lifetime = Lifetime()
        Task {
            await handler.install(on: server)
            do { try await server.run() } catch { lifetime.end(with: error) }
        }
        Task {
            try await server.waitUntilListening()
            if case .ip4(let ip, let bound)? = await server.listeningAddress {
                StandardError.write("mpo-serve: serving \(name) on http://\(ip):\(bound)/v1\n")
            }
        }
        // SIGINT and SIGTERM: finish the requests in flight (3 s at most), then exit 0.
        var sources: [DispatchSourceSignal] = []
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                guard lifetime.beginStopping() else { return }
                Task {
                    await server.stop(timeout: 3)
                    engine.stop()
                    lifetime.end(with: nil)
                }
            }
            source.resume()
            sources.append(source)
        }
        let failure = lifetime.wait()
        withExtendedLifetime(sources) {}
        if let failure { throw InputError("cannot serve on \(host):\(port): \(failure)") }
        StandardError.write("mpo-serve: stopped\n")
    }
}

/// How the server's life ends: a signal asked it to stop (then the error its run throws on the
/// way out is no failure), or it failed on its own.
final class Lifetime: @unchecked Sendable {
    private let condition = NSCondition()
    private var stopping = false
    private var ended = false
    private var failure: Error?

    /// True for the first stop request.
    func beginStopping() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        if stopping { return false }
        stopping = true
        return true
    }

    func end(with error: Error?) {
        condition.lock()
        if !ended && !(stopping && error != nil) {
            ended = true
            failure = error
            condition.signal()
        }
        condition.unlock()
    }

    /// Blocks until the server has ended; its failure, or nil after a clean stop.
    func wait() -> Error? {
        condition.lock()
        while !ended { condition.wait() }
        defer { condition.unlock() }
        return failure
    }
}
