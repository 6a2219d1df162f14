// `mpo-eval run` (docs/pipeline.md, "`mpo-eval run`"): a model answers a benchmark split greedily,
// with the direct prompt (InternVL's short-answer suffix) and/or the paper's CoT template, and
// every answer is scored by the MathVista-exact scorer (rule-based extraction, no LLM). POPE probes
// also get POPE's metrics. The model is the embedded one, or one served over OpenAI's
// chat-completions API (docs/serving.md); answering and scoring are apart, so both score alike.
import Answers
import Foundation
import JSON
import Problems
import Serving
import TensorCore
import VisionLanguage

public enum PromptMode: String, CaseIterable, Sendable {
    case direct
    case cot

    /// "direct,cot" → [.direct, .cot]; nil when the list is empty or names something else.
    public static func list(_ text: String) -> [PromptMode]? {
        let names = text.split(separator: ",", omittingEmptySubsequences: false)
        let modes = names.compactMap { PromptMode(rawValue: String($0)) }
        return !modes.isEmpty && modes.count == names.count ? modes : nil
    }

    /// The user turn for a problem in this mode.
    public func prompt(for record: ProblemRecord) -> String {
        switch self {
        case .direct: return PromptTemplates.direct(question: record.question, choices: record.choices, yesNo: record.isYesNoQuestion)
        case .cot: return PromptTemplates.chainOfThought(PromptTemplates.questionWithChoices(record.question, choices: record.choices))
        }
    }
}

/// One answer of a model, embedded or served.
public struct ModelAnswer: Sendable {
    public var text: String
    /// Its length in the model's tokens, when known.
    public var tokenCount: Int?
    /// Whether it stopped at the token budget rather than on its own.
    public var finishedByLength: Bool
    /// A served model's reply, as it came (nil for the embedded model).
    public var reply: ChatCompletion?

    public init(text: String, tokenCount: Int?, finishedByLength: Bool, reply: ChatCompletion? = nil) {
        self.text = text
        self.tokenCount = tokenCount
        self.finishedByLength = finishedByLength
        self.reply = reply
    }
}

/// One mode's answers and their scores.
public struct ModeResult {
    public var mode: PromptMode
    public var responses: [ModelAnswer]
    public var scoring: MathVistaScoring
    /// CoT responses the MMPR rule could not parse ("Final answer:" missing, repeated, …); nil
    /// in direct mode, whose prompt asks for the bare answer and never for "Final answer:".
    public var unparseable: Int?
    public var pope: [(setting: String, metrics: POPEMetrics)]
}

public enum EvaluationRun {
    /// Answers `records` (greedily) in one prompt mode; `progress(done)` as answers come.
    public typealias Answerer = (_ mode: PromptMode, _ records: [ProblemRecord], _ progress: (Int) -> Void) throws -> [ModelAnswer]

    /// The embedded model, 64 problems at a time, each image fitted to its input once.
    public static func embedded(
        model: VisionLanguageModel, records: [ProblemRecord], images: [String: [UInt8]], maxNewTokens: Int, batchSize: Int, file: String
    ) throws -> Answerer {
        let generator = Generator(model: model, batchSize: batchSize)
        let settings = SamplingSettings(maxNewTokens: maxNewTokens, greedy: true)
        var decoded: [String: Tensor] = [:]
        for record in records where decoded[record.image] == nil {
            guard let png = images[record.image] else { throw RecordError("\(file): \(record.pid): no image entry \(record.image)") }
            decoded[record.image] = try ModelImage.decode(png, of: "\(file): \(record.pid): image \(record.image)", for: model.config)
        }
        return { mode, records, progress in
            var answers: [ModelAnswer] = []
            for start in stride(from: 0, to: records.count, by: 64) {
                let chunk = records[start..<min(records.count, start + 64)]
                answers += try generator.generate(
                    chunk.map {
                        GenerationRequest(recordID: $0.pid, sampleIndex: 0, image: decoded[$0.image], question: mode.prompt(for: $0))
                    },
                    settings: settings
                ).map { ModelAnswer(text: $0.text, tokenCount: $0.tokens.count, finishedByLength: $0.finishReason == .length) }
                progress(start + chunk.count)
            }
            return answers
        }
    }

    /// A served model: one request per problem with its image as a data URL of the stored bytes,
    /// temperature 0, the token budget, one choice.
    public static func served(client: ChatCompletionClient, images: [String: [UInt8]], maxNewTokens: Int, file: String) -> Answerer {
        { mode, records, progress in
            let bodies = try records.map { record -> JSONValue in
                guard let image = images[record.image] else { throw RecordError("\(file): \(record.pid): no image entry \(record.image)") }
                return ChatCompletionClient.body(
                    model: client.model.name, content: [ChatContent.image(image), ChatContent.text(mode.prompt(for: record))],
                    parameters: ["temperature": .integer(0), "max_tokens": .integer(Int64(maxNewTokens)), "n": .integer(1)])
            }
            return try client.complete(bodies) { done, _ in progress(done) }.map {
                ModelAnswer(text: $0.text, tokenCount: $0.completionTokens, finishedByLength: $0.finishReason == "length", reply: $0)
            }
        }
    }

