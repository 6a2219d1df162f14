// Sampling is keyed by (seed, record, sample index): a sample is the same alone or in a batch of
// 16, with 1 or 2 threads; and its reported log-prob is what the training forward gives.
import XCTest
import TensorCore
@testable import VisionLanguage

final class GeneratorTests: XCTestCase {
    func requests(_ model: VisionLanguageModel) -> [GenerationRequest] {
        (0..<16).map { i in
            GenerationRequest(
                recordID: "pid-\(i % 5)", sampleIndex: i, image: i % 4 == 3 ? nil : ModelFixtures.noiseImage(seed: UInt64(i % 5)),
                question: String(repeating: "What is shown? ", count: 1 + i % 3), prefill: i % 6 == 0 ? "Step 1:" : "")
        }
    }

    func testSampleAloneEqualsSampleInABatchOf16() throws {
        let model = try ModelFixtures.tinyModel(gain: 3)
        let settings = SamplingSettings(temperature: 1, topK: 50, topP: 0.95, maxNewTokens: 30, seed: 11)
        let batch = try Generator(model: model, batchSize: 16).generate(requests(model), settings: settings)
        for (i, request) in requests(model).enumerated() where i % 3 == 0 {
            let alone = try Generator(model: model, batchSize: 1).generate([request], settings: settings)[0]
            XCTAssertEqual(alone.tokens, batch[i].tokens, "sample \(i)")
            XCTAssertEqual(Array(alone.text.utf8), Array(batch[i].text.utf8), "sample \(i)")
            XCTAssertEqual(alone.logProbSum.bitPattern, batch[i].logProbSum.bitPattern, "sample \(i)")
        }
        XCTAssertGreaterThan(Set(batch.map(\.tokens)).count, 8, "samples should differ from one another")
    }

    func testOneAndTwoThreadsGiveTheSameSamples() throws {
        let model = try ModelFixtures.tinyModel(gain: 3)
        let settings = SamplingSettings(temperature: 0.8, maxNewTokens: 24, seed: 2)
        defer { ComputeThreads.configure(threads: ComputeThreads.defaultCount) }
        ComputeThreads.configure(threads: 1)
        let one = try Generator(model: model).generate(requests(model), settings: settings)
        ComputeThreads.configure(threads: 2)
        let two = try Generator(model: model).generate(requests(model), settings: settings)
        XCTAssertEqual(one.map(\.tokens), two.map(\.tokens))
        XCTAssertEqual(one.map(\.logProbSum.bitPattern), two.map(\.logProbSum.bitPattern))
    }

    func testSampledLogProbsEqualTheTrainingForward() throws {
        let model = try ModelFixtures.tinyModel(gain: 3)
        let all = requests(model)
        let results = try Generator(model: model).generate(all, settings: SamplingSettings(temperature: 1, maxNewTokens: 40, seed: 4))
        var sequences: [TemplatedSequence] = [], images: [Tensor] = []
        for (request, result) in zip(all, results) where request.image != nil {
            var s = try model.template.prompt(question: request.question, withImage: true, prefill: request.prefill)
            s.ids += result.tokens
            s.supervised += [Bool](repeating: true, count: result.tokens.count)
            sequences.append(s)
            images.append(request.image!)
        }
        let forward = model.sequenceLogProbs(try SequenceBatch(sequences: sequences, images: images), tape: Tape(recording: false))
        let sampled = zip(all, results).filter { $0.0.image != nil }.map(\.1)
        for (i, result) in sampled.enumerated() {
            XCTAssertEqual(forward.counts[i], result.tokens.count)
            XCTAssertEqual(
                forward.values[i], result.logProbSum, accuracy: 1e-3,
                "sample \(i): forward \(forward.values[i]) vs sampled \(result.logProbSum)")
        }
    }

    func testGreedyStopsAtMaxNewTokensOrImEnd() throws {
        let model = try ModelFixtures.tinyModel()
        let results = try Generator(model: model).generate(
            Array(requests(model).prefix(4)), settings: SamplingSettings(maxNewTokens: 7, greedy: true))
        for r in results {
            XCTAssertTrue(r.finishReason == .stop ? r.tokens.last == Tokenizer.imEnd : r.tokens.count == 7)
        }
    }
}
