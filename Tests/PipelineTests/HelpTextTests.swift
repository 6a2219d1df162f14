// Every tool's --help, snapshot-tested: a change to a flag, a default or a text shows up in review
// as a diff of Tests/PipelineTests/help/, and the texts are checked for what each must say.
// After an intended change: UPDATE_HELP_SNAPSHOTS=1 swift test --filter HelpTextTests.
import Foundation
import TestSupport
import ToolSupport
import XCTest

final class HelpTextTests: XCTestCase {
    static let tools = [
        "mmpr-art", "mmpr-synth", "mmpr-import", "mmpr-sample", "mmpr-dropntp", "mmpr-pair", "mpo-train", "mpo-eval", "mpo-serve",
    ]
    static let snapshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("help")

    /// The subcommands a top-level help lists (the lines under SUBCOMMANDS:).
    private func subcommands(inHelp text: String) -> [String] {
        guard let section = text.components(separatedBy: "SUBCOMMANDS:\n").dropFirst().first else { return [] }
        return section.split(separator: "\n", omittingEmptySubsequences: false)
            .prefix { !$0.isEmpty }
            .compactMap { line -> String? in
                // "  build (default)   Build …": two spaces, then the name
                guard line.hasPrefix("  "), !line.hasPrefix("   ") else { return nil }
                return line.split(separator: " ").first.map(String.init)
            }
    }

    private func help(_ tool: String, _ subcommand: String?) throws -> String {
        let result = try ToolRunner.run(tool, (subcommand.map { [$0] } ?? []) + ["--help"])
        XCTAssertEqual(result.status, 0, "\(tool) \(subcommand ?? "") --help: \(result.stderr)")
        return result.stdoutText
    }

    func testEveryHelpTextMatchesItsSnapshot() throws {
        let update = ProcessInfo.processInfo.environment["UPDATE_HELP_SNAPSHOTS"] == "1"
        if update { try FileManager.default.createDirectory(at: Self.snapshots, withIntermediateDirectories: true) }
        var seen: Set<String> = []
        for tool in Self.tools {
            let top = try help(tool, nil)
            for subcommand in [nil] + subcommands(inHelp: top) {
                let text = subcommand == nil ? top : try help(tool, subcommand)
                let name = ([tool] + (subcommand.map { [$0] } ?? [])).joined(separator: "-") + ".txt"
                seen.insert(name)
                let file = Self.snapshots.appendingPathComponent(name)
                if update {
                    try Data(text.utf8).write(to: file)
                    continue
                }
                let expected = try? String(contentsOf: file, encoding: .utf8)
                XCTAssertEqual(text, expected, "\(name) differs from its snapshot; if intended, rerun with UPDATE_HELP_SNAPSHOTS=1")
            }
        }
        let stale = Set(try FileManager.default.contentsOfDirectory(atPath: Self.snapshots.path)).subtracting(seen)
        XCTAssertEqual(stale, [], "snapshots of help texts that no tool prints any more")
    }

    /// What every top-level help must say, whatever its snapshot: its exit statuses.
    func testEveryToolDocumentsItsExitStatus() throws {
        for tool in Self.tools {
            let text = try help(tool, nil)
            XCTAssertTrue(text.contains("Exit status: 0"), "\(tool) --help does not document its exit status")
        }
    }

    func testEveryToolReportsTheToolkitVersion() throws {
        for tool in Self.tools {
            let result = try ToolRunner.run(tool, ["--version"])
            XCTAssertEqual(result.status, 0, "\(tool) --version: \(result.stderr)")
            XCTAssertEqual(result.stdoutText, ToolkitVersion.current + "\n", tool)
        }
    }
}
