// The flags that point a tool at a model served over OpenAI's chat-completions API (docs/serving.md).
import ArgumentParser
import Foundation
import Serving

public struct ServedModelOptions: ParsableArguments {
    @Option(
        name: .customLong("base-url"),
        help: ArgumentHelp("An OpenAI-compatible server, up to /v1 (repeat to spread requests over several).", valueName: "url"))
    public var baseURLs: [String] = []

    @Option(help: ArgumentHelp("The model name the server serves (the requests' \"model\").", valueName: "name"))
    public var servedModel: String?

    @Option(help: ArgumentHelp("The environment variable that holds the API key (never written anywhere).", valueName: "var"))
    public var apiKeyEnv: String?

    @Option(help: "Requests in flight at once.")
    public var concurrency = 8

    @Option(help: "Seconds before a request is abandoned and retried.")
    public var requestTimeout = 120.0

    @Option(help: "Retries of a request that got 429, 5xx or no answer (exponential backoff with jitter).")
    public var retries = 5

    @Option(
        help: ArgumentHelp(
            "Where replies are kept by request, so a rerun asks nothing again (default: ~/.cache/mpo-toolkit/responses).", valueName: "dir")
    )
    public var responseCache: String?

    public init() {}

    public var isGiven: Bool { !baseURLs.isEmpty }

    public func validate() throws {
        try FlagRange.require("concurrency", concurrency, in: 1...1024)
        try FlagRange.require("retries", retries, in: 0...100)
        guard requestTimeout.isFinite, requestTimeout > 0, requestTimeout <= 86_400 else {
            throw ValidationError("--request-timeout must be a number of seconds in (0, 86400]; got \(requestTimeout)")
        }
        for url in baseURLs {
            guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil else {
                throw ValidationError("--base-url must be an http(s) URL such as http://127.0.0.1:8000/v1; got \(url)")
            }
        }
        if isGiven && servedModel == nil { throw ValidationError("--base-url needs --served-model, the name the server serves") }
    }

    /// The client, or nil without --base-url. The key is read from the named variable here.
    public func client() throws -> ChatCompletionClient? {
        guard isGiven, let servedModel else { return nil }
        var key: String?
        if let apiKeyEnv {
            guard let value = ProcessInfo.processInfo.environment[apiKeyEnv], !value.isEmpty else {
                throw ValidationError("--api-key-env \(apiKeyEnv): the variable is not set")
            }
            key = value
        }
        let model = ServedModel(
            baseURLs: baseURLs.compactMap(URL.init(string:)), name: servedModel, apiKey: key, concurrency: concurrency,
            timeout: requestTimeout, retries: retries)
        return ChatCompletionClient(model: model, cache: try ResponseCache(directory: responseCache ?? ResponseCache.defaultDirectory))
    }
}
