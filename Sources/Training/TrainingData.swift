// Where training examples come from: a problems artifact (SFT on the reference solutions, with
// both the CoT and the direct prompt, so M0 answers either way) or a pairs artifact (preference
// pairs, or SFT on their chosen responses). Prompts are exactly the ones sampling and evaluation
// use (PromptTemplates), so the model is trained on what it will be asked.
import Artifacts
import Preference
import Problems

public enum TrainingData {
    /// What SFT on a problems split teaches.
    public enum SFTPrompts: String, CaseIterable, Sendable {
        /// The CoT prompt → the reference solution, and the direct prompt → the short answer.
        case both
        case cot
        case direct
    }

    /// SFT examples from the records of `splits` (e.g. sft and perception, mixed), of the
    /// `families` given (their `metadata.source`; nil: all): per problem with an answer, the CoT
    /// and/or the direct example; per open prompt, its reference description (without the image
    /// where the record is image-free). Image bytes stay PNG.
    public static func sftExamples(
        problems path: String, splits: [String], families: Set<String>? = nil, prompts: SFTPrompts
    ) throws -> [SequenceExample] {
        let contents = try ProblemArtifact.read(path: path) { _ in true }
        let present = Set(contents.records.map(\.split))
        if let missing = splits.first(where: { !present.contains($0) }) { throw TrainingError("\(path): no records in split '\(missing)'") }
        let inSplits = contents.records.filter { splits.contains($0.split) }
        if let families {
            let known = Set(inSplits.map(\.source))
            if let missing = families.sorted().first(where: { !known.contains($0) }) {
                throw TrainingError(
                    "\(path): no records of family '\(missing)' in split '\(splits.joined(separator: ","))'; its families: \(known.sorted().joined(separator: ", "))"
                )
            }
        }
        var examples: [SequenceExample] = []
        for record in inSplits where families?.contains(record.source) ?? true {
            let image = record.imageFree ? nil : contents.images[record.image]
            if record.hasAnswer, let solution = record.solution, let direct = record.directAnswer {
                if prompts != .direct {
                    examples.append(
                        SequenceExample(
                            id: "\(record.pid)/cot", imagePNG: image,
                            question: PromptTemplates.chainOfThought(
                                PromptTemplates.questionWithChoices(record.question, choices: record.choices)),
                            response: solution))
                }
                if prompts != .cot {
                    examples.append(
                        SequenceExample(
                            id: "\(record.pid)/direct", imagePNG: image,
                            question: PromptTemplates.direct(
                                question: record.question, choices: record.choices, yesNo: record.isYesNoQuestion),
                            response: direct))
                }
            } else if let description = record.referenceDescription {
                examples.append(
                    SequenceExample(id: "\(record.pid)/open", imagePNG: image, question: record.question, response: description))
            }
        }
        guard !examples.isEmpty else { throw TrainingError("\(path): no SFT examples in split '\(splits.joined(separator: ","))'") }
        return examples
    }

    /// The pairs of a pairs artifact, with their images.
    public static func pairExamples(pairs path: String) throws -> [PairExample] {
        let artifact = try PairsArtifact(reading: path)
        return artifact.pairs.map { pair in
            PairExample(
                id: "\(pair.kind.rawValue):\(pair.pid):\(pair.chosenSample)>\(pair.rejectedSample)",
                imagePNG: pair.image.map { artifact.images[$0]! },
                question: pair.question, chosen: pair.chosen, rejected: pair.rejected)
        }
    }

    /// SFT on the chosen side of pairs (Table 3's "SFT on the chosen responses" row).
    public static func chosenExamples(pairs path: String) throws -> [SequenceExample] {
        try pairExamples(pairs: path).map { SequenceExample(id: $0.id, imagePNG: $0.imagePNG, question: $0.question, response: $0.chosen) }
    }
}
