// Reads an artifact as a stream, from a path or standard input, checking every rule of docs/artifacts.md
// on the way: manifest first and of a known version, each entry listed in the manifest, in its
// order, once, with a safe name, a canonical header, the listed size and the listed XXH3-128.
// Nothing is held in memory but a 1 MiB buffer, unless the caller asks for a whole entry.
import CArchive
import Foundation
import JSON

public final class ArtifactReader {
    /// The path as given, or "<stdin>".
    public let file: String
    public private(set) var manifest: Manifest
    private let archive: OpaquePointer
    private let source: ArchiveSource
    private var nextPosition = 0
    private var seen: Set<String> = [EntryName.manifest]
    private var current: ArtifactEntry?
    private var finished = false
    private var manifestRead = false
    /// With `canonical: true`: what our writer would make of what is read, to compare at the end.
    private var echo: CanonicalEncoder?
    private var manifestText: [UInt8] = []

    /// The largest manifest accepted: a manifest is metadata, so anything bigger is not one.
    static let manifestLimit = 64 << 20

    /// Opens `path` ("-" for standard input) and reads and checks the manifest. With `canonical`,
    /// `verifyRemaining` also checks every byte outside the entries (see CanonicalEncoder).
    public init(path: String, canonical: Bool = false) throws {
        let input = try InputFile(path: path)
        file = input.displayName
        source = ArchiveSource(input: input)
        guard let archive = archive_read_new() else {
            input.close()
            throw ArtifactError(file: file, "libarchive could not allocate a reader")
        }
        self.archive = archive
        archive_read_support_format_tar(archive)
        manifest = Manifest(kind: "", tool: .init(name: "", version: ""))
        let context = Unmanaged.passUnretained(source).toOpaque()
        guard archive_read_open(archive, context, nil, archiveSourceRead, nil) == ARCHIVE_OK else {
            throw readFailure(entry: nil)
        }

        guard let header = try nextHeader() else {
            throw ArtifactError(file: file, "holds no entries; expected \(EntryName.manifest) first")
        }
        guard header.name == EntryName.manifest else {
            throw ArtifactError(file: file, entry: header.name, "expected \(EntryName.manifest) as the first entry")
        }
        try checkCanonical(header)
        guard header.size <= Self.manifestLimit else {
            throw ArtifactError(
                file: file, entry: header.name, "is \(header.size) bytes, over the \(Self.manifestLimit >> 20) MiB limit for a manifest")
        }
        if canonical {
            echo = CanonicalEncoder()
            echo?.begin(name: EntryName.manifest, size: header.size)
        }
        let bytes = try readFully(count: Int(header.size), entry: header.name)
        let json: JSONValue
        do {
            json = try JSONValue(parsing: bytes)
        } catch {
            throw ArtifactError(file: file, entry: EntryName.manifest, "not valid JSON (\(error))")
        }
        manifest = try Manifest(json: json, file: file)
        if canonical { manifestText = bytes }
        manifestRead = true
    }

    deinit {
        archive_read_free(archive)
        source.input.close()
    }

    /// The next payload entry, or nil after the last one. Advancing first reads and verifies
    /// whatever the caller left unread of the previous entry, so every byte is always checked.
    public func nextEntry() throws -> ArtifactEntry? {
        if let current {
            try current.skipRest()
            self.current = nil
        }
        if finished { return nil }
        guard let header = try nextHeader() else {
            finished = true
            if nextPosition < manifest.entries.count {
                let missing = manifest.entries[nextPosition].name
                throw ArtifactError(file: file, entry: missing, "listed in the manifest but missing from the archive")
            }
            return nil
        }
        guard !header.name.isEmpty else {
            let previous = nextPosition == 0 ? EntryName.manifest : manifest.entries[nextPosition - 1].name
            throw ArtifactError(file: file, "the entry header after '\(previous)' has no name: a corrupt or foreign tar header")
        }
        try checkCanonical(header)
        if let problem = EntryName.problem(with: header.name) {
            throw ArtifactError(file: file, entry: header.name, problem)
        }
        guard seen.insert(header.name).inserted else {
            throw ArtifactError(file: file, entry: header.name, "duplicate entry")
        }
        guard nextPosition < manifest.entries.count, manifest.entries[nextPosition].name == header.name else {
            if manifest.entries.contains(where: { $0.name == header.name }) {
                let expected = nextPosition < manifest.entries.count ? manifest.entries[nextPosition].name : "the end of the archive"
                throw ArtifactError(file: file, entry: header.name, "out of order: the manifest lists '\(expected)' next")
            }
            throw ArtifactError(file: file, entry: header.name, "not listed in the manifest")
        }
        let listed = manifest.entries[nextPosition]
        nextPosition += 1
        guard header.size == listed.size else {
            throw ArtifactError(file: file, entry: header.name, "is \(header.size) bytes but the manifest says \(listed.size)")
        }
        echo?.begin(name: header.name, size: header.size)
        let entry = ArtifactEntry(reader: self, listed: listed)
        current = entry
        return entry
    }

