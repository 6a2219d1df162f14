// An 8-bit RGB raster, row-major, 3 bytes per pixel: what the renderer draws into, what PNG
// stores and what the model reads (after scaling to [0, 1]).
public struct RGBImage: Equatable, Sendable {
    public let width: Int
    public let height: Int
    /// `height × width × 3` bytes: R, G, B for (x: 0, y: 0), then (1, 0), …
    public var pixels: [UInt8]

    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(width > 0 && height > 0 && pixels.count == width * height * 3, "an RGB image needs width × height × 3 bytes")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// A blank image of one colour.
    public init(width: Int, height: Int, fill: (r: UInt8, g: UInt8, b: UInt8) = (255, 255, 255)) {
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for offset in stride(from: 0, to: pixels.count, by: 3) {
            pixels[offset] = fill.r
            pixels[offset + 1] = fill.g
            pixels[offset + 2] = fill.b
        }
        self.init(width: width, height: height, pixels: pixels)
    }
}
