// `mmpr-sample --base-url …`: the same samples drawn from a model behind an OpenAI-compatible
// server (docs/serving.md). One request per sample — the image as a data URL of its stored bytes,
// then the prompt — with the plan's temperature, top-p, token budget and top-k (an extra body
// field the OpenAI service itself refuses; `--top-k 0` leaves it out), and a seed derived from
// (seed, pid, sample index) so servers that honour seeds give the same sample again. Asking per
// sample instead of with `n` sidesteps servers that ignore `n`, and keeps every sample's seed.
import Artifacts
import Foundation
import JSON
import Problems
import Serving
import VisionLanguage

public enum ServedSampling {
    /// The per-request seed of sample `index` of `pid`: 31 bits of the XXH3-128 of
    /// "seed/pid#index", a range every server accepts.
    public static func requestSeed(seed: UInt64, pid: String, index: Int) -> Int64 {
        Int64(ContentHash.of(Array("\(seed)/\(pid)#\(index)".utf8)).low & 0x7FFF_FFFF)
    }

    /// The sampling fields of a request: temperature, top-p, the token budget, one choice, the
    /// seed, and top-k as the extra field servers like vLLM take (left out when 0, as the OpenAI
    /// service refuses it).
    public static func parameters(_ settings: SamplingSettings, seed: Int64) -> JSONObject {
        var parameters: JSONObject = [
            "temperature": .number(settings.temperature), "top_p": .number(settings.topP),
            "max_tokens": .integer(Int64(settings.maxNewTokens)), "n": .integer(1), "seed": .integer(seed),
        ]
        if settings.topK > 0 { parameters["top_k"] = .integer(Int64(settings.topK)) }
        return parameters
    }

    /// The body of one sample's request.
    public static func body(model: String, image: [UInt8], prompt: String, plan: SamplingPlan, seed: Int64) -> JSONValue {
        ChatCompletionClient.body(
            model: model, content: [ChatContent.image(image), ChatContent.text(prompt)],
            parameters: parameters(plan.settings, seed: seed))
    }

    /// Every sample of the plan's shard of `records`, in (problem, sample index) order, and the
    /// manifest environment its replies give (`ChatCompletion.environment`).
    public static func run(
        records: [ProblemRecord], images: [String: [UInt8]], client: ChatCompletionClient, plan: SamplingPlan,
        progress: (Int, Int) -> Void = { _, _ in }
    ) throws -> (samples: [SampleRecord], environment: JSONObject) {
        let mine = records.enumerated().filter { plan.shard.contains($0.offset) }.map(\.element)
        var wanted: [(record: ProblemRecord, index: Int)] = []
        var bodies: [JSONValue] = []
        for record in mine {
            guard let image = images[record.image] else {
                throw RecordError("\(record.pid): its image \(record.image) is not in the problems artifact")
            }
            for index in 0..<(record.hasAnswer ? plan.samplesPerProblem : plan.samplesPerOpenPrompt) {
                wanted.append((record, index))
                bodies.append(
                    body(
                        model: client.model.name, image: image, prompt: plan.prompt(for: record), plan: plan,
                        seed: requestSeed(seed: plan.settings.seed, pid: record.pid, index: index)))
            }
        }
        let replies = try client.complete(bodies, progress: progress)
        let samples = zip(wanted, replies).map { item, reply in
            let record = item.record
            return SampleRecord(
                pid: record.pid, sampleIndex: item.index, seed: plan.settings.seed, image: record.image,
                questionOriginal: PromptTemplates.questionWithChoices(record.question, choices: record.choices),
                prompt: plan.prompt(for: record), response: reply.text, answer: record.hasAnswer ? record.answer : nil,
                choices: record.choices, source: record.source, tokens: reply.completionTokens,
                finishReason: reply.finishReason == "length" ? "length" : "stop", meanLogProb: nil)
        }
        return (samples, ChatCompletion.environment(of: replies, producing: "samples"))
    }
}
