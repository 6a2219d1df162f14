// The fuzz targets' seed corpora (Tests/Fuzz/<target>/, where a fixed crash is added once found)
// replayed through the ordinary build: every parser takes every seed without crashing. The
// fuzzing itself is `make fuzz`, and CI's `scripts/fuzz.sh --ci`.
import Foundation
import TestSupport
import XCTest

final class FuzzCorpusTests: XCTestCase {
    func testEverySeedOfEveryTargetIsReadWithoutACrash() throws {
        let corpora = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fuzz")
        let targets = try FileManager.default.contentsOfDirectory(atPath: corpora.path).sorted()
        XCTAssertEqual(targets, ["artifact", "jpeg", "json", "lock", "manifest", "png", "safetensors"])
        for target in targets {
            let result = try ToolRunner.run("mmpr-fuzz", [target, corpora.appendingPathComponent(target).path])
            XCTAssertEqual(result.status, 0, "\(target): \(result.stderr)")
            XCTAssertTrue(result.stdoutText.contains("no crash"), result.stdoutText)
        }
    }
}
