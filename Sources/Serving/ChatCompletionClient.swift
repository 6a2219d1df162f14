// A client for any server that speaks OpenAI's chat-completions API (vLLM, LMDeploy, SGLang, the
// OpenAI service itself): requests spread over one or more base URLs, at most `concurrency` in
// flight, each with a timeout, retried with exponential backoff and jitter on 429, 5xx and
// connection errors. Replies are checked: a body that is not a chat completion is an error,
// never an empty answer. The API key is sent as a bearer token and never written anywhere else.
// docs/serving.md describes the flags and what each server does differently.
import Foundation
import JSON

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Where and how to reach the served model.
public struct ServedModel: Sendable {
    /// Base URLs ending before `/chat/completions` (e.g. `http://127.0.0.1:8000/v1`).
    public var baseURLs: [URL]
    /// The `model` field of every request.
    public var name: String
    public var apiKey: String?
    public var concurrency: Int
    /// Seconds before a request is abandoned (and retried).
    public var timeout: Double
    /// Attempts after the first, for retryable failures.
    public var retries: Int
    /// The first backoff in seconds; each retry doubles it, plus up to half again of jitter.
    public var backoff: Double

    public init(
        baseURLs: [URL], name: String, apiKey: String? = nil, concurrency: Int = 4, timeout: Double = 120, retries: Int = 5,
        backoff: Double = 0.5
    ) {
        self.baseURLs = baseURLs
        self.name = name
        self.apiKey = apiKey
        self.concurrency = concurrency
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
    }
}

/// One reply: the first choice's text and what the server says about itself.
public struct ChatCompletion: Sendable, Equatable {
    public var text: String
    public var finishReason: String?
    /// `usage.completion_tokens`: the reply's length in the server's tokens.
    public var completionTokens: Int?
    /// The `model` the server names in its reply, and its `system_fingerprint` if any.
    public var servedModel: String?
    public var fingerprint: String?

    public var json: JSONValue {
        [
            "text": .string(text), "finish_reason": finishReason.map(JSONValue.string) ?? .null,
            "completion_tokens": completionTokens.map { .integer(Int64($0)) } ?? .null,
            "model": servedModel.map(JSONValue.string) ?? .null, "system_fingerprint": fingerprint.map(JSONValue.string) ?? .null,
        ]
    }

    public init(text: String, finishReason: String?, completionTokens: Int? = nil, servedModel: String?, fingerprint: String?) {
        self.text = text
        self.finishReason = finishReason
        self.completionTokens = completionTokens
        self.servedModel = servedModel
        self.fingerprint = fingerprint
    }

    init?(json: JSONValue) {
        guard let text = json["text"]?.stringValue else { return nil }
        self.init(
            text: text, finishReason: json["finish_reason"]?.stringValue,
            completionTokens: json["completion_tokens"]?.integerValue.map { Int($0) }, servedModel: json["model"]?.stringValue,
            fingerprint: json["system_fingerprint"]?.stringValue)
    }
}

extension ChatCompletion {
    /// The manifest `environment` of a stage fed by these replies: the models and fingerprints the
    /// server named, and why its bytes are not reproducible elsewhere. Never the URL or the key.
    public static func environment(of replies: [ChatCompletion], producing what: String) -> JSONObject {
        [
            "served_model": .array(Set(replies.compactMap(\.servedModel)).sorted().map(JSONValue.string)),
            "system_fingerprint": .array(Set(replies.compactMap(\.fingerprint)).sorted().map(JSONValue.string)),
            "nondeterministic": .string(
                "\(what) from a served model: replies are cached by request, so a rerun gives the same bytes, "
                    + "but another server or version may answer otherwise"),
        ]
    }
}

public struct ServingError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

public final class ChatCompletionClient: @unchecked Sendable {
    public let model: ServedModel
    private let cache: ResponseCache?
    private let session: URLSession

    public init(model: ServedModel, cache: ResponseCache?) {
        self.model = model
        self.cache = cache
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = model.timeout
        configuration.httpMaximumConnectionsPerHost = max(1, model.concurrency)
        session = URLSession(configuration: configuration)
    }

    /// The chat-completions body of one single-turn request (`content`: the user message's parts).
    public static func body(model: String, content: [JSONValue], parameters: JSONObject) -> JSONValue {
        body(model: model, messages: [["role": "user", "content": .array(content)]], parameters: parameters)
    }

    /// The chat-completions body of a conversation (`messages`: role and content each).
    public static func body(model: String, messages: [JSONValue], parameters: JSONObject) -> JSONValue {
        var body: JSONObject = ["model": .string(model), "messages": .array(messages)]
        for (key, value) in parameters { body[key] = value }
        return .object(body)
    }

    /// Where a body goes: chat completions (a reply's text is `choices[0].message.content`), or
    /// the raw completions route (`choices[0].text`) for a prompt the client rendered itself.
    public enum Route: String, Sendable {
        case chat = "chat/completions"
        case completions
    }

