// `mmpr-dropntp --base-url …`: DropoutNTP's continuations written by a served model. The request
// holds the chosen response's user turn without the image and an assistant turn holding the
// prefix, with `continue_final_message` (and no generation prompt), so the server continues the
// prefix as the embedded model does (vLLM and SGLang take these fields; docs/serving.md). Each
// continuation has a seed of its own, keyed like the embedded model's stream by
// ("pid#sample", continuation index). For servers without `continue_final_message`, the prompt
// can be rendered here from a template file with `{question}` and `{prefix}` (the model's own chat
// template written out, the assistant turn opened and not closed) and sent to `/v1/completions`.
import Foundation
import JSON
import Serving

public enum ServedDropoutNTP {
    /// The body of one continuation's request.
    public static func body(model: String, question: String, prefix: String, plan: DropoutPlan, seed: Int64) -> JSONValue {
        var parameters = ServedSampling.parameters(plan.settings, seed: seed)
        parameters["continue_final_message"] = true
        parameters["add_generation_prompt"] = false
        return ChatCompletionClient.body(
            model: model,
            messages: [
                ["role": "user", "content": [ChatContent.text(question)]], ["role": "assistant", "content": [ChatContent.text(prefix)]],
            ],
            parameters: parameters)
    }

    /// The body of one continuation on the raw completions route: `template` with its question
    /// and prefix filled in.
    public static func completionsBody(model: String, template: String, question: String, prefix: String, plan: DropoutPlan, seed: Int64)
        -> JSONValue
    {
        var body = ServedSampling.parameters(plan.settings, seed: seed)
        body["model"] = .string(model)
        body["prompt"] = .string(
            template.replacingOccurrences(of: "{question}", with: question).replacingOccurrences(of: "{prefix}", with: prefix))
        return .object(body)
    }

    /// The continuations of the plan's shard of the chosen responses in `samples`, in order, and
    /// the manifest environment its replies give.
    public static func run(
        samples: [SampleRecord], client: ChatCompletionClient, plan: DropoutPlan, completionsTemplate: String? = nil,
        progress: (Int, Int) -> Void = { _, _ in }
    ) throws -> (records: [NTPRecord], environment: JSONObject) {
        let mine = DropoutNTPStage.chosen(from: samples).enumerated().filter { plan.shard.contains($0.offset) }.map(\.element)
        let planned = DropoutNTPStage.requests(for: mine, plan: plan)
        let bodies = planned.map { request, sample, prefix in
            let seed = ServedSampling.requestSeed(seed: plan.settings.seed, pid: request.recordID, index: request.sampleIndex)
            return completionsTemplate.map {
                completionsBody(model: client.model.name, template: $0, question: sample.prompt, prefix: prefix, plan: plan, seed: seed)
            } ?? body(model: client.model.name, question: sample.prompt, prefix: prefix, plan: plan, seed: seed)
        }
        let replies = try client.complete(bodies, route: completionsTemplate == nil ? .chat : .completions, progress: progress)
        let records = zip(planned, replies).map { planned, reply in
            let (request, sample, prefix) = planned
            return NTPRecord(
                pid: sample.pid, sampleIndex: sample.sampleIndex, continuationIndex: request.sampleIndex, seed: plan.settings.seed,
                image: sample.image, source: sample.source, question: sample.prompt, chosen: sample.response, prefix: prefix,
                continuation: reply.text, finishReason: reply.finishReason == "length" ? "length" : "stop")
        }
        return (records, ChatCompletion.environment(of: replies, producing: "continuations"))
    }
}
