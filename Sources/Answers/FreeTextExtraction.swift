// Rule-based answer extraction from other models' free text, our stand-in for MathVista's GPT-4
// step (docs/answers.md, "Extraction rules", rule 6): answer phrases, option letters, trailing numbers.

public enum FreeTextExtraction {
    /// The answer a reader would take from `response`, in the form GPT-4 writes it (an option
    /// letter, a number, a list), or nil when the response states none.
    public static func extract(response: String, problem: MathVistaProblem) -> String? {
        var text = response.replacingOccurrences("</s>", with: "")
        // A model that goes on to make up and answer questions of its own ("Question: …"): GPT-4
        // extracts the last answer of the response, the made-up question's, even when it names
        // no option of this one (normalisation then maps it to the nearest option). A made-up
        // question left unanswered is passed over.

        if let (before, followUp) = madeUpQuestion(in: text) {
            let answered =
                !answerSpans(followUp).isEmpty || followUp.contains("Solution") || sentences(followUp).contains(where: isConclusion)
            let answer = problem.questionType == "multi_choice" ? closingOption(followUp, problem: problem) : nil
            if answered, let answer = answer ?? statedNumber(in: followUp) { return answer }
            text = before
        }
        for span in answerSpans(text).reversed() {
            if let answer = answer(in: span, problem: problem) { return answer }
        }
        if let bare = bareAnswer(text, problem: problem) { return bare }
        if problem.questionType == "multi_choice" {
            if declines(text) { return "N/A" }
            let count = problem.choices.count
            let sentences = self.sentences(text)
            // A closing line that is only an option ("D", "(C)", "C."), or a closing statement
            // that names one ("The main idea is C.", "The option … is B (water).").
            if let last = sentences.last, let letter = bareOption(last, count: count) { return letter }
            if let letter = sentences.reversed().lazy.compactMap({ statedOption(in: $0, count: count) }).first { return letter }
            if let letter = parenthesisedOption(in: Substring(text), count: count) { return letter }
            return mentionedChoice(in: Substring(text), choices: problem.choices)
        }
        switch problem.answerType {
        case "integer", "float": return statedNumber(in: text)
        case "list": return bracketedList(in: Substring(text))
        default: return nil
        }
    }

