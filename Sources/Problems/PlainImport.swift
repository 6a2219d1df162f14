// `mmpr-import plain`: `{"image", "question", "answer"}` lines → a problems artifact. Each line
// becomes a free-form record (pid = its "id" or "pid" field, else the line number), the answer
// type inferred from the answer's text (integer, float with its decimals as precision, or text),
// metadata {split, source: the file's name}; every other field is kept as it is.
import JSON

public enum PlainImport {
    /// MathVista's answer type for an answer text, and the precision of a float.
    public static func answerType(of answer: String) -> (type: String, precision: Int?) {
        let digits = answer.hasPrefix("-") ? String(answer.dropFirst()) : answer
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        let allDigits = { (part: Substring) in !part.isEmpty && part.allSatisfy { $0.isASCII && $0.isNumber } }
        if parts.count == 1, allDigits(parts[0]) { return ("integer", nil) }
        if parts.count == 2, allDigits(parts[0]), allDigits(parts[1]) { return ("float", parts[1].count) }
        return ("text", nil)
    }

    public static func record(_ json: JSONValue, line: Int, file: String, split: String, source: String) throws -> ProblemRecord {
        let name = "\(file) line \(line)"
        guard case .object(let object) = json else { throw RecordError("\(name): expected a JSON object") }
        guard let image = object["image"]?.stringValue else { throw RecordError("\(name): \"image\" must be a string") }
        guard let question = object["question"]?.stringValue else { throw RecordError("\(name): \"question\" must be a string") }
        let answer: String?
        switch object["answer"] {
        case .string(let text)?: answer = text
        case .integer(let value)?: answer = String(value)
        case .null?, nil: answer = nil
        default: throw RecordError("\(name): \"answer\" must be a string, an integer or null")
        }
        let id =
            object["id"].flatMap { $0.stringValue ?? $0.integerValue.map { String($0) } }
            ?? object["pid"].flatMap { $0.stringValue ?? $0.integerValue.map { String($0) } } ?? String(line)
        let inferred: (type: String, precision: Int?) = answer.map(answerType(of:)) ?? ("text", nil)
        var record: JSONObject = [
            "pid": .string(id), "question": .string(question), "image": .string(image), "choices": .null, "unit": .null,
            "precision": inferred.precision.map { .integer(Int64($0)) } ?? .null, "answer": answer.map(JSONValue.string) ?? .null,
            "question_type": "free_form", "answer_type": .string(inferred.type),
            "metadata": ["split": .string(split), "source": .string(source)],
        ]
        for (key, value) in object where record[key] == nil { record[key] = value }
        return try ProblemRecord(json: .object(record), line: name)
    }
}
