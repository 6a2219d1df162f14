// An independent ustar writer for the tests: it builds archives our writer would never make
// (duplicates, absolute and '..' paths, missing or extra entries), byte by byte from POSIX's
// header layout, so the reader's refusals are tested against archives it did not produce.
import Foundation

struct TarBuilder {
    private(set) var bytes: [UInt8] = []

    /// `declaredSize` puts another size in the header than the content has (a lying archive).
    mutating func add(_ name: String, _ content: [UInt8], mode: Int = 0o644, mtime: Int = 0, declaredSize: Int? = nil) {
        var header = [UInt8](repeating: 0, count: 512)
        func put(_ text: String, at offset: Int, width: Int) {
            let utf8 = Array(text.utf8)
            precondition(utf8.count <= width, "tar field too long: \(text)")
            header.replaceSubrange(offset..<offset + utf8.count, with: utf8)
        }
        func octal(_ value: Int, at offset: Int, width: Int) {
            let digits = String(value, radix: 8)
            put(String(repeating: "0", count: width - 1 - digits.count) + digits, at: offset, width: width)
        }
        put(name, at: 0, width: 100)
        octal(mode, at: 100, width: 8)
        octal(0, at: 108, width: 8)  // uid
        octal(0, at: 116, width: 8)  // gid
        octal(declaredSize ?? content.count, at: 124, width: 12)
        octal(mtime, at: 136, width: 12)
        put("0", at: 156, width: 1)  // regular file
        put("ustar", at: 257, width: 6)
        put("00", at: 263, width: 2)
        // The checksum is the byte sum with its own field read as eight spaces.
        header.replaceSubrange(148..<156, with: Array(repeating: UInt8(ascii: " "), count: 8))
        let sum = header.reduce(0) { $0 + Int($1) }
        octal(sum, at: 148, width: 7)
        bytes += header
        bytes += content
        bytes += [UInt8](repeating: 0, count: (512 - content.count % 512) % 512)
    }

    /// The archive with its end marker (two zero records).
    var archive: [UInt8] { bytes + [UInt8](repeating: 0, count: 1024) }
}
