// Scoring a MathVista output file: choose each record's extraction, normalise it, compare it with
// the answer, and collect the per-pid results and warnings. See docs/answers.md, "Normalisation",
// "Correctness" and "Failure modes of the official scripts".

import Answers
import JSON

public struct MathVistaScoringOptions: Sendable {
    public var extraction: ExtractionSource
    public var version: MathVistaVersion
    /// HEAD's `--ignore_empty_extractions` (docs/answers.md, "Normalisation", multi_choice step 2).
    public var ignoreEmptyExtractions: Bool
    /// The integer rule (docs/answers.md, "Published scores vs today's code").
    public var integerRule: IntegerRule
    /// The served LLM's reply per pid, for the records `llmQueries` names (llm and auto modes).
    public var llmReplies: [String: String] = [:]
    /// The official script's opt-in `--quick_extract` rule (`The answer is "…".`) before the LLM.
    public var quickExtract = false

    public init(
        extraction: ExtractionSource = .field, version: MathVistaVersion = .legacy, ignoreEmptyExtractions: Bool = false,
        integerRule: IntegerRule = .current
    ) {
        self.extraction = extraction
        self.version = version
        self.ignoreEmptyExtractions = ignoreEmptyExtractions
        self.integerRule = integerRule
    }
}

/// One scored record: the `prediction` and `true_false` the official script writes back.
public struct MathVistaScoredItem: Sendable {
    public var pid: String
    /// The extraction used; nil when the record had none (field mode).
    public var extraction: JSONValue?
    public var prediction: JSONValue
    public var answer: JSONValue
    public var isCorrect: Bool
    public var attributes: [String: JSONValue]
}

public struct MathVistaScoring: Sendable {
    /// The records the served LLM must be asked about, with MathVista's extraction prompt for
    /// each: in llm mode every record rules 1–4 leave open (as the official script, with
    /// `--rerun`); in auto mode those without a stored extraction where our rules find nothing.
    public static func llmQueries(
        _ outputs: [MathVistaOutput], extraction: ExtractionSource, quickExtract: Bool = false
    ) -> [(pid: String, prompt: String)] {
        outputs.compactMap { output in
            let problem = output.problem, response = output.response ?? ""
            switch extraction {
            case .llm:
                guard MathVistaExtractionRules.official(response: response, problem: problem, quickExtract: quickExtract) == nil else {
                    return nil
                }
            case .auto:
                let stored = output.extraction.flatMap { $0 == .null ? nil : $0 }
                if let stored, !PythonNumbers.strip(PythonValues.str(stored)).isEmpty { return nil }
                guard MathVistaExtractionRules.extract(response: response, problem: problem).isEmpty else { return nil }
            case .field, .rules:
                return nil
            }
            return (problem.pid, MathVistaExtractionPrompt.prompt(query: problem.query, response: response))
        }
    }

    public var items: [MathVistaScoredItem]
    /// Aggregated, one line each, e.g. `2 records have no "extraction"; scored as wrong (pids 2, 4)`.
    public var warnings: [String]
    public var version: MathVistaVersion

    public init(_ outputs: [MathVistaOutput], options: MathVistaScoringOptions = MathVistaScoringOptions()) {
        var missingExtraction: [String] = []
        var missingResponse: [String] = []
        var floatPrecision: [String] = []
        items = outputs.map { output in
            let problem = output.problem
            var extraction: JSONValue?
            let stored = output.extraction.flatMap { $0 == .null ? nil : $0 }
            switch options.extraction {
            case .field:
                extraction = stored
            case .llm:
                if output.response == nil { missingResponse.append(problem.pid) }
                let response = output.response ?? ""
                extraction = .string(
                    MathVistaExtractionRules.official(response: response, problem: problem, quickExtract: options.quickExtract)
                        ?? options.llmReplies[problem.pid] ?? "")
            case .rules, .auto:
                if options.extraction == .auto, let stored, !PythonNumbers.strip(PythonValues.str(stored)).isEmpty {
                    extraction = stored
                } else {
                    if output.response == nil { missingResponse.append(problem.pid) }
                    let rules = MathVistaExtractionRules.extract(response: output.response ?? "", problem: problem)
                    extraction = .string(rules.isEmpty ? options.llmReplies[problem.pid] ?? rules : rules)
                }
            }
            if options.version == .legacy, problem.answerType == "float", problem.questionType != "multi_choice",
                case .number? = problem.precision
            {
                floatPrecision.append(problem.pid)
            }
            var prediction = JSONValue.null
            if let extraction {
                prediction = MathVistaNormalization.normalize(
                    extraction: extraction, choices: problem.choices, questionType: problem.questionType,
                    answerType: problem.answerType, precision: problem.precision, version: options.version,
                    ignoreEmptyExtractions: options.ignoreEmptyExtractions, integerRule: options.integerRule)
            } else {
                missingExtraction.append(problem.pid)
            }
            let isCorrect = prediction != .null && PythonValues.equal(prediction, problem.answer)
            return MathVistaScoredItem(
                pid: problem.pid, extraction: extraction, prediction: prediction, answer: problem.answer,
                isCorrect: isCorrect, attributes: problem.attributes)
        }
        warnings = []
        if !missingExtraction.isEmpty {
            warnings.append(
                "\(Self.count(missingExtraction, "record")) no \"extraction\"; scored as wrong (\(Self.sample(missingExtraction)))")
        }
        if !missingResponse.isEmpty {
            warnings.append(
                "\(Self.count(missingResponse, "record")) no \"response\"; extracted as empty (\(Self.sample(missingResponse)))")
        }
        if !floatPrecision.isEmpty {
            warnings.append(
                "\(Self.count(floatPrecision, "float item")) a non-integer \"precision\"; the published (v1) scorer scores them wrong, --format current uses int(precision) (\(Self.sample(floatPrecision)))"
            )
        }
        version = options.version
    }

    public var correctCount: Int { items.count(where: \.isCorrect) }

    /// The official scores file; nil when there are no records (the official script divides by zero).
    public var scoresText: String? {
        items.isEmpty
            ? nil
            : MathVistaScores.fileText(
                items.map { MathVistaScores.Row(isCorrect: $0.isCorrect, attributes: $0.attributes) }, version: version)
    }

    /// Per pid: {"extraction", "prediction", "answer", "true_false"}, indent 4, newline-terminated.
    public var predictionsText: String {
        var document = JSONObject()
        for item in items {
            document[item.pid] = .object([
                "extraction": item.extraction ?? .null, "prediction": item.prediction, "answer": item.answer,
                "true_false": .bool(item.isCorrect),
            ])
        }
        return JSONWriter.python(indent: 4).string(.object(document)) + "\n"
    }

    private static func count(_ pids: [String], _ noun: String) -> String {
        pids.count == 1 ? "1 \(noun) has" : "\(pids.count) \(noun)s have"
    }

    private static func sample(_ pids: [String]) -> String {
        let shown = pids.prefix(5).joined(separator: ", ")
        return (pids.count == 1 ? "pid " : "pids ") + shown + (pids.count > 5 ? ", …" : "")
    }
}
