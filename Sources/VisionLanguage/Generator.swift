// Batched generation with a KV cache (docs/model.md, "Generation"): each request is prefilled alone,
// then all decode together until <|im_end|> or max_new_tokens; the assistant turn may be pre-filled
// (docs/method.md, "DropoutNTP").
import Dispatch
import TensorCore

/// One sample to draw. Its randomness is keyed by (settings.seed, recordID, sampleIndex) only.
public struct GenerationRequest {
    public var recordID: String
    public var sampleIndex: Int
    /// [H, W, 3] in [0, 1]; nil for a text-only prompt (the image removed, not blanked).
    public var image: Tensor?
    public var question: String
    /// Text the assistant turn starts with; generation continues it (it is not part of `text`).
    public var prefill: String

    public init(recordID: String, sampleIndex: Int, image: Tensor?, question: String, prefill: String = "") {
        self.recordID = recordID
        self.sampleIndex = sampleIndex
        self.image = image
        self.question = question
        self.prefill = prefill
    }
}

public enum FinishReason: String, Sendable {
    /// The model closed its turn with <|im_end|>.
    case stop
    /// max_new_tokens or the context length was reached first.
    case length
}

public struct GenerationResult: Sendable {
    public var recordID: String
    public var sampleIndex: Int
    /// The generated text after the prefill, without the closing <|im_end|>.
    public var text: String
    /// Every sampled token, the closing <|im_end|> included when finishReason is stop.
    public var tokens: [Int]
    public var finishReason: FinishReason
    /// Σ log p(token) of `tokens` under the model itself (temperature 1, no top-k/top-p), i.e. what
    /// `sequenceLogProbs` gives for the same tokens — not the probability they were drawn with.
    public var logProbSum: Double
    public var meanLogProb: Double { tokens.isEmpty ? 0 : logProbSum / Double(tokens.count) }
}

/// Where the time went, summed over `generate` calls (progress lines, model-bench).
public struct GenerationTimings: Sendable {
    public var prefillSeconds = 0.0
    public var prefillTokens = 0
    public var decodeSeconds = 0.0
    public var decodeTokens = 0
}

public final class Generator {
    public let model: VisionLanguageModel
    /// Sequences decoded together (results do not depend on it; memory and speed do).
    public let batchSize: Int
    public private(set) var timings = GenerationTimings()

    public init(model: VisionLanguageModel, batchSize: Int = 16) {
        self.model = model
        self.batchSize = max(1, batchSize)
    }

    /// One result per request, in request order.
    public func generate(_ requests: [GenerationRequest], settings: SamplingSettings) throws(ModelError) -> [GenerationResult] {
        var results: [GenerationResult] = []
        var start = 0
        while start < requests.count {
            let chunk = Array(requests[start..<min(requests.count, start + batchSize)])
            results += try generateBatch(chunk, settings: settings, decoder: Decoder(model: model, slots: chunk.count))
            start += chunk.count
        }
        return results
    }

    /// The token sequence a request is prefilled with: the chat template around its question,
    /// with the image placeholder tokens only when the request carries an image.
    public func prompt(for request: GenerationRequest) throws(ModelError) -> TemplatedSequence {
        try model.template.prompt(question: request.question, withImage: request.image != nil, prefill: request.prefill)
    }

    /// Prefill every request alone, then decode the unfinished ones together, one token per step.
    func generateBatch(
        _ requests: [GenerationRequest], settings: SamplingSettings, decoder: Decoder,
        observe: ((Int, UnsafeBufferPointer<Float>) -> Void)? = nil
    ) throws(ModelError) -> [GenerationResult] {
        var clock = Stopwatch()
        let sampler = Sampler(settings: settings), v = model.config.vocabularySize
        let streams = requests.map { Sampler.stream(recordID: $0.recordID, sampleIndex: $0.sampleIndex) }
        var tokens = [[Int]](repeating: [], count: requests.count)
        var logProbs = [Double](repeating: 0, count: requests.count)
        var finished = [FinishReason?](repeating: settings.maxNewTokens <= 0 ? .length : nil, count: requests.count)
        var prompts: [TemplatedSequence] = []
        for request in requests {
            if let image = request.image, image.shape != [model.config.imageSize, model.config.imageSize, 3] {
                throw .input(
                    "record \(request.recordID): image of shape \(image.shape), expected [\(model.config.imageSize), \(model.config.imageSize), 3]"
                )
            }
            prompts.append(try prompt(for: request))
        }
        // Prefills are independent: run several at once, each on one thread (its kernels then run
        // inline), which keeps both cores busier than splitting one short prompt's products.
        var failures = [ModelError?](repeating: nil, count: requests.count)
        failures.withUnsafeMutableBufferPointer { failures in
            let failures = failures
            ComputeThreads.parallelFor(requests.count) { slot in
                do throws(ModelError) {
                    try decoder.prefill(slot: slot, sequence: prompts[slot], image: requests[slot].image)
                } catch {
                    failures[slot] = error
                }
            }
        }
        if let failure = failures.lazy.compactMap({ $0 }).first { throw failure }
        timings.prefillSeconds += clock.elapsed()
        timings.prefillTokens += decoder.cache.lengths.reduce(0, +)
        var step = 0
        while true {
            let active = requests.indices.filter { finished[$0] == nil }
            if active.isEmpty { break }
            // Each slot draws from its own stream; the draws are independent, so run them in parallel.
            var drawn = [(token: Int, logProb: Double)](repeating: (0, 0), count: requests.count)
            drawn.withUnsafeMutableBufferPointer { out in
                let out = out
                ComputeThreads.parallelFor(active.count) { i in
                    let slot = active[i]
                    let row = UnsafeBufferPointer(start: decoder.logits.pointer + slot * v, count: v)
                    out[slot] = sampler.draw(row, stream: streams[slot], step: step)
                }
            }
            var next: [Int] = []
            for slot in active {
                observe?(slot, UnsafeBufferPointer(start: decoder.logits.pointer + slot * v, count: v))
                let (token, logProb) = drawn[slot]
                tokens[slot].append(token)
                logProbs[slot] += logProb
                if token == Tokenizer.imEnd && !settings.ignoreEndOfTurn {
                    finished[slot] = .stop
                } else if tokens[slot].count >= settings.maxNewTokens || decoder.cache.lengths[slot] >= model.config.contextLength {
                    finished[slot] = .length
                } else {
                    next.append(slot)
                }
            }
            if !next.isEmpty { decoder.step(slots: next, tokens: next.map { tokens[$0].last! }) }
            step += 1
        }
        timings.decodeSeconds += clock.elapsed()
        timings.decodeTokens += tokens.reduce(0) { $0 + $1.count }
        return requests.indices.map { slot in
            let text = tokens[slot].last == Tokenizer.imEnd ? Array(tokens[slot].dropLast()) : tokens[slot]
            return GenerationResult(
                recordID: requests[slot].recordID, sampleIndex: requests[slot].sampleIndex,
                text: model.tokenizer.decode(text), tokens: tokens[slot], finishReason: finished[slot]!,
                logProbSum: logProbs[slot])
        }
    }
}

/// Wall time since the last reading.
struct Stopwatch {
    private var last = DispatchTime.now().uptimeNanoseconds
    mutating func elapsed() -> Double {
        let now = DispatchTime.now().uptimeNanoseconds
        defer { last = now }
        return Double(now - last) * 1e-9
    }
}
