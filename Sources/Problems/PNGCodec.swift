// PNG through libpng's simplified API (1.6): RGB8 in, RGB8 out. Encoding is deterministic for
// the same pixels (libpng's defaults never depend on time or the machine), so images hash stably.
import CPNG

public struct PNGError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

public enum PNGCodec {
    /// The PNG bytes of `image` (colour type RGB, 8 bits per channel, no metadata chunks).
    public static func encode(_ image: RGBImage) throws -> [UInt8] {
        var png = png_image()
        png.version = UInt32(PNG_IMAGE_VERSION)
        png.width = UInt32(image.width)
        png.height = UInt32(image.height)
        png.format = UInt32(PNG_FORMAT_RGB)
        let stride = Int32(image.width * 3)
        var size = 0
        // First call sizes the output, second writes it.
        let sized = image.pixels.withUnsafeBytes { pixels in
            png_image_write_to_memory(&png, nil, &size, 0, pixels.baseAddress, stride, nil)
        }
        guard sized != 0 else { throw PNGError("PNG encoding failed: \(message(of: png))") }
        var bytes = [UInt8](repeating: 0, count: size)
        let written = bytes.withUnsafeMutableBytes { output in
            image.pixels.withUnsafeBytes { pixels in
                png_image_write_to_memory(&png, output.baseAddress, &size, 0, pixels.baseAddress, stride, nil)
            }
        }
        guard written != 0 else { throw PNGError("PNG encoding failed: \(message(of: png))") }
        return Array(bytes.prefix(size))
    }

    /// Decodes any PNG libpng reads (grey, palette, alpha, 16-bit) to RGB8; alpha is composited
    /// over white, as a viewer would show it. 16-bit samples without a gAMA chunk are taken as
    /// sRGB and scaled to 8 bits (libpng's own default would take them as linear light and brighten
    /// them, which is not how any dataset or image library reads them).
    public static func decode(_ bytes: [UInt8]) throws -> RGBImage {
        var png = png_image()
        png.version = UInt32(PNG_IMAGE_VERSION)
        let began = bytes.withUnsafeBytes { input in
            png_image_begin_read_from_memory(&png, input.baseAddress, input.count)
        }
        guard began != 0 else { throw PNGError("not a readable PNG: \(message(of: png))") }
        png.format = UInt32(PNG_FORMAT_RGB)
        png.flags |= UInt32(PNG_IMAGE_FLAG_16BIT_sRGB)
        let width = Int(png.width), height = Int(png.height)
        do { try ImageLimits.check(width: width, height: height, format: "PNG") } catch {
            png_image_free(&png)
            throw error
        }
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        var white = png_color(red: 255, green: 255, blue: 255)
        let finished = pixels.withUnsafeMutableBytes { output in
            png_image_finish_read(&png, &white, output.baseAddress, Int32(width * 3), nil)
        }
        guard finished != 0 else { throw PNGError("PNG decoding failed: \(message(of: png))") }
        return RGBImage(width: width, height: height, pixels: pixels)
    }

    private static func message(of png: png_image) -> String {
        withUnsafeBytes(of: png.message) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
    }
}
