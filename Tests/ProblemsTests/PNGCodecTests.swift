// PNG decoding of every colour type and bit depth against an independent writer (image_zoo.py,
// Python's zlib without libpng) that also says which RGB bytes a correct decoder gives: grey at
// 1/2/4/8/16 bits, palette at 1/2/4/8 bits with a transparent entry, grey and RGB with alpha at
// 8 and 16 bits, plain RGB at 8 and 16 bits.
import TestSupport
import XCTest

@testable import Problems

final class PNGCodecTests: XCTestCase {
    func testEveryColourTypeAndBitDepthDecodesToTheExpectedRGB() throws {
        // Odd sizes exercise the padding of sub-byte rows; 1×1 the smallest image there is.
        for (width, height) in [(1, 1), (5, 3), (17, 9)] {
            let images = try ImageZoo.images(width: width, height: height).filter { $0.expectedRGB != nil }
            XCTAssertEqual(images.count, 15, "the zoo holds 15 PNG kinds")
            for image in images {
                let decoded = try ImageCodec.decode(image.bytes)
                XCTAssertEqual([decoded.width, decoded.height], [width, height], image.name)
                XCTAssertEqual(decoded.pixels, image.expectedRGB, "\(image.name) at \(width)×\(height)")
            }
        }
    }
}
