import XCTest
@testable import Answers
final class PythonNumbersTests: XCTestCase { func testPlaceholder() {} }
