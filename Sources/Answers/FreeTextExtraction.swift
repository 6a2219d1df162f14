// Rule-based answer extraction from other models' free text, our stand-in for MathVista's GPT-4
// step (docs/answers.md, "Extraction rules", rule 6): answer phrases, option letters, trailing numbers.

public enum FreeTextExtraction {
    /// The answer a reader would take from `response`, in the form GPT-4 writes it (an option
    /// letter, a number, a list), or nil when the response states none.
    public static func extract(response: String, problem: MathVistaProblem) -> String? {
        let text = response.replacingOccurrences("</s>", with: "")
        for span in answerSpans(text) {
            if let answer = answer(in: span, problem: problem) { return answer }
        }
        if let bare = bareAnswer(text, problem: problem) { return bare }
        if problem.questionType == "multi_choice" {
            if let letter = parenthesisedOption(in: Substring(text), count: problem.choices.count) { return letter }
            return mentionedChoice(in: Substring(text), choices: problem.choices)
        }
        switch problem.answerType {
        case "integer", "float": return numbers(in: Substring(text)).last
        case "list": return bracketedList(in: Substring(text))
        default: return nil
        }
    }

    /// The answer inside a span that states it ("(B) 8/11", "5 meters", "[1, 2]").
    public static func answer(in span: String, problem: MathVistaProblem) -> String? {
        let span = Substring(span)
        if problem.questionType == "multi_choice" {
            return parenthesisedOption(in: span, count: problem.choices.count)
                ?? leadingOption(in: span, count: problem.choices.count)
                ?? mentionedChoice(in: span, choices: problem.choices)
        }
        switch problem.answerType {
        case "integer", "float": return numbers(in: span).first
        case "list": return bracketedList(in: span)
        default:
            let stripped = PythonNumbers.strip(String(span))
            return stripped.isEmpty ? nil : stripped
        }
    }

    /// The rest of the line after each "answer is" / "answer:" phrase, in order of appearance.
    static func answerSpans(_ text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        let keyword = Array("answer".unicodeScalars)
        var spans: [String] = []
        for start in FinalAnswerExtraction.occurrences(of: keyword, in: scalars, ignoringASCIICase: true) {
            var index = start + keyword.count
            func skip(_ word: String) -> Bool {
                let pattern = Array(word.unicodeScalars)
                guard index + pattern.count <= scalars.count,
                    zip(scalars[index..<(index + pattern.count)], pattern).allSatisfy({
                        $0.properties.lowercaseMapping == $1.properties.lowercaseMapping
                    })
                else { return false }
                index += pattern.count
                return true
            }
            let linkers = [
                " would be", " will be", " is", " should be", " to the question is", "s are", "s is", " choice is", " option is", "**",
            ]
            var linked = false
            for linker in linkers where skip(linker) { linked = true; break }
            while skip("*") {}
            if skip(":") { linked = true }
            guard linked else { continue }
            let end = scalars[index...].firstIndex(where: { $0 == "\n" }) ?? scalars.count
            spans.append(String(String.UnicodeScalarView(scalars[index..<end])))
        }
        return spans
    }

    private static func optionIndex(_ scalar: Unicode.Scalar, count: Int) -> Int? {
        guard ("A"..."Z").contains(scalar) else { return nil }
        let index = Int(scalar.value) - 65
        return index < count ? index : nil
    }

    /// The first "(X)" naming one of the options.
    static func parenthesisedOption(in text: Substring, count: Int) -> String? {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count >= 3 else { return nil }
        for start in 0...(scalars.count - 3) where scalars[start] == "(" && scalars[start + 2] == ")" {
            let letter = Unicode.Scalar(scalars[start + 1].value & ~0x20)!
            if scalars[start + 1].isASCII, optionIndex(letter, count: count) != nil { return String(letter) }
        }
        return nil
    }

