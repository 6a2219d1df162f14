// The model behind `mpo-serve`: requests from every connection queue here, and one worker thread
// decodes them together — requests with the same sampling settings in one batch of the KV-cache
// generator, which gives each sequence the same bits alone or batched (docs/model.md,
// "Generation"). Choice i of a request with seed s is the in-process sample
// GenerationRequest(recordID: "", sampleIndex: i) under the same settings with seed s.
import Foundation
import Problems
import TensorCore
import VisionLanguage

public final class CompletionEngine: @unchecked Sendable {
    public struct Completion: Sendable {
        public var choices: [GenerationResult]
        public var promptTokens: Int
    }

    private let generator: Generator
    private let model: VisionLanguageModel
    private let lock = NSCondition()
    private var queue: [(request: ChatRequest, reply: (Result<Completion, Error>) -> Void)] = []
    private var stopped = false

    public init(model: VisionLanguageModel, batchSize: Int) {
        self.model = model
        generator = Generator(model: model, batchSize: batchSize)
        let worker = Thread { [weak self] in self?.work() }
        worker.name = "mpo-serve decoder"
        worker.start()
    }

    /// The completion of `request`, when the worker gets to it.
    public func complete(_ request: ChatRequest) async throws -> Completion {
        try await withCheckedThrowingContinuation { continuation in
            lock.lock()
            queue.append((request, { continuation.resume(with: $0) }))
            lock.signal()
            lock.unlock()
        }
    }

    public func stop() {
        lock.lock()
        stopped = true
        lock.signal()
        lock.unlock()
    }

    /// Takes everything queued, groups it by sampling settings, and decodes each group as one batch.
    private func work() {
        while true {
            lock.lock()
            while queue.isEmpty && !stopped { lock.wait() }
            if stopped && queue.isEmpty {
                lock.unlock()
                return
            }
            let taken = queue
            queue.removeAll()
            lock.unlock()
            var groups: [(settings: SamplingSettings, members: [Int])] = []
            for (index, item) in taken.enumerated() {
                if let group = groups.firstIndex(where: { $0.settings == item.request.settings }) {
                    groups[group].members.append(index)
                } else {
                    groups.append((item.request.settings, [index]))
                }
            }
            for (settings, members) in groups { decode(members.map { taken[$0] }, settings: settings) }
        }
    }

    private func decode(_ items: [(request: ChatRequest, reply: (Result<Completion, Error>) -> Void)], settings: SamplingSettings) {
        var requests: [GenerationRequest] = [], owners: [Int] = [], valid: [Int] = []
        for (index, item) in items.enumerated() {
            do {
                let image = try item.request.image.map { bytes in
                    try ModelImage.decode(bytes, of: "the request's image", for: model.config)
                }
                for choice in 0..<item.request.choices {
                    requests.append(
                        GenerationRequest(
                            recordID: "", sampleIndex: choice, image: image, question: item.request.question, prefill: item.request.prefill)
                    )
                    owners.append(index)
                }
                valid.append(index)
            } catch {
                item.reply(.failure(ChatRequestError("\(error)", parameter: "messages")))
            }
        }
        guard !requests.isEmpty else { return }
        do {
            let results = try generator.generate(requests, settings: settings)
            for index in valid {
                let choices = zip(owners, results).filter { $0.0 == index }.map(\.1)
                let prompt = (try? generator.prompt(for: requests[owners.firstIndex(of: index)!]).ids.count) ?? 0
                items[index].reply(.success(Completion(choices: choices, promptTokens: prompt)))
            }
        } catch {
            for index in valid { items[index].reply(.failure(error)) }
        }
    }
}