    /// Reads and verifies everything that is left, and returns the artifact's own hash (the
    /// XXH3-128 of every byte of the file, computed on the same single pass).
    @discardableResult
    public func verifyRemaining() throws -> ContentHash {
        while try nextEntry() != nil {}
        let hash = try source.drainAndHash()
        if let echo {
            // Last, so that a more specific refusal (a hash, an order, a size) is always the one reported.
            guard manifest.canonicalBytes == manifestText else {
                throw ArtifactError(
                    file: file, entry: EntryName.manifest, "not in canonical form (sorted keys, no spaces, one final newline)")
            }
            let expected = echo.finish()
            guard expected.hash == hash, expected.count == source.bytesRead else {
                throw ArtifactError(
                    file: file,
                    "bytes outside the entries are not canonical (\(source.bytesRead) bytes where the canonical form has \(expected.count)): "
                        + "padding, extended headers, end-of-archive blocks or trailing data differ")
            }
        }
        return hash
    }

    // MARK: - libarchive plumbing

    struct Header {
        var name: String
        var size: Int64
        var fileType: UInt32
        var permissions: UInt32
        var modificationTime: Int
        var userID: Int64
        var groupID: Int64
        var hasOwnerNames: Bool
    }

    private func nextHeader() throws -> Header? {
        var entry: OpaquePointer?
        let status = UTF8Locale.run { archive_read_next_header(archive, &entry) }
        if status == ARCHIVE_EOF { return nil }
        guard status >= ARCHIVE_WARN, let entry else { throw readFailure(entry: nil) }
        return UTF8Locale.run {
            let name =
                archive_entry_pathname_utf8(entry).map { String(cString: $0) }
                ?? archive_entry_pathname(entry).map { String(cString: $0) } ?? ""
            return Header(
                name: name,
                size: archive_entry_size(entry),
                fileType: UInt32(archive_entry_filetype(entry)),
                permissions: UInt32(archive_entry_perm(entry)),
                modificationTime: archive_entry_mtime(entry),
                userID: archive_entry_uid(entry),
                groupID: archive_entry_gid(entry),
                hasOwnerNames: [archive_entry_uname(entry), archive_entry_gname(entry)].contains { $0 != nil && $0!.pointee != 0 })
        }
    }

    /// Artifacts are canonical by definition: a header that differs is a modified archive.
    private func checkCanonical(_ header: Header) throws {
        func fail(_ problem: String) -> ArtifactError { ArtifactError(file: file, entry: header.name, problem) }
        guard header.fileType == CArchive_AE_IFREG else { throw fail("not a regular file") }
        guard header.modificationTime == 0 else { throw fail("non-canonical header: mtime \(header.modificationTime), expected 0") }
        guard header.permissions == 0o644 else {
            throw fail("non-canonical header: mode \(String(header.permissions, radix: 8)), expected 644")
        }
        guard header.userID == 0, header.groupID == 0, !header.hasOwnerNames else {
            throw fail("non-canonical header: owner set, expected uid/gid 0 and no names")
        }
    }

    /// Copies entry data into `buffer`; 0 at the end of the entry.
    func readData(into buffer: UnsafeMutableRawBufferPointer, entry: String) throws -> Int {
        let count = archive_read_data(archive, buffer.baseAddress, buffer.count)
        guard count >= 0 else { throw readFailure(entry: entry) }
        echo?.data(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        return count
    }

    private func readFully(count: Int, entry: String) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        try bytes.withUnsafeMutableBytes { raw in
            while filled < count {
                let got = try readData(into: UnsafeMutableRawBufferPointer(rebasing: raw[filled...]), entry: entry)
                if got == 0 { throw ArtifactError(file: file, entry: entry, "truncated: the archive ends inside this entry") }
                filled += got
            }
        }
        return bytes
    }

