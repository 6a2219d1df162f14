// The toolkit's version: every tool reports it (`--version`) and records it in its manifests.
// Bump it when a tool's output for the same inputs changes.

public enum ToolkitVersion {
    public static let current = "0.3.0"
}
