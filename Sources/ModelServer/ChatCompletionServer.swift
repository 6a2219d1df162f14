// `mpo-serve`'s HTTP side: OpenAI's `/v1/models` and `/v1/chat/completions` (no streaming) over
// FlyingFox, a small HTTP server on Swift concurrency. Every request is answered in OpenAI's shapes:
// a completion with `choices`, `usage` and `system_fingerprint`, or `{"error": {message, type,
// param, code}}` with 400 for a request the model cannot honour, 413 above the body limit.
import Artifacts
import FlyingFox
import Foundation
import JSON
import VisionLanguage

// FlyingFox has a JSONValue of its own: this file names ours JSON.JSONValue.

public final class ChatCompletionServer: Sendable {
    public let engine: CompletionEngine
    /// The name clients ask for (`model`), and what every reply says it is.
    public let modelName: String
    public let fingerprint: String
    public let contextLength: Int
    public let maxBodyBytes: Int

    public init(engine: CompletionEngine, modelName: String, fingerprint: String, contextLength: Int, maxBodyBytes: Int = 32 << 20) {
        self.engine = engine
        self.modelName = modelName
        self.fingerprint = fingerprint
        self.contextLength = contextLength
        self.maxBodyBytes = maxBodyBytes
    }

    public func install(on server: HTTPServer) async {
        await server.appendRoute("GET /v1/models") { _ in
            Self.json(.ok, ["object": "list", "data": [["id": .string(self.modelName), "object": "model", "owned_by": "mpo-toolkit"]]])
        }
        await server.appendRoute("POST /v1/chat/completions") { request in await self.chatCompletion(request) }
        await server.appendRoute("*") { _ in Self.error(.notFound, "no such route; this server has /v1/models and /v1/chat/completions") }
    }

    func chatCompletion(_ request: HTTPRequest) async -> HTTPResponse {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxBodyBytes {
            return Self.error(.payloadTooLarge, "the body is \(length) bytes; this server reads at most \(maxBodyBytes)")
        }
        do {
            let body = try await request.bodyData
            guard body.count <= maxBodyBytes else { return Self.error(.payloadTooLarge, "the body is over \(maxBodyBytes) bytes") }
            guard let json = try? JSON.JSONValue(parsing: [UInt8](body)) else { return Self.error(.badRequest, "the body is not JSON") }
            let chat = try ChatRequest(json: json, contextLength: contextLength)
            if !chat.model.isEmpty && chat.model != modelName {
                return Self.error(.notFound, "this server serves \(modelName), not \(chat.model)", parameter: "model")
            }
            let completion = try await engine.complete(chat)
            return Self.json(.ok, reply(completion, stop: chat.stop))
        } catch let failure as ChatRequestError {
            return Self.error(.badRequest, failure.description, parameter: failure.parameter)
        } catch {
            return Self.error(.badRequest, "\(error)")
        }
    }

    /// The completion in OpenAI's shape; a stop string ends a choice where it first appears.
    func reply(_ completion: CompletionEngine.Completion, stop: [String]) -> JSON.JSONValue {
        var generated = 0
        let choices: [JSON.JSONValue] = completion.choices.enumerated().map { index, result in
            generated += result.tokens.count
            var text = result.text, reason = result.finishReason.rawValue
            if let cut = stop.compactMap({ text.range(of: $0)?.lowerBound }).min() {
                text = String(text[..<cut])
                reason = "stop"
            }
            return [
                "index": .integer(Int64(index)), "message": ["role": "assistant", "content": .string(text)],
                "finish_reason": .string(reason),
            ]
        }
        return [
            "id": .string("chatcmpl-\(UUID().uuidString.lowercased())"), "object": "chat.completion",
            "created": .integer(Int64(Date().timeIntervalSince1970)), "model": .string(modelName),
            "system_fingerprint": .string(fingerprint), "choices": .array(choices),
            "usage": [
                "prompt_tokens": .integer(Int64(completion.promptTokens)), "completion_tokens": .integer(Int64(generated)),
                "total_tokens": .integer(Int64(completion.promptTokens + generated)),
            ],
        ]
    }

    static func json(_ status: HTTPStatusCode, _ value: JSON.JSONValue) -> HTTPResponse {
        HTTPResponse(
            statusCode: status, headers: [.contentType: "application/json"], body: Data((JSONWriter.canonical.string(value) + "\n").utf8))
    }

    static func error(_ status: HTTPStatusCode, _ message: String, parameter: String? = nil) -> HTTPResponse {
        json(
            status,
            [
                "error": [
                    "message": .string(message), "type": "invalid_request_error", "param": parameter.map(JSON.JSONValue.string) ?? .null,
                    "code": .null,
                ]
            ])
    }
}
