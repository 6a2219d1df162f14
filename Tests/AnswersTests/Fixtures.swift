// Where the MathVista fixtures and the built tool are, for the tests that use real data.
import Foundation
import XCTest

enum Fixtures {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    /// `../shared/fixtures/mathvista` beside the checkout, or $MATHVISTA_FIXTURES.
    static let mathVista = URL(
        fileURLWithPath: ProcessInfo.processInfo.environment["MATHVISTA_FIXTURES"]
            ?? repository.deletingLastPathComponent().appendingPathComponent("shared/fixtures/mathvista").path)
    static let models = ["bard", "claude_2shot_solution", "minigpt4_llama2"]

    static func path(_ name: String) throws -> String {
        let url = mathVista.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else { throw XCTSkip("fixture \(url.path) not found") }
        return url.path
    }
}