    /// A response that is nothing but the answer, as a short-answer prompt asks for ("Answer with
    /// the option's letter from the given choices directly."): a letter alone or with its option's
    /// text ("B", "B.", "(B)", "Option B", "B) 120"), or a free-form answer of a few words ("red").
    /// A longer line is left to the other patterns: "A bar chart of …" names no option.
    static func bareAnswer(_ text: String, problem: MathVistaProblem) -> String? {
        let line = PythonNumbers.strip(text)
        guard !line.isEmpty, !line.contains("\n") else { return nil }
        if problem.questionType == "multi_choice" {
            var body = Substring(line)
            if body.first == "(", body.dropFirst(2).first == ")" { body = body.dropFirst().prefix(1) + body.dropFirst(3) }
            for prefix in ["option ", "choice "] where body.lowercased().hasPrefix(prefix) { body = body.dropFirst(prefix.count) }
            guard let letter = leadingOption(in: body, count: problem.choices.count) else { return nil }
            // What follows the letter and one punctuation mark must be nothing or that option's text.
            let rest = PythonNumbers.strip(String(body.dropFirst().drop { ".):,".contains($0) })).lowercased()
            let index = Int(letter.unicodeScalars.first!.value) - 65
            return rest.isEmpty || rest == PythonNumbers.strip(problem.choices[index]).lowercased() ? letter : nil
        }
        guard problem.answerType != "integer", problem.answerType != "float", problem.answerType != "list" else { return nil }
        let words = line.split(separator: " ")
        guard words.count <= 4 else { return nil }
        return line.hasSuffix(".") ? String(line.dropLast()) : line
    }

    /// An option letter opening the span: "B", "B.", "B)", "B:", "option B".
    static func leadingOption(in text: Substring, count: Int) -> String? {
        var scalars = Array(FinalAnswerExtraction.trimmed(ArraySlice(text.unicodeScalars)))
        for prefix in ["option ", "choice ", "Option ", "Choice "] where scalars.starts(with: prefix.unicodeScalars) {
            scalars.removeFirst(prefix.unicodeScalars.count)
        }
        guard let first = scalars.first, optionIndex(first, count: count) != nil else { return nil }
        if scalars.count == 1 || [".", ")", ":", ",", " "].contains(scalars[1]) { return String(first) }
        return nil
    }

    /// The longest option whose text appears in the span (case-insensitive), if any.
    static func mentionedChoice(in text: Substring, choices: [String]) -> String? {
        let lowered = text.lowercased()
        return choices.filter { !$0.isEmpty && lowered.contains($0.lowercased()) }.max { $0.unicodeScalars.count < $1.unicodeScalars.count }
    }

    /// Decimal numbers in order: an optional minus, digits with optional thousands commas, an
    /// optional fraction; commas are dropped ("1,000" → "1000").
    static func numbers(in text: Substring) -> [String] {
        let scalars = Array(text.unicodeScalars)
        func isDigit(_ index: Int) -> Bool { index < scalars.count && ("0"..."9").contains(scalars[index]) }
        var found: [String] = []
        var index = 0
        while index < scalars.count {
            guard isDigit(index), index == 0 || !(isDigit(index - 1) || scalars[index - 1] == ".") else { index += 1; continue }
            var number = String.UnicodeScalarView()
            if index > 0, scalars[index - 1] == "-" || scalars[index - 1] == "−" { number.append("-") }
            while isDigit(index)
                || (index < scalars.count && scalars[index] == "," && isDigit(index + 1) && isDigit(index + 2) && isDigit(index + 3)
                    && !isDigit(index + 4))
            {
                if scalars[index] != "," { number.append(scalars[index]) }
                index += 1
            }
            if index < scalars.count, scalars[index] == ".", isDigit(index + 1) {
                number.append(".")
                index += 1
                while isDigit(index) { number.append(scalars[index]); index += 1 }
            }
            found.append(String(number))
        }
        return found
    }

    /// The first "[…]" in the span, as written.
    static func bracketedList(in text: Substring) -> String? {
        guard let open = text.firstIndex(of: "["), let close = text[open...].firstIndex(of: "]") else { return nil }
        return String(text[open...close])
    }
}
