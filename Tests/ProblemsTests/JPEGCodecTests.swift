// JPEG against libjpeg-turbo's own command-line tools: cjpeg makes the files (baseline,
// progressive, grey), djpeg decodes them independently, and our pixels must equal djpeg's byte
// for byte; our encoder's bytes must equal cjpeg's. Refusals: truncated data, a size over the
// pixel limit, bytes that are no image.
import Foundation
import TestSupport
import XCTest

@testable import Problems

final class JPEGCodecTests: XCTestCase {
    /// A 37 × 23 test picture as binary PPM: smooth gradients plus a hard edge.
    private func ppm() -> [UInt8] {
        let (width, height) = (37, 23)
        var pixels: [UInt8] = []
        for y in 0..<height {
            for x in 0..<width {
                pixels += [UInt8(x * 255 / (width - 1)), UInt8(y * 255 / (height - 1)), x > 18 ? 220 : 30]
            }
        }
        return Array("P6\n\(width) \(height)\n255\n".utf8) + pixels
    }

    /// The pixels of a PPM (P6) or PGM (P5, expanded to RGB) as djpeg writes them.
    private func netpbmPixels(_ bytes: [UInt8]) throws -> (width: Int, height: Int, rgb: [UInt8]) {
        var fields: [String] = [], index = 0, current = ""
        while fields.count < 4 {
            let byte = bytes[index]
            index += 1
            if byte == 0x20 || byte == 0x0A {
                if !current.isEmpty { fields.append(current) }
                current = ""
            } else {
                current.append(Character(UnicodeScalar(byte)))
            }
        }
        let (width, height) = (Int(fields[1])!, Int(fields[2])!)
        let body = Array(bytes[index...])
        return (width, height, fields[0] == "P5" ? body.flatMap { [$0, $0, $0] } : body)
    }

    func testBaselineProgressiveAndGreyDecodeExactlyAsDjpegDoes() throws {
        let scratch = try ScratchDirectory()
        let source = try scratch.write("in.ppm", ppm())
        for (name, options) in [("baseline", ["-quality", "90"]), ("progressive", ["-progressive"]), ("grey", ["-grayscale"])] {
            let encoded = try Subprocess.run("cjpeg", options + [source])
            XCTAssertEqual(encoded.status, 0, encoded.stderr)
            let jpeg = try scratch.write("\(name).jpg", encoded.stdout)
            let reference = try Subprocess.run("djpeg", ["-pnm", jpeg])
            XCTAssertEqual(reference.status, 0, reference.stderr)
            let expected = try netpbmPixels(reference.stdout)
            let ours = try ImageCodec.decode(encoded.stdout)
            XCTAssertEqual([ours.width, ours.height], [expected.width, expected.height], name)
            XCTAssertEqual(ours.pixels, expected.rgb, "\(name): our pixels differ from djpeg's")
        }
    }

    func testEncodingGivesCjpegsBytes() throws {
        let scratch = try ScratchDirectory()
        let source = ppm()
        let image = RGBImage(width: 37, height: 23, pixels: Array(source.suffix(37 * 23 * 3)))
        for quality in [50, 90, 95] {
            let reference = try Subprocess.run("cjpeg", ["-quality", "\(quality)", try scratch.write("in.ppm", source)])
            XCTAssertEqual(reference.status, 0, reference.stderr)
            XCTAssertEqual(try JPEGCodec.encode(image, quality: quality), reference.stdout, "quality \(quality)")
        }
    }

    func testBrokenOversizedAndUnknownBytesAreRefused() throws {
        let scratch = try ScratchDirectory()
        let encoded = try Subprocess.run("cjpeg", [try scratch.write("in.ppm", ppm())]).stdout
        XCTAssertGreaterThan(encoded.count, 100, "cjpeg made no file")
        XCTAssertThrowsError(try JPEGCodec.decode(Array(encoded.prefix(encoded.count / 2)))) { error in
            XCTAssertTrue("\(error)".contains("JPEG"), "\(error)")
        }
        // The frame header (SOF0, FF C0) holds the height and width: claim 8000 × 8000.
        var huge = encoded
        let frame = try XCTUnwrap((0..<huge.count - 1).first { huge[$0] == 0xFF && huge[$0 + 1] == 0xC0 })
        huge.replaceSubrange(frame + 5..<frame + 9, with: [0x1F, 0x40, 0x1F, 0x40])
        XCTAssertThrowsError(try JPEGCodec.decode(huge)) { error in
            XCTAssertTrue("\(error)".contains("8000×8000 pixels is over the 40-megapixel limit"), "\(error)")
        }
        XCTAssertThrowsError(try ImageCodec.decode(Array("GIF89a".utf8))) { error in
            XCTAssertTrue("\(error)".contains("neither a PNG nor a JPEG"), "\(error)")
        }
    }
}
