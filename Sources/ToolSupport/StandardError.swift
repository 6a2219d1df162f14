// Unbuffered writes to standard error by file descriptor: Swift 6 rejects the C `stderr` global,
// and stdout may be carrying an artifact, so diagnostics never go anywhere but fd 2.
import Foundation

public enum StandardError {
    public static func write(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { buffer in
                Foundation.write(2, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written <= 0 { return }
            offset += written
        }
    }

    /// Whether standard error is a terminal (progress lines redraw in place only there).
    public static var isTerminal: Bool { isatty(2) == 1 }
}
