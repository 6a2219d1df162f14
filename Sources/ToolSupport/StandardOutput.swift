// Raw writes to standard output by file descriptor, for tools that stream bytes (an entry, an
// artifact) rather than text lines; never mixed with `print` in the same command.
import Foundation

public enum StandardOutput {
    public static func write(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let count = Foundation.write(1, bytes.baseAddress! + offset, bytes.count - offset)
            if count < 0 {
                if errno == EINTR { continue }
                throw InternalFailure("writing to standard output failed: \(String(cString: strerror(errno)))")
            }
            offset += count
        }
    }

    public static func write(_ text: String) throws {
        var text = text
        try text.withUTF8 { try write(UnsafeRawBufferPointer($0)) }
    }
}