    /// The completions of `bodies`, in their order; cached replies are reused and not asked again.
    /// `progress(done, total)` is called as replies arrive. The first failure that survives its
    /// retries stops the rest and is thrown.
    public func complete(_ bodies: [JSONValue], route: Route = .chat, progress: (Int, Int) -> Void = { _, _ in }) throws
        -> [ChatCompletion]
    {
        let state = Progress(count: bodies.count)
        let workers = max(1, min(model.concurrency, bodies.count))
        withoutActuallyEscaping(progress) { progress in
            // The workers report under the state's lock, one at a time.
            nonisolated(unsafe) let report = progress
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while let index = state.next() {
                    do {
                        let endpoint = self.model.baseURLs[index % self.model.baseURLs.count]
                        let reply = try self.completion(bodies[index], at: endpoint.appendingPathComponent(route.rawValue), route: route)
                        state.finish(index, with: reply) { report($0, bodies.count) }
                    } catch {
                        state.fail(error)
                    }
                }
            }
        }
        if let error = state.error { throw error }
        return state.results.map { $0! }
    }

    /// One body's completion: from the cache, or asked with retries and then cached.
    func completion(_ body: JSONValue, at url: URL, route: Route) throws -> ChatCompletion {
        let bytes = Array(JSONWriter.canonical.string(body).utf8)
        if let cached = cache?.reply(to: bytes) { return cached }
        var attempt = 0
        while true {
            do {
                let reply = try send(bytes, to: url, route: route)
                try cache?.store(reply, for: bytes)
                return reply
            } catch is Retryable where attempt < model.retries {
                // 2^attempt · backoff, plus up to half again at random so clients do not retry in step.
                let delay = model.backoff * Double(1 << min(attempt, 20)) * (1 + Double.random(in: 0..<0.5))
                Thread.sleep(forTimeInterval: min(delay, 60))
                attempt += 1
            } catch let failure as Retryable {
                throw ServingError("\(url.absoluteString): \(failure.reason), after \(attempt + 1) attempts")
            }
        }
    }

    /// A failure worth asking again: HTTP 429 or 5xx, a timeout, a refused or dropped connection.
    struct Retryable: Error { let reason: String }

    private func send(_ body: [UInt8], to url: URL, route: Route) throws -> ChatCompletion {
        var request = URLRequest(url: url, timeoutInterval: model.timeout)
        request.httpMethod = "POST"
        request.httpBody = Data(body)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        if let key = model.apiKey { request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization") }
        let (data, response, error) = session.synchronousData(for: request)
        if let error { throw Retryable(reason: "no response (\(error.localizedDescription))") }
        guard let http = response as? HTTPURLResponse else { throw Retryable(reason: "no HTTP response") }
        let text = String(decoding: data ?? Data(), as: UTF8.self)
        if http.statusCode == 429 || http.statusCode >= 500 { throw Retryable(reason: "HTTP \(http.statusCode)") }
        guard http.statusCode == 200 else {
            throw ServingError("\(url.absoluteString): HTTP \(http.statusCode): \(Self.excerpt(text))")
        }
        guard let json = try? JSONValue(parsing: [UInt8](data ?? Data())), let first = json["choices"]?.arrayValue?.first,
            let content = (route == .chat ? first["message"]?["content"] : first["text"])?.stringValue
        else {
            throw ServingError(
                "\(url.absoluteString): the reply is not a \(route == .chat ? "chat completion" : "completion"): \(Self.excerpt(text))")
        }
        return ChatCompletion(
            text: content, finishReason: first["finish_reason"]?.stringValue,
            completionTokens: json["usage"]?["completion_tokens"]?.integerValue.map { Int($0) }, servedModel: json["model"]?.stringValue,
            fingerprint: json["system_fingerprint"]?.stringValue)
    }

    /// The start of a body, on one line, for an error message.
    static func excerpt(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return line.count > 200 ? String(line.prefix(200)) + "…" : line
    }

    /// Which request is next, and what has come back; shared by the workers under a lock.
    private final class Progress: @unchecked Sendable {
        private let lock = NSLock()
        private var nextIndex = 0
        private(set) var done = 0
        var results: [ChatCompletion?]
        var error: Error?

        init(count: Int) { results = Array(repeating: nil, count: count) }

        func next() -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard error == nil, nextIndex < results.count else { return nil }
            nextIndex += 1
            return nextIndex - 1
        }

        func finish(_ index: Int, with reply: ChatCompletion, report: (Int) -> Void) {
            lock.lock()
            results[index] = reply
            done += 1
            report(done)
            lock.unlock()
        }

        func fail(_ failure: Error) {
            lock.lock()
            if error == nil { error = failure }
            lock.unlock()
        }
    }
}

extension URLSession {
    /// A data task run to completion on this thread.
    func synchronousData(for request: URLRequest) -> (Data?, URLResponse?, Error?) {
        let finished = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: (Data?, URLResponse?, Error?) = (nil, nil, nil)
        let task = dataTask(with: request) { data, response, error in
            result = (data, response, error)
            finished.signal()
        }
        task.resume()
        finished.wait()
        return result
    }
}
