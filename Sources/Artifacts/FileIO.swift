// Plain file-descriptor I/O for artifacts: an input that is a path or standard input ("-"), and
// an atomic output that is a path (temp file in the same folder, fsync, rename) or standard output.
import Foundation

/// Reads a path, or standard input when the path is "-".
final class InputFile {
    let displayName: String
    private let descriptor: Int32
    private let ownsDescriptor: Bool

    init(path: String) throws {
        if path == "-" {
            displayName = "<stdin>"
            descriptor = 0
            ownsDescriptor = false
            return
        }
        displayName = path
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        ownsDescriptor = true
        if descriptor < 0 { throw ArtifactError(file: path, "cannot open: \(String(cString: strerror(errno)))") }
        var status = stat()
        if fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFDIR {
            Foundation.close(descriptor)
            throw ArtifactError(file: path, "is a directory, expected an artifact file")
        }
    }

    /// Fills as much of `buffer` as one read gives; 0 at the end of the input.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let count = Foundation.read(descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            if errno == EINTR { continue }
            throw ArtifactError(file: displayName, "read failed: \(String(cString: strerror(errno)))")
        }
    }

    func close() {
        if ownsDescriptor { Foundation.close(descriptor) }
    }
}

/// Where an artifact goes: "-" means standard output.
public enum ArtifactDestination: Equatable, Sendable {
    case path(String)
    case standardOutput

    public init(_ argument: String) {
        self = argument == "-" ? .standardOutput : .path(argument)
    }

    var displayName: String {
        switch self {
        case .path(let path): return path
        case .standardOutput: return "<stdout>"
        }
    }
}

/// An output that appears under its final name only when complete. Until `commit()`, bytes go
/// to `.NAME.tmp.PID` in the same folder (same file system, so the rename is atomic); a process
/// killed half-way leaves at most that temp file, never a partial file under NAME. `commit()`
/// syncs the file, renames it, then syncs the folder, so the new name survives a power cut.
/// A path that is a character device or a FIFO (`-o /dev/null`, a named pipe) is written in
/// place, as a shell redirection would: replacing a device node with a file is never wanted.
/// Every file this toolkit writes goes through this one type.
final class AtomicOutputFile {
    let destination: ArtifactDestination
    let descriptor: Int32
    private let temporaryPath: String?
    /// Whether `descriptor` is still ours to close (commit and abandon may both run after a failure).
    private var isOpen = true

    init(_ destination: ArtifactDestination) throws {
        self.destination = destination
        switch destination {
        case .standardOutput:
            if isatty(1) == 1 {
                throw ArtifactError(file: "<stdout>", "is a terminal; redirect it to a file or a pipe, or pass -o PATH")
            }
            descriptor = 1
            temporaryPath = nil
        case .path(let path):
            var status = stat()
            if stat(path, &status) == 0 {
                switch status.st_mode & S_IFMT {
                case S_IFDIR:
                    throw ArtifactError(file: path, "is a directory; give a file name")
                case S_IFCHR, S_IFIFO:
                    descriptor = open(path, O_WRONLY | O_CLOEXEC)
                    if descriptor < 0 { throw ArtifactError(file: path, "cannot open: \(String(cString: strerror(errno)))") }
                    temporaryPath = nil
                    return
                default:
                    break
                }
            }
            let url = URL(fileURLWithPath: path)
            removeStaleTemporaries(of: url)
            let temporary = url.deletingLastPathComponent()
                .appendingPathComponent(".\(url.lastPathComponent).tmp.\(getpid())").path
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            if descriptor < 0 {
                throw ArtifactError(file: path, "cannot create \(temporary): \(String(cString: strerror(errno)))")
            }
            temporaryPath = temporary
        }
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let count = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if count < 0 {
                if errno == EINTR { continue }
                throw ArtifactError(file: destination.displayName, "write failed: \(String(cString: strerror(errno)))")
            }
            offset += count
        }
    }

    /// Flushes to disk and moves the file under its final name.
    func commit() throws {
        guard case .path(let path) = destination else { return }
        guard let temporaryPath else {
            closeOnce()  // a device or FIFO, written in place
            return
        }
        if fsync(descriptor) != 0 {
            let reason = String(cString: strerror(errno))
            abandon()
            throw ArtifactError(file: path, "fsync failed: \(reason)")
        }
        closeOnce()
        if rename(temporaryPath, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw ArtifactError(file: path, "cannot rename the finished file into place: \(reason)")
        }
        let folder = open(URL(fileURLWithPath: path).deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folder >= 0 {
            fsync(folder)
            Foundation.close(folder)
        }
    }

    /// Removes the temp file after a failure; the final name is never touched.
    func abandon() {
        guard case .path = destination else { return }
        closeOnce()
        if let temporaryPath { unlink(temporaryPath) }
    }

    private func closeOnce() {
        if isOpen { Foundation.close(descriptor) }
        isOpen = false
    }
}

