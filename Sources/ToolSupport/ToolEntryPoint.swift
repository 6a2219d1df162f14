// The one entry point every executable uses, so that every tool exits the same way
// (docs/pipeline.md, "Errors and exit status"):
// 0 success, 2 usage or input errors, 1 internal failures, and one line on stderr per error.
import ArgumentParser
import Foundation

/// Thrown when something fails that the user's input cannot explain (a bug, a failed system
/// call on a healthy input). The tool exits with status 1 instead of 2.
public struct InternalFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// What every tool's `--help` says of its exit status.
public enum ExitStatus {
    public static let help =
        "Exit status: 0 success, 2 bad usage or input (one line on standard error names the flag, file or record), 1 internal failure."
}

/// A usage or input error raised by a tool itself: printed as one line, exit status 2.
public struct InputError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension ParsableCommand {
    /// Parses the command line, runs the command and exits. Unlike `main()`, usage errors exit
    /// with 2 (argument parser's default is 64), and every error prints as one line
    /// `tool: error: message` with no usage text and no stack trace.
    public static func runAsTool(_ arguments: [String]? = nil) -> Never {
        let toolName = URL(fileURLWithPath: CommandLine.arguments.first ?? "tool").lastPathComponent
        do {
            var command = try parseAsRoot(arguments)
            if command is ComputesOnTensorCore { try VectorUnits.check() }
            try command.run()
            Foundation.exit(0)
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch {
            let status = exitCode(for: error)
            if status == .success {  // --help, --version
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            if status == .validationFailure {  // a parse or validation error: one line, and where help is
                StandardError.write("\(toolName): error: \(message(for: error)) (see '\(toolName) --help')\n")
                Foundation.exit(2)
            }
            StandardError.write("\(toolName): error: \(error)\n")
            Foundation.exit(error is InternalFailure ? 1 : 2)
        }
    }
}
