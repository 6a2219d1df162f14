// Where the real MathVista fixtures are: `../shared/fixtures/mathvista` beside the checkout (as CI
// lays it out), or $MATHVISTA_FIXTURES. A missing fixture fails the test that needs it, loudly.
import Foundation

public enum Fixtures {
    public static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    public static let mathVista = URL(
        fileURLWithPath: ProcessInfo.processInfo.environment["MATHVISTA_FIXTURES"]
            ?? repository.deletingLastPathComponent().appendingPathComponent("shared/fixtures/mathvista").path)
    /// The three models whose outputs and official scores are in the fixtures.
    public static let models = ["bard", "claude_2shot_solution", "minigpt4_llama2"]

    public struct Missing: Error, CustomStringConvertible {
        public let description: String
    }

    public static func path(_ name: String) throws -> String {
        let url = mathVista.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw Missing(description: "fixture \(url.path) not found: the tests expect ../shared beside the checkout, or set MATHVISTA_FIXTURES")
        }
        return url.path
    }
}
