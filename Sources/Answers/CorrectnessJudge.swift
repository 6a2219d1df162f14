// MMPR's correctness judge for sampled CoT responses: correct, wrong or unparseable, from the final
// answer and the ground truth. See docs/method.md, "Correctness test", "No answer fix" and "Real
// ANLS".

/// The verdict on one sampled response, which decides its preference bucket.
public enum Verdict: Sendable, Equatable {
    case correct(answer: String)
    case wrong(answer: String)
    case unparseable(FinalAnswerRefusal)
}

/// Deliberately without MMPR's "answer fix" (docs/method.md, "No answer fix"): a ground truth that
/// is a substring of the prediction ("2" in "12") proves nothing, so only whole-answer comparisons
/// count here.
public struct CorrectnessJudge: Sendable {
    /// One comparison; each scores in [0, 1] and an answer is correct when the best mode scores > 0.9.
    public enum Mode: String, Sendable, CaseIterable {
        /// Equality after the VQA normalisation.
        case vqa
        /// Numbers within 5 % of the ground truth (ChartQA); four-character years from "20" exactly.
        case relaxed
        /// The same option letter, written "B", "B.", "(B)" or "B) text".
        case multipleChoice = "mc"
        /// Numbers within 0.1 % once units (degrees, °, %, cm, \angle) are dropped.
        case math
        /// ANLS similarity, 1 − distance / longer length (the reference code compared the distance
        /// itself with > 0.9, which passes unrelated answers: docs/method.md, "Real ANLS").
        case anls
    }

    public var modes: [Mode]

    public init(modes: [Mode] = [.vqa, .multipleChoice, .math]) { self.modes = modes }

    /// The modes MMPR uses for a source, chosen by a substring of its file name (the table in
    /// docs/method.md, "Correctness test").
    public static func modes(forSource name: String) -> [Mode] {
        let lowered = name.lowercased()
        if lowered.contains("chartqa") { return [.relaxed] }
        if lowered.contains("docvqa") || lowered.contains("infographics") { return [.anls] }
        if ["sroie", "clevr_math", "geos", "geometry"].contains(where: lowered.contains) {
            return [.relaxed, .vqa, .multipleChoice]
        }
        return [.vqa, .multipleChoice, .math]
    }

    /// Extracts the final answer of a CoT response (FinalAnswerExtraction) and judges it.
    public func judge(response: String, groundTruth: String) -> Verdict {
        switch FinalAnswerExtraction.extract(response) {
        case .failure(let refusal): return .unparseable(refusal)
        case .success(let answer):
            return isCorrect(answer, groundTruth: groundTruth) ? .correct(answer: answer) : .wrong(answer: answer)
        }
    }

    /// Equal after lower-casing, or some mode scores above 0.9.
    public func isCorrect(_ prediction: String, groundTruth: String) -> Bool {
        if PythonValues.sameCodePoints(prediction.lowercased(), groundTruth.lowercased()) { return true }
        return modes.contains { score(prediction, groundTruth: groundTruth, mode: $0) > 0.9 }
    }

    public func score(_ prediction: String, groundTruth: String, mode: Mode) -> Double {
        switch mode {
        case .vqa:
            let (p, g) = (vqaNormalized(prediction), vqaNormalized(groundTruth))
            return !p.isEmpty && !g.isEmpty && p == g ? 1 : 0
        case .relaxed:
            let (p, g) = (PythonNumbers.strip(prediction), PythonNumbers.strip(groundTruth))
            if g.unicodeScalars.count == 4 && g.hasPrefix("20") { return PythonValues.sameCodePoints(p, g) ? 1 : 0 }
            if let target = Self.number(g, droppingPercent: true), target != 0,
                let value = Self.number(p, droppingPercent: true)
            {
                return abs(value - target) / abs(target) <= 0.05 ? 1 : 0
            }
            return PythonValues.sameCodePoints(p.lowercased(), g.lowercased()) ? 1 : 0
        case .multipleChoice:
            guard let target = Self.optionLetter(groundTruth, allowText: false),
                let letter = Self.optionLetter(prediction, allowText: true)
            else { return 0 }
            return letter == target ? 1 : 0
        case .math:
            let (p, g) = (Self.withoutUnits(prediction), Self.withoutUnits(groundTruth))
            if let target = Self.number(g, droppingPercent: false), let value = Self.number(p, droppingPercent: false) {
                return abs(value - target) <= 1e-3 * abs(target) ? 1 : 0
            }
            return PythonValues.sameCodePoints(p.lowercased(), g.lowercased()) ? 1 : 0
        case .anls:
            let (p, g) = (PythonNumbers.strip(prediction).lowercased(), PythonNumbers.strip(groundTruth).lowercased())
            let longer = max(p.unicodeScalars.count, g.unicodeScalars.count)
            guard longer > 0 else { return 1 }
            return 1 - Double(levenshteinDistance(p, g)) / Double(longer)
        }
    }

    /// A finite number written plainly or with thousands commas ("1,000"), optionally ending in "%".
    static func number(_ text: String, droppingPercent: Bool) -> Double? {
        var body = PythonNumbers.strip(text)
        if droppingPercent, body.hasSuffix("%") { body.removeLast() }
        if let value = PythonNumbers.double(parsing: body), value.isFinite { return value }
        let groups = body.split(separator: ",", omittingEmptySubsequences: false)
        guard groups.count > 1, (1...3).contains(groups[0].count), groups[0].allSatisfy(\.isASCII),
            groups.dropFirst().dropLast().allSatisfy({ $0.count == 3 }),
            let last = groups.last, last.prefix(while: { $0 != "." }).count == 3
        else { return nil }
        return PythonNumbers.double(parsing: groups.joined()).flatMap { $0.isFinite ? $0 : nil }
    }

    static func withoutUnits(_ text: String) -> String {
        var result = text
        for unit in ["degrees", "degree", "\\angle", "°", "%", "cm"] { result = result.replacingOccurrences(unit, with: "") }
        return PythonNumbers.strip(result)
    }

    /// "B", "B.", "(B)" → "B"; with `allowText` also "B. text", "B) text", "(B) text".
    static func optionLetter(_ text: String, allowText: Bool) -> Unicode.Scalar? {
        let scalars = Array(PythonNumbers.strip(text).unicodeScalars)
        func isLetter(_ s: Unicode.Scalar) -> Bool { ("A"..."Z").contains(s) || ("a"..."z").contains(s) }
        func upper(_ s: Unicode.Scalar) -> Unicode.Scalar { Unicode.Scalar(s.value & ~0x20)! }
        var letter: Unicode.Scalar?
        var rest: ArraySlice<Unicode.Scalar> = []
        if scalars.count >= 3, scalars[0] == "(", isLetter(scalars[1]), scalars[2] == ")" {
            (letter, rest) = (scalars[1], scalars[3...])
        } else if let first = scalars.first, isLetter(first) {
            if scalars.count == 1 { return upper(first) }
            if scalars[1] == "." || (allowText && scalars[1] == ")") { (letter, rest) = (first, scalars[2...]) }
        }
        guard let letter else { return nil }
        if rest.isEmpty { return upper(letter) }
        return allowText && PythonNumbers.isWhitespace(rest.first!) ? upper(letter) : nil
    }
}
