// XXH3-128 content hashes: the identity of every artifact and every entry (docs/artifacts.md).
// Printed as `xxhsum -H2` prints them: 16 hex digits of the high half, then 16 of the low half.
import CXXHash
import Foundation

public struct ContentHash: Hashable, Sendable, CustomStringConvertible {
    public let high: UInt64
    public let low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Parses the 32-digit form printed by `xxhsum -H2` (and by `description`).
    public init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count == 32,
            let high = UInt64(String(decoding: digits[0..<16], as: UTF8.self), radix: 16),
            let low = UInt64(String(decoding: digits[16..<32], as: UTF8.self), radix: 16)
        else { return nil }
        self.init(high: high, low: low)
    }

    public var description: String { Self.hex16(high) + Self.hex16(low) }

    private static func hex16(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// The hash of a byte buffer in one call.
    public static func of(_ bytes: UnsafeRawBufferPointer) -> ContentHash {
        let hash = CXXHash_XXH3_128(bytes.baseAddress, bytes.count)
        return ContentHash(high: hash.high64, low: hash.low64)
    }

    public static func of(_ bytes: some ContiguousBytes) -> ContentHash {
        bytes.withUnsafeBytes { of($0) }
    }
}

/// Incremental XXH3-128: feed bytes in any chunking, get the same hash as one call.
public final class ContentHasher {
    private let state: OpaquePointer

    public init() {
        state = XXH3_createState()
        XXH3_128bits_reset(state)
    }

    deinit { XXH3_freeState(state) }

    public func update(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        _ = CXXHash_XXH3_128_update(state, bytes.baseAddress, bytes.count)
    }

    public func update(_ bytes: some ContiguousBytes) {
        bytes.withUnsafeBytes { update($0) }
    }

    public func finalize() -> ContentHash {
        let hash = XXH3_128bits_digest(state)
        return ContentHash(high: hash.high64, low: hash.low64)
    }
}

extension ContentHash {
    /// Hashes a file (or standard input for "-") by streaming it through a 1 MiB buffer.
    public static func ofFile(_ path: String) throws -> ContentHash {
        let input = try InputFile(path: path)
        defer { input.close() }
        let hasher = ContentHasher()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
        defer { buffer.deallocate() }
        while true {
            let count = try input.read(into: buffer)
            if count == 0 { break }
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
        return hasher.finalize()
    }
}
