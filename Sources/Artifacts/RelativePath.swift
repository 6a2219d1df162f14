// Paths written into exported folders are relative, so a folder can move whole: InternVL's
// trainer and the `datasets` package take them from the folder they run in.
import Foundation

/// `path` relative to `base` (both taken from the current directory when relative), with `..`
/// where it lies outside; symbolic links are not followed, so the result names the folders as
/// the user wrote them. The same folder is ".".
public func relativePath(_ path: String, from base: String) -> String {
    func components(_ path: String) -> [String] {
        URL(fileURLWithPath: path).standardizedFileURL.pathComponents.filter { $0 != "/" }
    }
    let target = components(path), origin = components(base)
    let shared = zip(target, origin).prefix { $0 == $1 }.count
    let steps = Array(repeating: "..", count: origin.count - shared) + target[shared...]
    return steps.isEmpty ? "." : steps.joined(separator: "/")
}
