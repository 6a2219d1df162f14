// The standard VQA/TextVQA answer normalisation (EvalAI's answer processor), which MMPR's "vqa"
// correctness mode applies to both strings. See docs/method.md, "Correctness test" (vqa).

/// Lower-case; drop "," and "?"; split "'s"; strip or space out punctuation; drop periods not
/// followed by a digit (what the reference regex `(?!<=\d)(\.)(?!\d)` really does: its look-behind
/// is mistyped as a look-ahead); number words zero…ten and "none" to digits; drop a/an/the;
/// contractions to their canonical spelling.
public func vqaNormalized(_ answer: String) -> String {
    var text = answer.lowercased().replacingOccurrences(",", with: "").replacingOccurrences("?", with: "")
        .replacingOccurrences("'s", with: " 's")
    text = PythonNumbers.strip(text.replacingOccurrences("\n", with: " ").replacingOccurrences("\t", with: " "))
    text = VQAText.processPunctuation(text)
    return VQAText.processDigitsAndArticles(text)
}

enum VQAText {
    static let punctuation: [String] = [
        ";", "/", "[", "]", "\"", "{", "}", "(", ")", "=", "+", "\\", "_", "-", ">", "<", "@", "`", ",", "?", "!",
    ]

    static func processPunctuation(_ input: String) -> String {
        var output = input
        let hasDigitCommaDigit = containsDigitCommaDigit(input)
        for mark in punctuation {
            // The reference decides per mark from the *input*, then edits the output.
            let removes = input.contains(mark + " ") || input.contains(" " + mark) || hasDigitCommaDigit
            output = output.replacingOccurrences(mark, with: removes ? "" : " ")
        }
        let scalars = Array(output.unicodeScalars)
        var kept = String.UnicodeScalarView()
        for (index, scalar) in scalars.enumerated() {
            if scalar == ".", !(index + 1 < scalars.count && isDigit(scalars[index + 1])) { continue }
            kept.append(scalar)
        }
        return String(kept)
    }

    static func processDigitsAndArticles(_ input: String) -> String {
        let words = input.lowercased().unicodeScalars.split(whereSeparator: PythonNumbers.isWhitespace).map(String.init)
        return words.map { numberWords[$0] ?? $0 }
            .filter { !["a", "an", "the"].contains($0) }
            .map { contractions[$0] ?? $0 }
            .joined(separator: " ")
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar.properties.numericType == .decimal }

    private static func containsDigitCommaDigit(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count >= 3 else { return false }
        return (1..<(scalars.count - 1)).contains { scalars[$0] == "," && isDigit(scalars[$0 - 1]) && isDigit(scalars[$0 + 1]) }
    }

    static let numberWords: [String: String] = [
        "none": "0", "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
        "seven": "7", "eight": "8", "nine": "9", "ten": "10",
    ]

    // The reference table, entries with capitals included (they never match lower-cased words).
    static let contractions: [String: String] = [
        "aint": "ain't", "arent": "aren't", "cant": "can't", "couldve": "could've", "couldnt": "couldn't",
        "couldn'tve": "couldn't've", "couldnt've": "couldn't've", "didnt": "didn't", "doesnt": "doesn't",
        "dont": "don't", "hadnt": "hadn't", "hadnt've": "hadn't've", "hadn'tve": "hadn't've", "hasnt": "hasn't",
        "havent": "haven't", "hed": "he'd", "hed've": "he'd've", "he'dve": "he'd've", "hes": "he's", "howd": "how'd",
        "howll": "how'll", "hows": "how's", "Id've": "I'd've", "I'dve": "I'd've", "Im": "I'm", "Ive": "I've",
        "isnt": "isn't", "itd": "it'd", "itd've": "it'd've", "it'dve": "it'd've", "itll": "it'll", "let's": "let's",
        "maam": "ma'am", "mightnt": "mightn't", "mightnt've": "mightn't've", "mightn'tve": "mightn't've",
        "mightve": "might've", "mustnt": "mustn't", "mustve": "must've", "neednt": "needn't", "notve": "not've",
        "oclock": "o'clock", "oughtnt": "oughtn't", "ow's'at": "'ow's'at", "'ows'at": "'ow's'at", "'ow'sat": "'ow'sat",
        "shant": "shan't", "shed've": "she'd've", "she'dve": "she'd've", "she's": "she's", "shouldve": "should've",
        "shouldnt": "shouldn't", "shouldnt've": "shouldn't've", "shouldn'tve": "shouldn't've",
        "somebody'd": "somebodyd", "somebodyd've": "somebody'd've", "somebody'dve": "somebody'd've",
        "somebodyll": "somebody'll", "somebodys": "somebody's", "someoned": "someone'd",
        "someoned've": "someone'd've", "someone'dve": "someone'd've", "someonell": "someone'll",
        "someones": "someone's", "somethingd": "something'd", "somethingd've": "something'd've",
        "something'dve": "something'd've", "somethingll": "something'll", "thats": "that's", "thered": "there'd",
        "thered've": "there'd've", "there'dve": "there'd've", "therere": "there're", "theres": "there's",
        "theyd": "they'd", "theyd've": "they'd've", "they'dve": "they'd've", "theyll": "they'll", "theyre": "they're",
        "theyve": "they've", "twas": "'twas", "wasnt": "wasn't", "wed've": "we'd've", "we'dve": "we'd've",
        "weve": "we've", "werent": "weren't", "whatll": "what'll", "whatre": "what're", "whats": "what's",
        "whatve": "what've", "whens": "when's", "whered": "where'd", "wheres": "where's", "whereve": "where've",
        "whod": "who'd", "whod've": "who'd've", "who'dve": "who'd've", "wholl": "who'll", "whos": "who's",
        "whove": "who've", "whyll": "why'll", "whyre": "why're", "whys": "why's", "wont": "won't",
        "wouldve": "would've", "wouldnt": "wouldn't", "wouldnt've": "wouldn't've", "wouldn'tve": "wouldn't've",
        "yall": "y'all", "yall'll": "y'all'll", "y'allll": "y'all'll", "yall'd've": "y'all'd've",
        "y'alld've": "y'all'd've", "y'all'dve": "y'all'd've", "youd": "you'd", "youd've": "you'd've",
        "you'dve": "you'd've", "youll": "you'll", "youre": "you're", "youve": "you've",
    ]
}

extension String {
    /// Literal replacement over code points (Foundation's version compares canonically).
    func replacingOccurrences(_ target: String, with replacement: String) -> String {
        let source = Array(utf8)
        let pattern = Array(target.utf8)
        guard !pattern.isEmpty, source.count >= pattern.count else { return self }
        var output: [UInt8] = []
        output.reserveCapacity(source.count)
        var index = 0
        while index < source.count {
            if index + pattern.count <= source.count, source[index..<(index + pattern.count)].elementsEqual(pattern) {
                output += replacement.utf8
                index += pattern.count
            } else {
                output.append(source[index])
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
