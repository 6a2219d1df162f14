// docs/method.md, "Correctness test" (vqa): the EvalAI normalisation steps.
import XCTest
@testable import Answers

final class VQANormalizationTests: XCTestCase {
    func testSteps() {
        XCTAssertEqual(vqaNormalized("Two"), "2")
        XCTAssertEqual(vqaNormalized("None"), "0")
        XCTAssertEqual(vqaNormalized("The Red Car."), "red car")
        XCTAssertEqual(vqaNormalized("1,000"), "1000")
        XCTAssertEqual(vqaNormalized("3.5"), "3.5")
        XCTAssertEqual(vqaNormalized("isnt it?"), "isn't it")
        XCTAssertEqual(vqaNormalized("left-hand"), "left hand")  // "-" not beside a space: becomes one
        XCTAssertEqual(vqaNormalized("yes - no"), "yes no")  // beside a space: removed
        XCTAssertEqual(vqaNormalized("  "), "")
    }
}