    /// The text before and after the last line that opens with "Question:", when something
    /// comes before it.
    static func madeUpQuestion(in text: String) -> (before: String, followUp: String)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let index = lines.lastIndex(where: { PythonNumbers.strip(String($0)).hasPrefix("Question:") }), index > 0 else {
            return nil
        }
        return (lines[..<index].joined(separator: "\n"), lines[index...].joined(separator: "\n"))
    }

    /// The option (or, for a made-up question, the value) a multi-choice response closes on: its
    /// last answer phrase, a closing line that is only a letter, or a closing statement that
    /// names a letter ("The main idea is C.").
    static func closingOption(_ text: String, problem: MathVistaProblem) -> String? {
        if let span = answerSpans(text).last {
            return answer(in: span, problem: problem) ?? statedNumber(in: span) ?? PythonNumbers.strip(span)
        }
        let count = problem.choices.count, sentences = self.sentences(text)
        if let last = sentences.last, let letter = bareOption(last, count: count) { return letter }
        return sentences.reversed().lazy.compactMap { statedOption(in: $0, count: count) }.first
    }

    /// The result of the last concluding sentence ("Therefore, … is 120 miles."), if any.
    static func concludedNumber(in text: String) -> String? {
        sentences(text).last(where: isConclusion).flatMap(result(of:))
    }

    /// The number a response states as its result when no phrase names the answer: the last
    /// emphasised one (`**3**`, `**4 people**`); else the last concluding sentence's result
    /// ("Therefore, there are 3 objects preferred by more than 90 percent", "So there are
    /// 2 + 1 + 3 = 6 objects left", "The final value is: 2"); else the first number of the opening
    /// sentence, which a short answer starts with ("There are 17 flocks with at least 17 birds");
    /// else the last number anywhere.
    static func statedNumber(in text: String) -> String? {
        if let emphasised = emphasised(in: text).reversed().lazy.compactMap({ numbers(in: Substring($0)).first }).first {
            return emphasised
        }
        let sentences = self.sentences(text)
        // A closing line that is a number and nothing else ("… is:\n\n9", "Solution: 326").
        if let last = sentences.last, let number = bareNumber(last) { return number }
        if declines(text) { return nil }
        if let last = sentences.last, isStatement(last), let number = result(of: last) { return number }
        if let conclusion = sentences.last(where: isConclusion), let number = result(of: conclusion) { return number }
        if let opening = sentences.first, let number = result(of: opening) { return number }
        if let last = numbers(in: Substring(text)).last { return last }
        // "leaving no objects", "The function has no zeros.", "there are none" (but not "No idea").
        let words = text.lowercased().split { !$0.isLetter }.map(String.init)
        let counting = ["leaving", "leaves", "leave", "has", "have", "are", "is", "with", "remain", "remaining"]
        let none = words.indices.contains { index in
            words[index] == "none" || (words[index] == "no" && index > 0 && counting.contains(words[index - 1]))
        }
        return none ? "0" : nil
    }

    /// A line that is a number, alone or after a "Solution:" or "Answer:" label.
    static func bareNumber(_ line: String) -> String? {
        var body = PythonNumbers.strip(line)
        for label in ["Solution:", "Answer:", "solution:", "answer:"] where body.hasPrefix(label) {
            body = PythonNumbers.strip(String(body.dropFirst(label.count)))
        }
        guard let number = numbers(in: Substring(body)).first, body == number || body == number + "%" else { return nil }
        return number
    }

    /// A response that says it cannot answer ("I do not have enough information to …"): GPT-4
    /// extracts nothing from it, whatever numbers the explanation mentions.
    static func declines(_ text: String) -> Bool {
        let lowered = text.lowercased()
        let phrases = [
            "enough information", "enough context", "insufficient information", "cannot determine", "can't determine",
            "unable to determine", "not possible to determine", "impossible to determine", "impossible to calculate",
            "cannot provide a", "can't provide a", "unable to provide", "difficult to determine", "not possible to provide",
        ]
        return phrases.contains { lowered.contains($0) }
    }

    /// The closing sentence states a value: "The number of objects left is 0.", "Area = 25".
    static func isStatement(_ sentence: String) -> Bool {
        let lowered = sentence.lowercased()
        return [" is ", " are ", "=", " is:"].contains { lowered.contains($0) } || lowered.hasPrefix("there are ")
            || lowered.hasPrefix("there is ")
    }

    /// A sentence that concludes: it opens with "Therefore", "So", "Thus", … or names the final
    /// value or the total.
    static func isConclusion(_ sentence: String) -> Bool {
        let lowered = sentence.lowercased()
        let openings = ["therefore", "so ", "so,", "thus", "hence", "in total", "overall", "in conclusion", "in summary", "finally"]
        return openings.contains { lowered.hasPrefix($0) } || [", so ", "therefore", "final", "total"].contains { lowered.contains($0) }
    }

    /// The number a sentence gives as its result: the first after its first " is " or " are ",
    /// or after its last "=", "total", "therefore" or ", so" when that comes later ("… at theta =
    /// 3*pi/2 is 1" → 1, "2 + 1 + 3 = 6 objects" → 6, "The missing number is 12, the next after
    /// 10" → 12), else its first; numbers may be spelled out ("three bars"). A range stays a
    /// range ("10 to 15"), which no integer parses.
    static func result(of sentence: String) -> String? {
        let scalars = Array(sentence.unicodeScalars)
        var from = 0
        for (marker, first) in [
            (" is ", true), (" are ", true), (" is:", true), ("=", false), ("total", false), ("therefore", false), (", so ", false),
        ] {
            let pattern = Array(marker.unicodeScalars)
            let starts = FinalAnswerExtraction.occurrences(of: pattern, in: scalars, ignoringASCIICase: true)
            // "is" counts where a number follows it ("… greater than 0.92% is 6"), else its first.
            let numbered = first ? starts.last { numberFollows(scalars, at: $0 + pattern.count) } : nil
            if let start = numbered ?? (first ? starts.first : starts.last) { from = max(from, start + pattern.count) }
        }
        var rest = String(String.UnicodeScalarView(scalars[from...]))
        // A conditional clause is not the result: "Therefore, if she makes 2 cakes, she will need 4".
        let clause = rest.drop { $0 == "," || $0 == " " }
        if clause.lowercased().hasPrefix("if "), let comma = clause.firstIndex(of: ",") {
            rest = String(clause[clause.index(after: comma)...])
        }
        guard let number = statedNumbers(in: rest).first ?? statedNumbers(in: sentence).first else { return nil }
        let after = rest.split(separator: " ", omittingEmptySubsequences: true)
        if let index = after.firstIndex(where: { $0.hasPrefix(number) }), index + 2 < after.count, after[index + 1] == "to",
            let upper = numbers(in: after[index + 2]).first
        {
            return "\(number) to \(upper)"
        }
        return number
    }

    /// Whether a number (digits, a sign, or a currency sign before digits) starts at `index`, after spaces.
    static func numberFollows(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        var index = index
        while index < scalars.count, scalars[index] == " " || scalars[index] == "$" || scalars[index] == "-" { index += 1 }
        return index < scalars.count && ("0"..."9").contains(scalars[index])
    }

    /// Numbers in digits or spelled out (zero to twenty, and the tens), in order of appearance.
    static func statedNumbers(in text: String) -> [String] {
        let spelled = [
            "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
            "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
        ]
        let tens = ["thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90]
        var found: [(position: Int, value: String)] = []
        // Words: maximal runs of letters, compared in lower case. A number word after "the" or
        // "these" names things already counted ("the two people"), and "one of" picks one out:
        // neither states a count.
        let scalars = Array(text.unicodeScalars)
        var words: [(start: Int, word: String)] = []
        var index = 0
        while index < scalars.count {
            guard scalars[index].properties.isAlphabetic else { index += 1; continue }
            let start = index
            while index < scalars.count, scalars[index].properties.isAlphabetic { index += 1 }
            words.append((start, String(String.UnicodeScalarView(scalars[start..<index])).lowercased()))
        }
        for (position, (start, word)) in words.enumerated() {
            guard let value = spelled.firstIndex(of: word).map(String.init) ?? tens[word].map(String.init) else { continue }
            if position > 0, ["the", "these", "those", "both"].contains(words[position - 1].word) { continue }
            if word == "one", position + 1 < words.count, words[position + 1].word == "of" { continue }
            found.append((start, value))
        }
        // Digits, at their positions.
        var searchFrom = 0
        for number in numbers(in: Substring(text)) {
            let digits = number.hasPrefix("-") ? String(number.dropFirst()) : number
            let firstDigit = digits.unicodeScalars.first!
            let position = scalars[searchFrom...].firstIndex(of: firstDigit) ?? searchFrom
            found.append((position, number))
            searchFrom = position + 1
        }
        return found.sorted { $0.position < $1.position }.map(\.value)
    }

    /// Markdown bold spans, in order: `**text**` within one line, the text neither starting nor
    /// ending with a space (so "** Total dots = 9" opening a list item is not one).
    static func emphasised(in text: String) -> [String] {
        var spans: [String] = []
        for line in text.split(separator: "\n") {
            let parts = pieces(of: Array(line.unicodeScalars), between: "*")
            for index in stride(from: 1, to: parts.count - 1, by: 2) {
                let span = parts[index]
                if let first = span.first, let last = span.last, first != " ", last != " " { spans.append(span) }
            }
        }
        return spans
    }

    /// The pieces of `scalars` between doubled `marker`s ("a**b**c" → a, b, c).
    static func pieces(of scalars: [Unicode.Scalar], between marker: Unicode.Scalar) -> [String] {
        var parts: [String] = [], current = String.UnicodeScalarView(), index = 0
        while index < scalars.count {
            if scalars[index] == marker, index + 1 < scalars.count, scalars[index + 1] == marker {
                parts.append(String(current))
                current = String.UnicodeScalarView()
                index += 2
            } else {
                current.append(scalars[index])
                index += 1
            }
        }
        parts.append(String(current))
        return parts
    }

    /// Sentences: the text split at line breaks and at ".", "!" or "?" before a space or the end,
    /// trimmed, empty ones dropped ("3.5" stays whole).
    static func sentences(_ text: String) -> [String] {
        var result: [String] = [], current = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            let endsSentence = ".!?".unicodeScalars.contains(scalar) && (index + 1 == scalars.count || scalars[index + 1] == " ")
            if scalar == "\n" || endsSentence {
                result.append(String(current))
                current = String.UnicodeScalarView()
            } else {
                current.append(scalar)
            }
        }
        result.append(String(current))
        return result.map { withoutListMarker(PythonNumbers.strip($0)) }.filter { !$0.isEmpty }
    }

    /// A line without its list marker ("* ", "- ", "** "), so "* So there are 6" opens with "So".
    static func withoutListMarker(_ line: String) -> String {
        var rest = Substring(line)
        while let first = rest.first, first == "*" || first == "-" || first == "•" { rest = rest.dropFirst() }
        return rest.count < line.count ? PythonNumbers.strip(String(rest)) : line
    }

    /// The answer inside a span that states it ("(B) 8/11", "5 meters", "[1, 2]").
    public static func answer(in span: String, problem: MathVistaProblem) -> String? {
        let span = Substring(span)
        if problem.questionType == "multi_choice" {
            return leadingOption(in: span, count: problem.choices.count)
                ?? parenthesisedOption(in: span, count: problem.choices.count)
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

    /// The rest of the line after each phrase that states the answer, in order of appearance:
    /// "answer is", "answer:", "answer would be", …, and the Chinese "答案为", "答案是", "答案：".
    /// When the phrase ends its line ("The answer is:"), the next non-empty line is the span.
    static func answerSpans(_ text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        let phrases: [(keyword: String, linkers: [String])] = [
            (
                "answer",
                [
                    " would be", " will be", " is", " should be", " to the question is", "s are", "s is", " choice is", " option is",
                    "**",
                ]
            ),
            ("答案", ["为", "是", "應為", "应为"]),
        ]
        var spans: [(start: Int, text: String)] = []
        for (keyword, linkers) in phrases {
            let pattern = Array(keyword.unicodeScalars)
            for start in FinalAnswerExtraction.occurrences(of: pattern, in: scalars, ignoringASCIICase: true) {
                var index = start + pattern.count
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
                var linked = false
                for linker in linkers where skip(linker) { linked = true; break }
                while skip("*") {}
                if skip(":") || skip("：") { linked = true }
                guard linked else { continue }
                var end = scalars[index...].firstIndex(where: { $0 == "\n" }) ?? scalars.count
                if PythonNumbers.strip(String(String.UnicodeScalarView(scalars[index..<end]))).isEmpty {
                    // "The answer is:" ending its line: the answer is on the next non-empty line.
                    while index < scalars.count, PythonNumbers.isWhitespace(scalars[index]) { index += 1 }
                    end = scalars[index...].firstIndex(where: { $0 == "\n" }) ?? scalars.count
                }
                spans.append((start, String(String.UnicodeScalarView(scalars[index..<end]))))
            }
        }
        return spans.sorted { $0.start < $1.start }.map(\.text)
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

    /// A line that is an option letter and nothing else: "D", "D.", "(D)", "D)".
    static func bareOption(_ line: String, count: Int) -> String? {
        var scalars = Array(line.unicodeScalars)
        if scalars.first == "(" { scalars.removeFirst() }
        while let last = scalars.last, ".):".unicodeScalars.contains(last) { scalars.removeLast() }
        guard scalars.count == 1, optionIndex(scalars[0], count: count) != nil else { return nil }
        return String(scalars[0])
    }

    /// An option letter stated after "is", "choice" or "option" and ending the phrase ("is C.",
    /// "is B (water)", "choice C", "option D,"): the last such in the sentence.
    static func statedOption(in sentence: String, count: Int) -> String? {
        let scalars = Array(sentence.unicodeScalars)
        var found: String?
        for marker in [" is ", "choice ", "option ", "Choice ", "Option ", "选项", "是", "为"] {
            let pattern = Array(marker.unicodeScalars)
            for start in FinalAnswerExtraction.occurrences(of: pattern, in: scalars, ignoringASCIICase: false) {
                let index = start + pattern.count
                guard index < scalars.count, optionIndex(scalars[index], count: count) != nil else { continue }
                let next = index + 1 < scalars.count ? scalars[index + 1] : " "
                guard next == " " || ".,;:)。，".unicodeScalars.contains(next) else { continue }
                if index + 2 < scalars.count, next == " ", !"(（".unicodeScalars.contains(scalars[index + 2]) { continue }
                found = String(scalars[index])
            }
        }
        return found
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
        let lowered = text.lowercased(), plain = plainMath(String(text))
        return choices.filter { choice in
            !choice.isEmpty && (lowered.contains(choice.lowercased()) || (choice.contains("\\") && plain.contains(plainMath(choice))))
        }.max { $0.unicodeScalars.count < $1.unicodeScalars.count }
    }

    /// Math as plain text for comparing a LaTeX option with prose: `\frac{a}{b}` → `a/b`, braces,
    /// `\`, `$` and spaces dropped, lower case ("\frac{3√{5}}{2}" and "3√5 / 2" are both "3√5/2").
    static func plainMath(_ text: String) -> String {
        var result = text.replacingOccurrences("\\frac", with: "").replacingOccurrences("}{", with: "/")
        for symbol in ["{", "}", "\\", "$", " "] { result = result.replacingOccurrences(symbol, with: "") }
        return result.lowercased()
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
