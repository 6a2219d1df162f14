// `mmpr-sample` (docs/method.md, "Prompts" and "Sampling"): for every problem with an
// answer, N chain-of-thought samples of the templated question; for every open prompt, M samples
// of the question as it is. Each sample's randomness is keyed by (seed, pid, sample index).
import JSON
import Problems
import TensorCore
import VisionLanguage

public struct SamplingPlan: Sendable {
    /// N: samples per problem with an answer (the paper: 32).
    public var samplesPerProblem = 8
    /// M: samples per open prompt (DropoutNTP's chosen responses).
    public var samplesPerOpenPrompt = 1
    /// Temperature 1.0, top-k 50, top-p 1.0 as in the paper; `maxNewTokens` from the recipe.
    public var settings = SamplingSettings(temperature: 1, topK: 50, topP: 1, maxNewTokens: 96)
    /// The CoT template; `{question}` is replaced literally.
    public var template = PromptTemplates.chainOfThoughtTemplate
    public var shard = Shard.whole
    public var batchSize = 16

    public init() {}

    public var json: JSONObject {
        [
            "samples_per_problem": .integer(Int64(samplesPerProblem)), "samples_per_open_prompt": .integer(Int64(samplesPerOpenPrompt)),
            "temperature": .number(settings.temperature), "top_k": .integer(Int64(settings.topK)), "top_p": .number(settings.topP),
            "max_new_tokens": .integer(Int64(settings.maxNewTokens)), "seed": .integer(Int64(bitPattern: settings.seed)),
            "template": .string(template), "batch_size": .integer(Int64(batchSize)),
        ]
    }

    /// The prompt a problem is sampled with: the CoT template around the question (options
    /// included, short-answer suffix stripped) for problems with an answer; the bare question else.
    public func prompt(for record: ProblemRecord) -> String {
        guard record.hasAnswer else { return record.question }
        let question = PromptTemplates.strippingShortAnswerSuffix(
            PromptTemplates.questionWithChoices(record.question, choices: record.choices))
        return template.replacingOccurrences(of: "{question}", with: question)
    }
}

public enum SampleStage {
    /// Samples every record of `records` in the plan's shard; `images` holds their PNG bytes.
    /// Works through `chunk` problems at a time so memory stays bounded; `progress(done, total)`.
    public static func run(
        records: [ProblemRecord], images: [String: [UInt8]], model: VisionLanguageModel, plan: SamplingPlan,
        chunk: Int = 64, progress: (Int, Int) -> Void = { _, _ in }
    ) throws -> [SampleRecord] {
        let mine = records.enumerated().filter { plan.shard.contains($0.offset) }.map(\.element)
        let generator = Generator(model: model, batchSize: plan.batchSize)
        var samples: [SampleRecord] = []
        var start = 0
        while start < mine.count {
            let group = Array(mine[start..<min(mine.count, start + chunk)])
            var requests: [GenerationRequest] = []
            var byID: [String: ProblemRecord] = [:]
            for record in group {
                guard let png = images[record.image] else {
                    throw RecordError("\(record.pid): its image \(record.image) is not in the problems artifact")
                }
                let image = try ModelImage.decode(png, of: "\(record.pid): image \(record.image)", for: model.config)
                byID[record.pid] = record
                let count = record.hasAnswer ? plan.samplesPerProblem : plan.samplesPerOpenPrompt
                for index in 0..<count {
                    requests.append(
                        GenerationRequest(recordID: record.pid, sampleIndex: index, image: image, question: plan.prompt(for: record)))
                }
            }
            for result in try generator.generate(requests, settings: plan.settings) {
                let record = byID[result.recordID]!
                samples.append(
                    SampleRecord(
                        pid: record.pid, sampleIndex: result.sampleIndex, seed: plan.settings.seed, image: record.image,
                        questionOriginal: PromptTemplates.questionWithChoices(record.question, choices: record.choices),
                        prompt: plan.prompt(for: record), response: result.text, answer: record.hasAnswer ? record.answer : nil,
                        choices: record.choices, source: record.source, tokens: result.tokens.count,
                        finishReason: result.finishReason.rawValue, meanLogProb: result.meanLogProb))
            }
            start += group.count
            progress(start, mine.count)
        }
        return samples
    }
}

import Foundation
