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
/// killed half-way leaves at most that temp file, never a partial file under NAME.
final class AtomicOutputFile {
    let destination: ArtifactDestination
    let descriptor: Int32
    private let temporaryPath: String?

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
            let url = URL(fileURLWithPath: path)
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
        guard case .path(let path) = destination, let temporaryPath else { return }
        if fsync(descriptor) != 0 {
            let reason = String(cString: strerror(errno))
            abandon()
            throw ArtifactError(file: path, "fsync failed: \(reason)")
        }
        Foundation.close(descriptor)
        if rename(temporaryPath, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw ArtifactError(file: path, "cannot rename the finished file into place: \(reason)")
        }
    }

    /// Removes the temp file after a failure; the final name is never touched.
    func abandon() {
        guard let temporaryPath else { return }
        Foundation.close(descriptor)
        unlink(temporaryPath)
    }
}
