// The errors TensorCore reports: shape mismatches (naming the op and both shapes) and unreadable
// files (naming the file). Shape rules are throwing functions the tests call; the ops trap on them.

public enum TensorError: Error, CustomStringConvertible, Equatable {
    /// `op` got operands of shapes `lhs` and `rhs`; `expected` says what it needs.
    case shapeMismatch(op: String, lhs: [Int], rhs: [Int], expected: String)
    /// A file that cannot be read or written as asked.
    case file(path: String, message: String)

    public var description: String {
        switch self {
        case let .shapeMismatch(op, lhs, rhs, expected):
            return "\(op): shape mismatch \(lhs) vs \(rhs) (expected \(expected))"
        case let .file(path, message):
            return "\(path): \(message)"
        }
    }
}

/// Throws a shape mismatch for `op` unless `condition` holds.
func shapeRule(_ condition: Bool, _ op: String, _ lhs: [Int], _ rhs: [Int], _ expected: @autoclosure () -> String) throws(TensorError) {
    if !condition { throw .shapeMismatch(op: op, lhs: lhs, rhs: rhs, expected: expected()) }
}

/// Evaluates a shape rule inside an op: misuse in code stops the program with the rule's message.
func checked<T>(_ rule: () throws(TensorError) -> T, file: StaticString = #file, line: UInt = #line) -> T {
    do { return try rule() } catch { preconditionFailure(error.description, file: file, line: line) }
}
