// Determinism from the very first product of a process: the first forward must equal the next
// ones bit for bit. It cannot be checked inside the test process (earlier tests have long set the
// threads up), so the test runs itself again in a fresh process.
import Foundation
import TensorCore
import TestSupport
import XCTest

@testable import VisionLanguage

final class FreshProcessTests: XCTestCase {
    static let innerMarker = "MPO_FRESH_PROCESS_INNER"

    func testTheFirstForwardOfAProcessEqualsTheNext() throws {
        if ProcessInfo.processInfo.environment[Self.innerMarker] == "1" {
            let model = try ModelFixtures.tinyModel()
            let sequence = try model.template.example(question: "Q?", response: "An answer.", withImage: true)
            let batch = try SequenceBatch(sequences: [sequence], images: [ModelFixtures.noiseImage(seed: 3)])
            let first = model.logits(batch, tape: Tape(recording: false)).value
            let second = model.logits(batch, tape: Tape(recording: false)).value
            XCTAssertTrue(first.bitwiseEqual(second), "the first forward of the process rounded differently")
            return
        }
        var environment = ProcessInfo.processInfo.environment
        environment[Self.innerMarker] = "1"
        let result = try Subprocess.run(
            CommandLine.arguments[0], ["VisionLanguageTests.FreshProcessTests/testTheFirstForwardOfAProcessEqualsTheNext"],
            environment: environment)
        let output = result.stdoutText + result.stderr
        XCTAssertEqual(result.status, 0, output)
        XCTAssertTrue(output.contains("Executed 1 test, with 0 failures"), output)
    }
}