    /// Turns a libarchive failure into one line: empty input, not a tar, truncated, or as it says.
    private func readFailure(entry: String?) -> ArtifactError {
        if let failure = source.failure { return failure }
        if source.bytesRead == 0 {
            return ArtifactError(file: file, "is empty; expected an artifact (a tar archive starting with \(EntryName.manifest))")
        }
        let message = archive_error_string(archive).map { String(cString: $0) } ?? "unreadable archive"
        if message.localizedCaseInsensitiveContains("truncated") {
            return ArtifactError(file: file, entry: entry, "truncated: the archive ends inside \(entry == nil ? "a header" : "this entry")")
        }
        if !manifestRead {
            return ArtifactError(file: file, "not an artifact: not a tar archive (\(message))")
        }
        return ArtifactError(file: file, entry: entry, message)
    }
}

/// One payload entry being read. Its bytes are hashed as they are read; the read that reaches
/// the end compares size and hash with the manifest and throws instead of returning the last
/// chunk if they differ.
public final class ArtifactEntry {
    public let name: String
    public let size: Int64
    public let hash: ContentHash
    private unowned let reader: ArtifactReader
    private let hasher = ContentHasher()
    private var remaining: Int64
    private var verified = false

    init(reader: ArtifactReader, listed: Manifest.Entry) {
        self.reader = reader
        name = listed.name
        size = listed.size
        hash = listed.hash
        remaining = listed.size
    }

    /// Reads the next chunk into `buffer`; returns 0 once the entry is complete and verified.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if remaining == 0 {
            try verify()
            return 0
        }
        let limit = Int(min(Int64(buffer.count), remaining))
        let count = try reader.readData(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<limit]), entry: name)
        if count == 0 {
            throw ArtifactError(file: reader.file, entry: name, "truncated: the archive ends inside this entry")
        }
        let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
        hasher.update(chunk)
        remaining -= Int64(count)
        if remaining == 0 { try verify() }
        return count
    }

    /// The whole entry in memory (for entries the caller knows to be small). Memory grows with
    /// the bytes actually read, never with the size the manifest declares: a manifest that lies
    /// about a size in a small file ends in "truncated", not in a giant allocation.
    public func readAll() throws -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(min(size, 64 << 20)))
        try forEachChunk { bytes.append(contentsOf: $0) }
        return bytes
    }

    /// Streams the entry through `body` chunk by chunk.
    public func forEachChunk(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
        defer { buffer.deallocate() }
        while true {
            let count = try read(into: buffer)
            if count == 0 { return }
            try body(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
    }

    func skipRest() throws {
        try forEachChunk { _ in }
    }

    private func verify() throws {
        if verified { return }
        let actual = hasher.finalize()
        guard actual == hash else {
            throw ArtifactError(
                file: reader.file, entry: name,
                "content does not match its hash (XXH3-128 \(actual), manifest says \(hash)): the file is corrupt")
        }
        verified = true
    }
}

/// Feeds libarchive from the input file through one reusable 1 MiB buffer.
private final class ArchiveSource {
    let input: InputFile
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
    let hasher = ContentHasher()
    var bytesRead: Int64 = 0
    var failure: ArtifactError?

    init(input: InputFile) { self.input = input }
    deinit { buffer.deallocate() }

    func next(_ out: UnsafeMutablePointer<UnsafeRawPointer?>?) -> Int {
        do {
            let count = try input.read(into: buffer)
            bytesRead += Int64(count)
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            out?.pointee = UnsafeRawPointer(buffer.baseAddress)
            return count
        } catch {
            failure = error as? ArtifactError
            return -1
        }
    }

    /// Hashes what libarchive left unread after the end-of-archive marker, then the whole file's hash.
    func drainAndHash() throws -> ContentHash {
        while true {
            let count = try input.read(into: buffer)
            if count == 0 { return hasher.finalize() }
            bytesRead += Int64(count)
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
    }
}

private func archiveSourceRead(
    _ archive: OpaquePointer?, _ context: UnsafeMutableRawPointer?, _ out: UnsafeMutablePointer<UnsafeRawPointer?>?
) -> Int {
    Unmanaged<ArchiveSource>.fromOpaque(context!).takeUnretainedValue().next(out)
}
