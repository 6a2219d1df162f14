// Every kind of image a dataset may ship, at a chosen size: PNGs of each colour type and bit depth
// from an independent writer (image_zoo.py: Python's zlib, no libpng) with the RGB bytes a
// correct decoder must give, and JPEGs (baseline, progressive, grey) from libjpeg-turbo's cjpeg.
import Foundation

public struct ZooImage {
    /// e.g. "palette4", "rgba16", "jpeg-progressive".
    public let name: String
    public let bytes: [UInt8]
    /// The RGB8 pixels after decoding (PNGs only: a JPEG's pixels are the decoder's to choose).
    public let expectedRGB: [UInt8]?
    public var fileExtension: String { name.hasPrefix("jpeg") ? "jpg" : "png" }
}

public enum ImageZoo {
    public static let pngKinds = [
        "grey1", "grey2", "grey4", "grey8", "grey16", "rgb8", "rgb16", "greyalpha8", "rgba8", "greyalpha16", "rgba16",
        "palette1", "palette2", "palette4", "palette8",
    ]
    /// Each JPEG kind with the cjpeg options that make it.
    static let jpegEncoders = [
        ("jpeg-baseline", ["-quality", "90"]), ("jpeg-progressive", ["-progressive"]), ("jpeg-grey", ["-grayscale"]),
    ]
    public static let jpegKinds = jpegEncoders.map(\.0)
    public static let kinds = pngKinds + jpegKinds

    /// The zoo images of `width` × `height` (all kinds, or those named), made in a scratch folder.
    public static func images(width: Int, height: Int, kinds: [String] = kinds) throws -> [ZooImage] {
        let scratch = try ScratchDirectory()
        let script = Fixtures.repository.appendingPathComponent("Tests/TestSupport/image_zoo.py").path
        let made = try Subprocess.run("python3", [script, scratch.path("zoo"), "\(width)", "\(height)"] + kinds)
        guard made.status == 0 else { throw ZooError(description: "image_zoo.py failed: \(made.stderr)") }
        var images: [ZooImage] = []
        for name in String(decoding: made.stdout, as: UTF8.self).split(separator: "\n").map(String.init) {
            images.append(
                ZooImage(name: name, bytes: try scratch.read("zoo/\(name).png"), expectedRGB: try scratch.read("zoo/\(name).rgb")))
        }
        for (name, options) in jpegEncoders where kinds.contains(name) {
            let encoded = try Subprocess.run("cjpeg", options + [scratch.path("zoo/source.ppm")])
            guard encoded.status == 0 else { throw ZooError(description: "cjpeg \(name) failed: \(encoded.stderr)") }
            images.append(ZooImage(name: name, bytes: encoded.stdout, expectedRGB: nil))
        }
        return images
    }

    public struct ZooError: Error, CustomStringConvertible {
        public let description: String
    }
}
