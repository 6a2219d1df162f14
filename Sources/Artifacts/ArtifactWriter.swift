// Writes an artifact: a canonical pax tar whose first entry is the manifest (docs/artifacts.md).
// Canonical: entries in the order they were added, mtime 0, uid/gid 0, mode 0644, no user or
// group names, no padding to tar's 10 KiB records — so the same content gives the same bytes.
import CArchive
import Foundation
import JSON

public final class ArtifactWriter {
    /// Everything but `entries`, which `add` fills in.
    public var manifest: Manifest
    private var sources: [Source] = []

    private enum Source {
        case bytes([UInt8])
        case file(path: String)
    }

    public init(
        kind: String, tool: Manifest.Tool, parameters: JSONObject = [:], inputs: [Manifest.Input] = [],
        environment: JSONObject = [:], stats: JSONObject = [:]
    ) {
        manifest = Manifest(kind: kind, tool: tool, parameters: parameters, inputs: inputs, environment: environment, stats: stats)
    }

    /// Adds an entry held in memory.
    public func add(_ name: String, bytes: [UInt8]) throws {
        try checkNew(name)
        manifest.entries.append(Manifest.Entry(name: name, size: Int64(bytes.count), hash: ContentHash.of(bytes)))
        sources.append(.bytes(bytes))
    }

    /// Adds an entry streamed from a file: hashed now, copied (and hashed again) when written, so
    /// a file that changes in between is refused instead of being recorded wrongly.
    public func add(_ name: String, contentsOf path: String) throws {
        try checkNew(name)
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw ArtifactError(file: path, "cannot read: \(String(cString: strerror(errno)))")
        }
        let hash = try ContentHash.ofFile(path)
        manifest.entries.append(Manifest.Entry(name: name, size: Int64(status.st_size), hash: hash))
        sources.append(.file(path: path))
    }

    private func checkNew(_ name: String) throws {
        if let problem = EntryName.problem(with: name) { throw ArtifactError(file: "<new artifact>", entry: name, problem) }
        if manifest.entries.contains(where: { $0.name == name }) {
            throw ArtifactError(file: "<new artifact>", entry: name, "added twice")
        }
    }

    /// Writes the artifact and returns its hash (the XXH3-128 of the bytes written). A path is
    /// written atomically; on any error nothing appears under the final name.
    @discardableResult
    public func write(to destination: ArtifactDestination) throws -> ContentHash {
        let output = try AtomicOutputFile(destination)
        do {
            let sink = ArchiveSink(output: output)
            try withExtendedLifetime(sink) { try writeArchive(into: sink) }
            try output.commit()
            return sink.hasher.finalize()
        } catch {
            output.abandon()
            throw error
        }
    }

    private func writeArchive(into sink: ArchiveSink) throws {
        let file = sink.output?.destination.displayName ?? "<canonical form>"
        guard let archive = archive_write_new() else { throw ArtifactError(file: file, "libarchive could not allocate a writer") }
        defer { archive_write_free(archive) }
        archive_write_set_format_pax_restricted(archive)
        archive_write_set_bytes_per_block(archive, 0)
        let context = Unmanaged.passUnretained(sink).toOpaque()
        guard archive_write_open2(archive, context, nil, archiveSinkWrite, nil, nil) == ARCHIVE_OK else {
            throw sink.failure ?? ArtifactError(file: file, String(cString: archive_error_string(archive)))
        }

        func check(_ status: Int32, entry: String) throws {
            guard status >= ARCHIVE_WARN else {
                throw sink.failure ?? ArtifactError(file: file, entry: entry, String(cString: archive_error_string(archive)))
            }
        }

        let manifestBytes = manifest.canonicalBytes
        try check(Self.writeHeader(archive, name: EntryName.manifest, size: Int64(manifestBytes.count)), entry: EntryName.manifest)
        try writeData(archive, manifestBytes, entry: EntryName.manifest, check: check)

        for (entry, source) in zip(manifest.entries, sources) {
            try check(Self.writeHeader(archive, name: entry.name, size: entry.size), entry: entry.name)
            switch source {
            case .bytes(let bytes):
                try writeData(archive, bytes, entry: entry.name, check: check)
            case .file(let path):
                try copyFile(path, into: archive, expecting: entry, check: check)
            }
        }
        try check(archive_write_close(archive), entry: "end of archive")
    }

    static func writeHeader(_ archive: OpaquePointer, name: String, size: Int64) -> Int32 {
        guard let header = archive_entry_new() else { return ARCHIVE_FATAL }
        defer { archive_entry_free(header) }
        return UTF8Locale.run {
            archive_entry_set_pathname_utf8(header, name)
            archive_entry_set_size(header, size)
            archive_entry_set_filetype(header, CArchive_AE_IFREG)
            archive_entry_set_perm(header, 0o644)
            archive_entry_set_mtime(header, 0, 0)
            archive_entry_set_uid(header, 0)
            archive_entry_set_gid(header, 0)
            return archive_write_header(archive, header)
        }
    }

    private func writeData(
        _ archive: OpaquePointer, _ bytes: UnsafeRawBufferPointer, entry: String, check: (Int32, String) throws -> Void
    ) throws {
        var offset = 0
        while offset < bytes.count {
            let written = archive_write_data(archive, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 { try check(Int32(written), entry) }
            offset += written
        }
    }

    private func writeData(
        _ archive: OpaquePointer, _ bytes: [UInt8], entry: String, check: (Int32, String) throws -> Void
    ) throws {
        try bytes.withUnsafeBytes { try writeData(archive, $0, entry: entry, check: check) }
    }

    private func copyFile(
        _ path: String, into archive: OpaquePointer, expecting entry: Manifest.Entry, check: (Int32, String) throws -> Void
    ) throws {
        let input = try InputFile(path: path)
        defer { input.close() }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
        defer { buffer.deallocate() }
        let hasher = ContentHasher()
        var copied: Int64 = 0
        while copied < entry.size {
            let count = try input.read(
                into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<Int(min(Int64(buffer.count), entry.size - copied))]))
            if count == 0 { break }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
            hasher.update(chunk)
            try writeData(archive, chunk, entry: entry.name, check: check)
            copied += Int64(count)
        }
        guard copied == entry.size, try input.read(into: buffer) == 0, hasher.finalize() == entry.hash else {
            throw ArtifactError(file: path, "changed while the artifact was being written; run again")
        }
    }
}

