// `mmpr-import mathvista`: MathVista's annotation file (testmini.json: an object keyed by pid, or
// a list) and its images folder → a problems artifact. Every record is kept whole, key order and
// unknown keys included; images are packed as they are (jpg or png), under the record's own path.
import JSON

public enum MathVistaImport {
    /// The records of an annotation document, validated, in file order.
    public static func records(_ document: JSONValue, file: String) throws -> [ProblemRecord] {
        switch document {
        case .object(let object):
            return try object.map { key, json in
                let record = try ProblemRecord(json: json, line: "\(file): pid \(key)")
                guard record.pid == key else { throw RecordError("\(file): the record under key \(key) has pid \(record.pid)") }
                return record
            }
        case .array(let array):
            return try array.enumerated().map { try ProblemRecord(json: $1, line: "\(file): record \($0 + 1)") }
        default:
            throw RecordError("\(file): expected an object keyed by pid (or a list of records)")
        }
    }
}
