// Where the real MathVista fixtures are: the folder named by $MATHVISTA_FIXTURES (`make test`
// points it at ../shared/fixtures/mathvista when that folder is beside the checkout). Without
// the variable, a test that needs them is skipped with one line naming it, so a clone on its own
// passes; `.ci/run` fails when any test was skipped, so CI always runs them. With the variable
// set, a missing file is a failure, not a skip.
import Foundation
import XCTest

public enum Fixtures {
    public static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    /// The fixtures folder, or nil when MATHVISTA_FIXTURES is unset or empty.
    public static let mathVista: URL? = ProcessInfo.processInfo.environment["MATHVISTA_FIXTURES"].flatMap {
        $0.isEmpty ? nil : URL(fileURLWithPath: $0)
    }
    /// The three models whose outputs and official scores are in the fixtures.
    public static let models = ["bard", "claude_2shot_solution", "minigpt4_llama2"]

    public struct Missing: Error, CustomStringConvertible {
        public let description: String
    }

    public static func path(_ name: String) throws -> String {
        guard let folder = mathVista else {
            throw XCTSkip(
                "needs the MathVista fixtures: set MATHVISTA_FIXTURES to their folder (make test does when ../shared/fixtures/mathvista exists)"
            )
        }
        let url = folder.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw Missing(description: "fixture \(url.path) not found in MATHVISTA_FIXTURES=\(folder.path)")
        }
        return url.path
    }
}
