// Relative paths of exported folders against Python's os.path.relpath, which computes the same
// thing lexically (no symbolic links followed) on normalised paths.
import Artifacts
import TestSupport
import XCTest

final class RelativePathTests: XCTestCase {
    func testRelativePathsAgreeWithPythonsRelpath() throws {
        let cases = [
            ("/a/b/out", "/a/b/out"), ("/a/b/out", "/a"), ("/a/b/out", "/a/c/d"), ("/a/b/./out/", "/a/x/../b"), ("/a", "/a/b"),
            ("/", "/a/b"), ("/a b/ü", "/a b"),
        ]
        for (path, base) in cases {
            let python = try Subprocess.run(
                "python3", ["-c", "import os, sys; print(os.path.relpath(sys.argv[1], sys.argv[2]))", path, base])
            XCTAssertEqual(python.status, 0, python.stderr)
            XCTAssertEqual(relativePath(path, from: base), python.stdoutText.trimmingCharacters(in: .newlines), "\(path) from \(base)")
        }
    }
}
