// Fitting any image into the model's square, checked against a second implementation written the
// other way round (scattering each source pixel into the output pixels it overlaps, instead of
// gathering), in the same exact integer units: the bytes must be equal for every size.
import XCTest

@testable import Problems

final class SquareFitTests: XCTestCase {
    private func picture(width: Int, height: Int) -> RGBImage {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15 &* UInt64(width * 1000 + height)
        let pixels = (0..<width * height * 3).map { _ -> UInt8 in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        return RGBImage(width: width, height: height, pixels: pixels)
    }

    /// The policy restated: scaled size, centred with white padding; each source pixel adds
    /// value × overlap to the output pixels it covers (units: 1/(w·w') per axis), then the sums
    /// are divided by the output pixel's area w·h, rounding half up.
    private func scattered(_ image: RGBImage, side: Int) -> [UInt8] {
        let (w, h) = (image.width, image.height), m = max(w, h)
        let ow = max(1, (w * side + m / 2) / m), oh = max(1, (h * side + m / 2) / m)
        var sums = [Int](repeating: 0, count: ow * oh * 3)
        func overlap(_ a: Int, _ b: Int, _ c: Int, _ d: Int) -> Int { max(0, min(b, d) - max(a, c)) }
        for sy in 0..<h {
            for sx in 0..<w {
                for oy in 0..<oh {
                    let wy = overlap(sy * oh, (sy + 1) * oh, oy * h, (oy + 1) * h)
                    if wy == 0 { continue }
                    for ox in 0..<ow {
                        let wx = overlap(sx * ow, (sx + 1) * ow, ox * w, (ox + 1) * w)
                        if wx == 0 { continue }
                        for c in 0..<3 { sums[(oy * ow + ox) * 3 + c] += wx * wy * Int(image.pixels[(sy * w + sx) * 3 + c]) }
                    }
                }
            }
        }
        var out = [UInt8](repeating: 255, count: side * side * 3)
        let (left, top) = ((side - ow) / 2, (side - oh) / 2)
        for oy in 0..<oh {
            for ox in 0..<ow {
                for c in 0..<3 {
                    out[((top + oy) * side + left + ox) * 3 + c] = UInt8((sums[(oy * ow + ox) * 3 + c] + w * h / 2) / (w * h))
                }
            }
        }
        return out
    }

    func testEverySizeFitsAsTheScatteredRestatementSays() {
        for (width, height) in [(1, 1), (1, 300), (300, 1), (3, 2), (63, 65), (65, 63), (120, 90), (90, 120), (64, 64), (640, 448)] {
            let image = picture(width: width, height: height)
            let fitted = image.fittedToSquare(side: 64)
            XCTAssertEqual([fitted.width, fitted.height], [64, 64])
            XCTAssertEqual(fitted.pixels, scattered(image, side: 64), "\(width)×\(height)")
        }
        let square = picture(width: 64, height: 64)
        XCTAssertEqual(square.fittedToSquare(side: 64), square, "an image of the model's size is left as it is")
    }

    /// A solid colour stays that colour wherever the picture is, and the padding is white.
    func testASolidImageKeepsItsColourAndPadsWithWhite() {
        let red = RGBImage(width: 100, height: 50, fill: (200, 10, 10)).fittedToSquare(side: 64)
        XCTAssertEqual(Array(red.pixels[(32 * 64 + 32) * 3..<(32 * 64 + 32) * 3 + 3]), [200, 10, 10])
        XCTAssertEqual(Array(red.pixels[0..<3]), [255, 255, 255], "the top row is padding")
    }
}
