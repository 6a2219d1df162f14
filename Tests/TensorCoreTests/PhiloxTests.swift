// Philox-4x32-10 against the Random123 known-answer vectors (checked with a Python transcription
// of the paper's round function), addressability, and the distributions drawn from it.
import XCTest
@testable import TensorCore

final class PhiloxTests: XCTestCase {
    func testKnownAnswers() {
        XCTAssertEqual(PhiloxGenerator.block(counter: .zero, key: .zero), SIMD4(0x6627_e8d5, 0xe169_c58d, 0xbc57_ac4c, 0x9b00_dbd8))
        XCTAssertEqual(
            PhiloxGenerator.block(counter: SIMD4(repeating: .max), key: SIMD2(repeating: .max)),
            SIMD4(0x408f_276d, 0x41c8_3b0e, 0xa20b_c7c6, 0x6d54_51fd))
        XCTAssertEqual(
            PhiloxGenerator.block(counter: SIMD4(0x243f_6a88, 0x85a3_08d3, 0x1319_8a2e, 0x0370_7344), key: SIMD2(0xa409_3822, 0x299f_31d0)),
            SIMD4(0xd16c_fe09, 0x94fd_cceb, 0x5001_e420, 0x2412_6ea1))
    }

    func testStreamLayoutAndRandomAccess() {
        var g = PhiloxGenerator(seed: 0xa409_3822_299f_31d0 as UInt64, stream: 7)
        let first = (0..<12).map { _ in g.nextUInt32() }
        // Block 2 of stream 7 is counter words (2, 0, 7, 0) under key (seed low, seed high).
        let block2 = PhiloxGenerator.block(counter: SIMD4(2, 0, 7, 0), key: SIMD2(0x299f_31d0, 0xa409_3822))
        XCTAssertEqual(Array(first[8..<12]), [block2[0], block2[1], block2[2], block2[3]])
        var jumped = PhiloxGenerator(seed: 0xa409_3822_299f_31d0 as UInt64, stream: 7, counter: 2)
        XCTAssertEqual((0..<4).map { _ in jumped.nextUInt32() }, Array(first[8..<12]))
        var other = PhiloxGenerator(seed: 0xa409_3822_299f_31d0 as UInt64, stream: 8)
        XCTAssertNotEqual((0..<4).map { _ in other.nextUInt32() }, Array(first[0..<4]))
    }

    func testUniformAndNormalMoments() {
        var g = PhiloxGenerator(seed: 1, stream: 2)
        let n = 200_000
        var sum = 0.0, sumSq = 0.0, uSum = 0.0
        for _ in 0..<n {
            let z = g.normal()
            sum += z
            sumSq += z * z
            let u = g.uniformFloat()
            XCTAssert(u >= 0 && u < 1)
            uSum += Double(u)
        }
        XCTAssertEqual(sum / Double(n), 0, accuracy: 0.01)
        XCTAssertEqual(sumSq / Double(n), 1, accuracy: 0.01)
        XCTAssertEqual(uSum / Double(n), 0.5, accuracy: 0.005)
    }

    func testCategoricalFrequenciesAndFilters() {
        var g = PhiloxGenerator(seed: 3)
        let logits: [Float] = [log(0.5), log(0.3), log(0.2)]
        var counts = [0, 0, 0]
        for _ in 0..<50_000 { counts[g.categorical(logits: logits)] += 1 }
        for (count, p) in zip(counts, [0.5, 0.3, 0.2]) { XCTAssertEqual(Double(count) / 50_000, p, accuracy: 0.01) }
        XCTAssertEqual(g.categorical(logits: [1, 3, 3, 2], temperature: 0), 1)
        for _ in 0..<100 {
            XCTAssertEqual(g.categorical(logits: logits, topK: 1), 0)
            XCTAssertNotEqual(g.categorical(logits: logits, topP: 0.75), 2)  // 0.5 + 0.3 reaches 0.75
        }
    }
}