/// Removes `.NAME.tmp.PID` files and folders beside `url` whose process no longer runs: what a
/// writer killed half-way (SIGKILL, a power cut) left behind. A live process's are never touched.
func removeStaleTemporaries(of url: URL) {
    let folder = url.deletingLastPathComponent().path, prefix = ".\(url.lastPathComponent).tmp."
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder) else { return }
    for name in names where name.hasPrefix(prefix) {
        guard let pid = Int32(name.dropFirst(prefix.count)), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
        try? FileManager.default.removeItem(atPath: "\(folder)/\(name)")
    }
}

/// Writes `bytes` to `path` through an AtomicOutputFile: all of them under the final name, or
/// nothing there.
public func writeAtomically(_ bytes: some Sequence<UInt8>, to path: String) throws {
    let file = try AtomicOutputFile(.path(path))
    do {
        try Array(bytes).withUnsafeBytes { try file.write($0) }
        try file.commit()
    } catch {
        file.abandon()
        throw error
    }
}

/// The bytes copied did not hash to what the caller expected; nothing was written.
public struct ContentMismatch: Error, CustomStringConvertible {
    public let file: String
    public let actual: ContentHash
    public let expected: ContentHash
    public var description: String { "\(file): content hash \(actual), expected \(expected)" }
}

/// Copies the file at `source` to `destination` through an AtomicOutputFile, a megabyte at a
/// time. With `expecting`, the bytes are hashed on the way and nothing appears at `destination`
/// unless they hash to it (a ContentMismatch otherwise).
public func copyAtomically(from source: String, to destination: String, expecting: ContentHash? = nil) throws {
    let input = try InputFile(path: source)
    defer { input.close() }
    let output = try AtomicOutputFile(.path(destination))
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
    defer { buffer.deallocate() }
    let hasher = ContentHasher()
    do {
        while true {
            let count = try input.read(into: buffer)
            if count == 0 { break }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
            hasher.update(chunk)
            try output.write(chunk)
        }
        if let expecting {
            let actual = hasher.finalize()
            guard actual == expecting else { throw ContentMismatch(file: source, actual: actual, expected: expecting) }
        }
        try output.commit()
    } catch {
        output.abandon()
        throw error
    }
}

/// Files that appear in a folder all together or not at all: each is written (atomically) into a
/// staging folder beside the destination, `.NAME.tmp.PID`, and `commit()` renames them into
/// place; a failure before it leaves the destination as it was. The destination may already hold
/// other files (an export of another split): those are kept, and same-named ones replaced.
public final class StagedFolder {
    public let destination: String
    private let staging: String
    private var written: [String] = []
    private var seen: Set<String> = []

    public init(_ destination: String) throws {
        let url = URL(fileURLWithPath: destination).standardizedFileURL
        self.destination = url.path
        staging = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp.\(getpid())").path
        removeStaleTemporaries(of: url)
        do {
            try FileManager.default.createDirectory(atPath: url.deletingLastPathComponent().path, withIntermediateDirectories: true)
            try? FileManager.default.removeItem(atPath: staging)
            try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        } catch {
            throw ArtifactError(file: destination, "cannot create a staging folder beside it: \(error.localizedDescription)")
        }
    }

    /// Writes `bytes` as `relative` (a path inside the folder, e.g. `images/1.png`).
    public func write(_ bytes: some Sequence<UInt8>, to relative: String) throws {
        let path = "\(staging)/\(relative)"
        try createParent(of: path)
        try writeAtomically(bytes, to: path)
        if seen.insert(relative).inserted { written.append(relative) }
    }

    /// Moves every written file into the destination, then removes the staging folder.
    public func commit() throws {
        for relative in written {
            let target = "\(destination)/\(relative)"
            try createParent(of: target)
            guard rename("\(staging)/\(relative)", target) == 0 else {
                let reason = String(cString: strerror(errno))
                abandon()
                throw ArtifactError(file: target, "cannot move the finished file into place: \(reason)")
            }
        }
        abandon()
    }

    /// Removes the staging folder and what is left in it.
    public func abandon() {
        try? FileManager.default.removeItem(atPath: staging)
    }

    private func createParent(of path: String) throws {
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw ArtifactError(file: parent, "cannot create the folder: \(error.localizedDescription)")
        }
    }
}