/// Receives libarchive's output: writes it to the file and hashes it on the way.
private final class ArchiveSink {
    /// Nil: the bytes are only hashed and counted (CanonicalEncoder).
    let output: AtomicOutputFile?
    let hasher = ContentHasher()
    var count: Int64 = 0
    var failure: ArtifactError?

    init(output: AtomicOutputFile?) { self.output = output }

    func receive(_ bytes: UnsafeRawBufferPointer) -> Int {
        do {
            try output?.write(bytes)
        } catch {
            failure = error as? ArtifactError
            return -1
        }
        hasher.update(bytes)
        count += Int64(bytes.count)
        return bytes.count
    }
}

/// The bytes our writer would make for the entries it is given, hashed and counted as they are
/// made and never stored: `mmpr-art verify` feeds it every header and data chunk it reads and
/// compares the result with the file, so that padding, end-of-archive blocks, extended headers
/// and trailing bytes are checked too — an artifact is valid only in its one canonical form.
final class CanonicalEncoder {
    private let sink = ArchiveSink(output: nil)
    private let archive: OpaquePointer

    init?() {
        guard let archive = archive_write_new() else { return nil }
        self.archive = archive
        archive_write_set_format_pax_restricted(archive)
        archive_write_set_bytes_per_block(archive, 0)
        guard archive_write_open2(archive, Unmanaged.passUnretained(sink).toOpaque(), nil, archiveSinkWrite, nil, nil) == ARCHIVE_OK else {
            archive_write_free(archive)
            return nil
        }
    }

    deinit { archive_write_free(archive) }

    func begin(name: String, size: Int64) {
        _ = ArtifactWriter.writeHeader(archive, name: name, size: size)
    }

    func data(_ bytes: UnsafeRawBufferPointer) {
        var offset = 0
        while offset < bytes.count {
            let written = archive_write_data(archive, bytes.baseAddress! + offset, bytes.count - offset)
            if written <= 0 { return }
            offset += written
        }
    }

    /// Closes the archive: the hash and length of the canonical bytes.
    func finish() -> (hash: ContentHash, count: Int64) {
        archive_write_close(archive)
        return (sink.hasher.finalize(), sink.count)
    }
}

/// libarchive's write callback; `context` is the ArchiveSink.
private func archiveSinkWrite(
    _ archive: OpaquePointer?, _ context: UnsafeMutableRawPointer?, _ buffer: UnsafeRawPointer?, _ length: Int
) -> Int {
    let sink = Unmanaged<ArchiveSink>.fromOpaque(context!).takeUnretainedValue()
    return sink.receive(UnsafeRawBufferPointer(start: buffer, count: length))
}
