// Reading MathVista annotation files (testmini.json) and model output files (output_*.json), with
// errors that name the file, the record and what was expected. See docs/answers.md, "Correctness",
// "Aggregation" and "Python semantics".

import Answers
import Foundation
import JSON

/// A bad input file: one line naming the file, the record and what was expected.
public struct MathVistaInputError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// One record of an output file: the problem plus what the model said.
public struct MathVistaOutput: Sendable {
    public var problem: MathVistaProblem
    /// nil when the record has no `response` key.
    public var response: String?
    /// nil when the record has no `extraction` key (the official scripts crash on that:
    /// docs/answers.md, "Failure modes of the official scripts").
    public var extraction: JSONValue?
}

/// An output file read against its annotations.
public struct MathVistaOutputFile: Sendable {
    public var outputs: [MathVistaOutput]
    /// Annotated problems the file has no record for; the official average is over the records only.
    public var unansweredPids: [String]
}

public enum MathVistaRecords {
    /// Records keyed by pid, in file order. Accepts the official layout (an object keyed by pid)
    /// and a list of records that each carry `pid`.
    public static func readKeyedRecords(path: String) throws(MathVistaInputError) -> [(pid: String, record: JSONObject)] {
        let name = (path as NSString).lastPathComponent
        let bytes: Data
        do { bytes = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            let reason = (error as NSError).localizedFailureReason ?? "cannot be read"
            throw MathVistaInputError("\(path): cannot read the file (\(reason))")
        }
        let document: JSONValue
        do { document = try JSONValue(parsing: bytes) } catch {
            throw MathVistaInputError("\(name): not a JSON file (\(error)); expected MathVista records keyed by pid")
        }
        var records: [(pid: String, record: JSONObject)] = []
        switch document {
        case .object(let object):
            for (pid, value) in object {
                guard case .object(let record) = value else {
                    throw MathVistaInputError("\(name): record \"\(pid)\" is \(kind(value)); expected an object")
                }
                records.append((pid, record))
            }
        case .array(let elements):
            var seen = Set<String>()
            for (position, value) in elements.enumerated() {
                guard case .object(let record) = value else {
                    throw MathVistaInputError("\(name): record #\(position + 1) is \(kind(value)); expected an object")
                }
                let pid: String
                switch record["pid"] {
                case .string(let text)?: pid = text
                case .integer(let number)?: pid = String(number)
                case nil: throw MathVistaInputError("\(name): record #\(position + 1) has no \"pid\"; expected a string")
                case let other?: throw MathVistaInputError("\(name): record #\(position + 1) has \"pid\" \(kind(other)); expected a string")
                }
                guard seen.insert(pid).inserted else {
                    throw MathVistaInputError("\(name): record #\(position + 1) repeats pid \"\(pid)\"")
                }
                records.append((pid, record))
            }
        default:
            throw MathVistaInputError("\(name): the file holds \(kind(document)); expected an object of records keyed by pid")
        }
        return records
    }

    /// Reads an output file against its annotations. A pid missing from the annotations is an
    /// error: the file was made for another benchmark or split.
    public static func readOutputs(path: String, annotationsPath: String) throws(MathVistaInputError) -> MathVistaOutputFile {
        let annotations = try readKeyedRecords(path: annotationsPath)
        var annotationIndex: [String: JSONObject] = [:]
        for (pid, record) in annotations { annotationIndex[pid] = record }
        let name = (path as NSString).lastPathComponent
        let annotationsName = (annotationsPath as NSString).lastPathComponent
        let outputs = try readKeyedRecords(path: path).map { (entry) throws(MathVistaInputError) -> MathVistaOutput in
            guard let annotation = annotationIndex[entry.pid] else {
                throw MathVistaInputError(
                    "\(name): record \"\(entry.pid)\": pid not in the annotations \(annotationsName); expected outputs for the same benchmark split"
                )
            }
            return try output(entry.record, pid: entry.pid, annotation: annotation, file: name)
        }
        let answered = Set(outputs.map(\.problem.pid))
        return MathVistaOutputFile(outputs: outputs, unansweredPids: annotations.map(\.pid).filter { !answered.contains($0) })
    }

    /// Merges one output record over its annotation and checks the fields the scorer needs.
    public static func output(_ record: JSONObject, pid: String, annotation: JSONObject, file: String) throws(MathVistaInputError)
        -> MathVistaOutput
    {
        func field(_ key: String) -> JSONValue? { record[key] ?? annotation[key] }
        func requiredString(_ key: String, expected: String) throws(MathVistaInputError) -> String {
            guard case .string(let text)? = field(key) else {
                throw MathVistaInputError("\(file): record \"\(pid)\": \"\(key)\" is \(kind(field(key))); expected \(expected)")
            }
            return text
        }
        let questionType = try requiredString("question_type", expected: "\"multi_choice\" or \"free_form\"")
        let answerType = try requiredString("answer_type", expected: "\"integer\", \"float\", \"list\" or \"text\"")
        var choices: [String] = []
        if questionType == "multi_choice" {
            let value = field("choices")
            guard case .array(let elements)? = value, !elements.isEmpty,
                let strings = Optional(elements.compactMap(\.stringValue)), strings.count == elements.count
            else {
                throw MathVistaInputError("\(file): record \"\(pid)\": \"choices\" is \(kind(value)); expected a non-empty list of strings")
            }
            choices = strings
        }
        guard let answer = field("answer") else {
            throw MathVistaInputError("\(file): record \"\(pid)\": no \"answer\" here or in the annotations")
        }
        var attributes: [String: JSONValue] = [:]
        for (key, value) in record where key != "metadata" { attributes[key] = value }
        attributes["question_type"] = .string(questionType)
        attributes["answer_type"] = .string(answerType)
        switch field("metadata") {
        case .object(let metadata)?: for (key, value) in metadata { attributes[key] = value }
        case nil, .null?: break
        case let other?: throw MathVistaInputError("\(file): record \"\(pid)\": \"metadata\" is \(kind(other)); expected an object")
        }
        let problem = MathVistaProblem(
            pid: pid, questionType: questionType, answerType: answerType, choices: choices, precision: field("precision"),
            answer: answer, query: field("query")?.stringValue ?? "", attributes: attributes)
        var response: String?
        switch record["response"] {
        case .string(let text)?: response = text
        case nil, .null?: response = nil
        case let other?: response = PythonValues.str(other)
        }
        return MathVistaOutput(problem: problem, response: response, extraction: record["extraction"])
    }

    static func kind(_ value: JSONValue?) -> String {
        switch value {
        case nil: return "missing"
        case .null?: return "null"
        case .bool?: return "a boolean"
        case .integer?, .number?: return "a number"
        case .string?: return "a string"
        case .array?: return "a list"
        case .object?: return "an object"
        }
    }
}
