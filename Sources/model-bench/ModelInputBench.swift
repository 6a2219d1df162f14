// How fast an image becomes the model's input: decoding (libpng, libjpeg-turbo) and fitting into
// the model's square (RGBImage.fittedToSquare: area average in integer arithmetic, our own code),
// one thread, for the synthetic benchmark's 64 × 64 PNGs and photograph-sized 1000 × 700 JPEGs.
import Foundation
import Problems

/// A picture with edges and gradients, so the codecs do real work.
func benchPicture(width: Int, height: Int) -> RGBImage {
    var image = RGBImage(width: width, height: height, fill: (255, 255, 255))
    for y in 0..<height {
        for x in 0..<width {
            let offset = (y * width + x) * 3
            image.pixels[offset] = UInt8((x * 255) / max(1, width - 1))
            image.pixels[offset + 1] = UInt8((y * 255) / max(1, height - 1))
            image.pixels[offset + 2] = (x / 16 + y / 16) % 2 == 0 ? 40 : 210
        }
    }
    return image
}

func printModelInputTable(side: Int, repetitions: Int) throws {
    let cases: [(name: String, width: Int, height: Int, jpeg: Bool)] = [
        ("64 × 64 PNG", 64, 64, false), ("64 × 64 JPEG", 64, 64, true), ("1000 × 700 PNG", 1000, 700, false),
        ("1000 × 700 JPEG", 1000, 700, true),
    ]
    print("### model input: decode, then fit into \(side) × \(side) (one thread)\n")
    print("| image | bytes | decode | fit | images/s | decoded MP/s |\n|---|---|---|---|---|---|")
    for item in cases {
        let picture = benchPicture(width: item.width, height: item.height)
        let bytes = item.jpeg ? try JPEGCodec.encode(picture, quality: 90) : try PNGCodec.encode(picture)
        // Enough images per timing that each takes tens of milliseconds.
        let count = max(1, 2_000_000 / (item.width * item.height))
        var decoded = picture
        let decode = try medianTime(repetitions) { for _ in 0..<count { decoded = try ImageCodec.decode(bytes) } } / Double(count)
        var fitted = decoded
        let fit = medianTime(repetitions) { for _ in 0..<count { fitted = decoded.fittedToSquare(side: side) } } / Double(count)
        precondition(fitted.width == side && fitted.height == side)
        print(
            String(
                format: "| %@ | %d | %.3f ms | %.3f ms | %.0f | %.0f |", item.name, bytes.count, decode * 1e3, fit * 1e3,
                1 / (decode + fit),
                Double(item.width * item.height) / decode * 1e-6))
    }
    print("\n(a 64 × 64 image is already the model's size, so its fit is a copy-free return.)\n")
}
