// The CPU check of the computing tools, on /proc/cpuinfo texts written here: a machine without
// AVX2 or FMA is named as such, one with both (or a non-x86 text) passes.
import XCTest
import ToolSupport

final class VectorUnitsTests: XCTestCase {
    func cpuInfo(flags: String) -> String {
        "processor\t: 0\nvendor_id\t: AuthenticAMD\nflags\t\t: \(flags)\nbogomips\t: 4890.84\n\nprocessor\t: 1\nflags\t\t: \(flags) avx2 fma\n"
    }

    func testNamesWhatIsMissingOnTheFirstProcessor() {
        XCTAssertEqual(VectorUnits.missing(fromCPUInfo: cpuInfo(flags: "fpu sse sse2 avx")), ["avx2", "fma"])
        XCTAssertEqual(VectorUnits.missing(fromCPUInfo: cpuInfo(flags: "fpu sse sse2 avx avx2")), ["fma"])
        XCTAssertEqual(VectorUnits.missing(fromCPUInfo: cpuInfo(flags: "fpu avx fma avx2 bmi2")), [])
        // "avx2" must be a whole flag, not a prefix of another one.
        XCTAssertEqual(VectorUnits.missing(fromCPUInfo: cpuInfo(flags: "avx2_vnni fma")), ["avx2"])
    }

    func testSaysNothingWithoutAnX86FlagsLine() {
        XCTAssertEqual(VectorUnits.missing(fromCPUInfo: "processor\t: 0\nFeatures\t: fp asimd\n"), [])
        XCTAssertEqual(VectorUnits.missing(fromCPUInfo: ""), [])
    }

    func testThisMachinePasses() throws {
        // CI and the development machines run the AVX2 build, so they must have both.
        try VectorUnits.check()
    }
}
