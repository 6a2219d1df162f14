// Images an importer packs from a folder: each record names a path relative to a root; missing
// files are collected and reported together (the first 10 by name, then a count), so one run
// tells the user everything that is wrong.
import Foundation

public struct ImageFolder {
    public let root: String

    public init(root: String) { self.root = root }

    /// The bytes of every path, or an error listing the missing ones.
    public func load(_ paths: [String], file: String) throws -> [String: [UInt8]] {
        var loaded: [String: [UInt8]] = [:], missing: [String] = []
        for path in Set(paths).sorted() {
            if let data = FileManager.default.contents(atPath: (root as NSString).appendingPathComponent(path)) {
                loaded[path] = [UInt8](data)
            } else {
                missing.append(path)
            }
        }
        guard missing.isEmpty else { throw RecordError(Self.missingMessage(missing, root: root, file: file)) }
        return loaded
    }

    /// "FILE: N image(s) not found under ROOT: the first 10, and M more".
    public static func missingMessage(_ missing: [String], root: String, file: String) -> String {
        let shown = missing.prefix(10).joined(separator: ", ")
        let more = missing.count > 10 ? " and \(missing.count - 10) more" : ""
        return "\(file): \(missing.count) image(s) not found under \(root): \(shown)\(more)"
    }
}
