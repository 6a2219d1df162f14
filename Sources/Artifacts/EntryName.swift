// The rule for entry names inside an artifact: relative, '/'-separated, no empty, "." or ".."
// components, no NUL, and never "manifest.json" (reserved for the first entry).

public enum EntryName {
    public static let manifest = "manifest.json"

    /// Why `name` is not a valid payload entry name, or nil when it is.
    public static func problem(with name: String) -> String? {
        if name.isEmpty { return "empty entry name" }
        if name.hasPrefix("/") { return "absolute path (entry names must be relative)" }
        if name.utf8.contains(0) { return "NUL byte in entry name" }
        if name.utf8.contains(UInt8(ascii: "\\")) { return "backslash in entry name (use '/')" }
        for component in name.split(separator: "/", omittingEmptySubsequences: false) {
            switch component {
            case "": return "empty path component (a doubled or trailing '/')"
            case ".": return "'.' path component"
            case "..": return "'..' path component (entries must stay inside the artifact)"
            default: continue
            }
        }
        if name == manifest { return "'\(manifest)' is reserved for the first entry" }
        return nil
    }
}
