import XCTest
@testable import Preference

final class DropoutNTPTests: XCTestCase {
    /// docs/method.md, "DropoutNTP": split on single spaces, keep ⌊0.5·n⌋ pieces, re-join, strip.
    func testPrefixKeepsTheFloorOfHalfTheWords() {
        XCTAssertEqual(DropoutNTP.prefix(of: "a b c d e"), "a b")
        XCTAssertEqual(DropoutNTP.prefix(of: "a b c d"), "a b")
        XCTAssertEqual(DropoutNTP.prefix(of: "one"), "")
        XCTAssertEqual(DropoutNTP.prefix(of: "x\ny z w"), "x\ny", "newlines stay inside words")
        XCTAssertEqual(DropoutNTP.prefix(of: "a  b c d"), "a", "empty pieces between double spaces count as words")
        XCTAssertEqual(DropoutNTP.prefix(of: "a b c d e f g h", dropoutRatio: 0.25), "a b")
        XCTAssertEqual(DropoutNTP.prefix(of: "a b c d e f g h", dropoutRatio: 0.75), "a b c d e f")
    }

    func testRejectedIsPlainConcatenation() {
        XCTAssertEqual(DropoutNTP.rejected(prefix: "The chart has", continuation: " three red bars."), "The chart has three red bars.")
        XCTAssertEqual(DropoutNTP.rejected(prefix: "a", continuation: "b"), "ab")
    }
}
