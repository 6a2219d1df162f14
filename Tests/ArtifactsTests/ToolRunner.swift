// Runs the built executables as a user meets them: arguments, standard input (bytes or another
// process's output through a real pipe), and the exit status, stdout and stderr they produce.
import Foundation
import XCTest

struct ToolResult {
    var status: Int32
    var stdout: [UInt8]
    var stderr: String
    var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
}

enum ToolRunner {
    /// Where SwiftPM put the executables: beside the test bundle.
    static let productsDirectory: URL = {
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        while url.pathExtension != "xctest" && url.path != "/" { url.deleteLastPathComponent() }
        return url.deletingLastPathComponent()
    }()

    static func executable(_ name: String) -> URL { productsDirectory.appendingPathComponent(name) }

    static func process(_ tool: String, _ arguments: [String]) -> Process {
        let process = Process()
        process.executableURL = executable(tool)
        process.arguments = arguments
        return process
    }

    /// Runs `tool` to completion, feeding `input` on stdin when given.
    static func run(_ tool: String, _ arguments: [String], input: [UInt8]? = nil) throws -> ToolResult {
        let process = process(tool, arguments)
        return try collect(process, input: input)
    }

    /// Runs `producer | consumer` through a real pipe and returns the consumer's result.
    static func pipe(
        _ producer: (String, [String]), into consumer: (String, [String])
    ) throws -> (producer: Int32, consumer: ToolResult) {
        let first = process(producer.0, producer.1)
        let second = process(consumer.0, consumer.1)
        let pipe = Pipe()
        first.standardOutput = pipe
        first.standardError = FileHandle.nullDevice
        second.standardInput = pipe
        try first.run()
        let result = try collect(second, input: nil)
        first.waitUntilExit()
        return (first.terminationStatus, result)
    }

    private static func collect(_ process: Process, input: [UInt8]?) throws -> ToolResult {
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        let stdin = Pipe()
        if input != nil { process.standardInput = stdin } else if process.standardInput == nil {
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
        // Drain stderr concurrently so a chatty tool never blocks on a full pipe.
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
        return ToolResult(
            status: process.terminationStatus, stdout: [UInt8](outputBytes),
            stderr: String(decoding: errorBytes, as: UTF8.self))
    }
}

/// A fresh temporary folder per test, removed afterwards.
final class ScratchDirectory {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("mpo-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let target = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: target)
        return target.path
    }

    func read(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: url.appendingPathComponent(name))) }
}