    /// Every mode's answers to `records`, scored; `progress(mode, done, total)`.
    public static func run(
        records: [ProblemRecord], modes: [PromptMode], file: String, answer: Answerer,
        progress: @escaping (PromptMode, Int, Int) -> Void = { _, _, _ in }
    ) throws -> [ModeResult] {
        try modes.map { mode in
            let responses = try answer(mode, records) { progress(mode, $0, records.count) }
            let outputs = try zip(records, responses).map { record, response in
                guard case .object(let annotation) = record.json else { fatalError("a problem record is a JSON object") }
                return try MathVistaRecords.output(
                    ["response": .string(response.text)], pid: record.pid, annotation: annotation, file: file)
            }
            let scoring = MathVistaScoring(outputs, options: MathVistaScoringOptions(extraction: .rules))
            let unparseable =
                mode != .cot
                ? nil
                : responses.filter {
                    if case .failure = FinalAnswerExtraction.extract($0.text) { return true } else { return false }
                }.count
            let probes = zip(records, responses).compactMap { record, response -> (setting: String, response: String, labelYes: Bool)? in
                guard let setting = record.popeSetting, let answer = record.answer else { return nil }
                return (setting, response.text, answer.lowercased() == "yes")
            }
            return ModeResult(
                mode: mode, responses: responses, scoring: scoring, unparseable: unparseable,
                pope: probes.isEmpty ? [] : POPEMetrics.bySetting(probes))
        }
    }

    /// The summary the report reads: accuracy with its 95 % interval, overall and per source
    /// (generator family) and task; extraction and unparseable rates; mean response length.
    public static func summary(_ result: ModeResult, records: [ProblemRecord]) -> JSONValue {
        let items = result.scoring.items
        func block(_ indices: [Int]) -> JSONValue {
            let correct = indices.filter { items[$0].isCorrect }.count
            let interval = ConfidenceInterval.wilson(correct: correct, total: indices.count)
            return [
                "correct": .integer(Int64(correct)), "total": .integer(Int64(indices.count)),
                "accuracy": .number(indices.isEmpty ? 0 : Double(correct) / Double(indices.count)),
                "ci95_low": .number(interval.lower), "ci95_high": .number(interval.upper),
            ]
        }
        func grouped(_ key: (ProblemRecord) -> String) -> JSONValue {
            let groups = Dictionary(grouping: records.indices, by: { key(records[$0]) })
            return .object(JSONObject(groups.keys.sorted().map { ($0, block(groups[$0]!)) }))
        }
        let extracted = items.filter { item in
            guard let extraction = item.extraction else { return false }
            return !(extraction.stringValue?.isEmpty ?? false) && extraction != .null
        }.count
        var summary: JSONObject = [
            "mode": .string(result.mode.rawValue), "overall": block(Array(records.indices)),
            "by_source": grouped(\.source), "by_task": grouped { $0.metadata["task"]?.stringValue ?? "" },
            "extracted_share": .number(records.isEmpty ? 0 : Double(extracted) / Double(records.count)),
            "unparseable_rate": result.unparseable.map { .number(records.isEmpty ? 0 : Double($0) / Double(records.count)) } ?? .null,
            "mean_response_tokens": .number(
                records.isEmpty ? 0 : Double(result.responses.compactMap(\.tokenCount).reduce(0, +)) / Double(records.count)),
            "finished_by_length": .integer(Int64(result.responses.filter(\.finishedByLength).count)),
        ]
        if !result.pope.isEmpty {
            summary["pope"] = .object(
                JSONObject(
                    result.pope.map { setting, metrics in
                        (
                            setting,
                            [
                                "accuracy": .number(metrics.accuracy), "precision": .number(metrics.precision),
                                "recall": .number(metrics.recall),
                                "f1": .number(metrics.f1), "yes_ratio": .number(metrics.yesRatio), "count": .integer(Int64(metrics.count)),
                                "unparseable": .integer(Int64(metrics.unparseable)),
                            ] as JSONValue
                        )
                    }))
        }
        return .object(summary)
    }

    /// MathVista's output layout: per pid, the annotation with the prompt the model saw, its
    /// response, and the extraction, prediction and true_false the scorer produced.
    public static func outputsDocument(_ result: ModeResult, records: [ProblemRecord]) -> JSONValue {
        var document = JSONObject()
        for (index, record) in records.enumerated() {
            guard case .object(var object) = record.json else { continue }
            let item = result.scoring.items[index]
            object["prompt"] = .string(result.mode.prompt(for: record))
            object["response"] = .string(result.responses[index].text)
            object["extraction"] = item.extraction ?? .null
            object["prediction"] = item.prediction
            object["true_false"] = .bool(item.isCorrect)
            document[record.pid] = .object(object)
        }
        return .object(document)
    }
}
