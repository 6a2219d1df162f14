// JPEG through libjpeg-turbo. Decoding (baseline and progressive, colour and grey) reads the size
// first and checks it against the pixel limit before anything of that size is allocated; encoding
// gives the bytes `cjpeg -quality Q` gives, for exports in the layout real benchmarks ship.
import CJPEG
import Foundation

public enum JPEGCodec {
    public static func decode(_ bytes: [UInt8]) throws -> RGBImage {
        var error = [CChar](repeating: 0, count: 256)
        var width: Int32 = 0, height: Int32 = 0
        let sized = bytes.withUnsafeBufferPointer { input in
            mmpr_jpeg_read(input.baseAddress, input.count, nil, &width, &height, &error, error.count)
        }
        guard sized == 1 else { throw PNGError("not a readable JPEG: \(text(error))") }
        let (w, h) = (Int(width), Int(height))
        try ImageLimits.check(width: w, height: h, format: "JPEG")
        var pixels = [UInt8](repeating: 0, count: w * h * 3)
        let decoded = bytes.withUnsafeBufferPointer { input in
            pixels.withUnsafeMutableBufferPointer { output in
                mmpr_jpeg_read(input.baseAddress, input.count, output.baseAddress, &width, &height, &error, error.count)
            }
        }
        guard decoded == 1 else { throw PNGError("JPEG decoding failed: \(text(error))") }
        return RGBImage(width: w, height: h, pixels: pixels)
    }

    /// The JPEG bytes of `image` at `quality` (1–100): baseline, 4:2:0, a JFIF header only.
    public static func encode(_ image: RGBImage, quality: Int = 90) throws -> [UInt8] {
        var error = [CChar](repeating: 0, count: 256)
        var output: UnsafeMutablePointer<UInt8>?
        var size = 0
        let encoded = image.pixels.withUnsafeBufferPointer { pixels in
            mmpr_jpeg_write(
                pixels.baseAddress, Int32(image.width), Int32(image.height), Int32(quality), &output, &size, &error, error.count)
        }
        guard encoded == 1, let output else { throw PNGError("JPEG encoding failed: \(text(error))") }
        defer { mmpr_jpeg_free(output) }
        return Array(UnsafeBufferPointer(start: output, count: size))
    }

    /// libjpeg's message, up to its terminating zero.
    private static func text(_ message: [CChar]) -> String {
        String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// The largest image any tool decodes: 40 megapixels (a 7 300 × 5 500 photograph), far above what
/// a benchmark ships, far below what would exhaust memory once converted to the model's floats.
public enum ImageLimits {
    public static let maxPixels = 40_000_000

    public static func check(width: Int, height: Int, format: String) throws {
        guard width > 0, height > 0, width <= maxPixels, height <= maxPixels, width * height <= maxPixels else {
            throw PNGError("\(format) of \(width)×\(height) pixels is over the \(maxPixels / 1_000_000)-megapixel limit (or empty)")
        }
    }
}

/// Any image a benchmark ships: PNG or JPEG, told apart by their first bytes.
public enum ImageCodec {
    public static func decode(_ bytes: [UInt8]) throws -> RGBImage {
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return try PNGCodec.decode(bytes) }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return try JPEGCodec.decode(bytes) }
        throw PNGError(
            "neither a PNG nor a JPEG (first bytes \(bytes.prefix(4).map { String(format: "%02x", $0) }.joined(separator: " ")))")
    }
}
