// Runs programs from the tests as a user would: our built executables (found beside the test
// bundle), and the independent references we compare against (python3, xxhsum, tar), with
// arguments, standard input (bytes, or another process through a real pipe) and what comes back.
import Foundation

public struct ProcessResult {
    public var status: Int32
    public var stdout: [UInt8]
    public var stderr: String
    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
}

public enum Subprocess {
    /// Runs `program` (a path, or a name looked up on PATH) to completion, feeding `input`, in
    /// `directory` (default: ours).
    public static func run(
        _ program: String, _ arguments: [String], input: [UInt8]? = nil, environment: [String: String]? = nil, directory: String? = nil
    ) throws -> ProcessResult {
        let process = Process()
        if program.hasPrefix("/") {
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [program] + arguments
        }
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        return try collect(process, input: input)
    }

    /// Runs an already configured process to completion; stdout and stderr are drained at once so
    /// a chatty program never blocks on a full pipe.
    public static func collect(_ process: Process, input: [UInt8]?) throws -> ProcessResult {
        let stdout = Pipe(), stderr = Pipe(), stdin = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        if input != nil {
            process.standardInput = stdin
        } else if process.standardInput == nil {
            process.standardInput = FileHandle.nullDevice
        }
        try process.run()
        if let input {
            let writer = stdin.fileHandleForWriting
            DispatchQueue.global().async {
                writer.write(Data(input))
                try? writer.close()
            }
        }
        nonisolated(unsafe) var errorBytes = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errorBytes = stderr.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outputBytes = stdout.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return ProcessResult(
            status: process.terminationStatus, stdout: [UInt8](outputBytes), stderr: String(decoding: errorBytes, as: UTF8.self))
    }
}

public enum ToolRunner {
    /// Where SwiftPM put the executables: beside the test bundle.
    public static let productsDirectory: URL = {
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        while url.pathExtension != "xctest" && url.path != "/" { url.deleteLastPathComponent() }
        return url.deletingLastPathComponent()
    }()

    public static func executable(_ name: String) -> URL { productsDirectory.appendingPathComponent(name) }

    public static func process(_ tool: String, _ arguments: [String]) -> Process {
        let process = Process()
        process.executableURL = executable(tool)
        process.arguments = arguments
        return process
    }

    /// Runs one of our tools to completion, feeding `input` on stdin when given.
    public static func run(_ tool: String, _ arguments: [String], input: [UInt8]? = nil) throws -> ProcessResult {
        try Subprocess.collect(process(tool, arguments), input: input)
    }

    /// Runs `producer | consumer` through a real pipe and returns the consumer's result.
    public static func pipe(_ producer: (String, [String]), into consumer: (String, [String])) throws -> (
        producer: Int32, consumer: ProcessResult
    ) {
        let first = process(producer.0, producer.1)
        let second = process(consumer.0, consumer.1)
        let pipe = Pipe()
        first.standardOutput = pipe
        first.standardError = FileHandle.nullDevice
        second.standardInput = pipe
        try first.run()
        let result = try Subprocess.collect(second, input: nil)
        first.waitUntilExit()
        return (first.terminationStatus, result)
    }
}

/// A fresh temporary folder per test, removed afterwards.
public final class ScratchDirectory {
    public let url: URL
    public init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("mpo-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }

    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    @discardableResult
    public func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let target = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: target)
        return target.path
    }

    public func read(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: url.appendingPathComponent(name))) }
}
