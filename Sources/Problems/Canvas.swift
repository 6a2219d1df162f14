// The rasteriser every generator draws with: filled rectangles, lines, circles and triangles,
// and text in the bitmap font, into an RGBImage. Integer pixel coordinates, (0, 0) top left;
// shapes are clipped to the image, so a caller never has to.
public struct Colour: Equatable, Sendable {
    public var r: UInt8, g: UInt8, b: UInt8
    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
        self.r = r
        self.g = g
        self.b = b
    }
    public static let white = Colour(255, 255, 255), black = Colour(0, 0, 0), grey = Colour(200, 200, 200), darkGrey = Colour(90, 90, 90)
}

public struct Canvas {
    public private(set) var image: RGBImage

    public init(width: Int, height: Int, background: Colour = .white) {
        image = RGBImage(width: width, height: height, fill: (background.r, background.g, background.b))
    }

    public mutating func set(_ x: Int, _ y: Int, _ colour: Colour) {
        guard x >= 0, y >= 0, x < image.width, y < image.height else { return }
        let offset = (y * image.width + x) * 3
        image.pixels[offset] = colour.r
        image.pixels[offset + 1] = colour.g
        image.pixels[offset + 2] = colour.b
    }

    /// Pixels x0..<x1 × y0..<y1.
    public mutating func fillRect(x0: Int, y0: Int, x1: Int, y1: Int, _ colour: Colour) {
        for y in max(0, y0)..<max(max(0, y0), min(image.height, y1)) {
            for x in max(0, x0)..<max(max(0, x0), min(image.width, x1)) { set(x, y, colour) }
        }
    }

    /// A one-pixel line from (x0, y0) to (x1, y1), both ends included (Bresenham).
    public mutating func line(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int, _ colour: Colour) {
        let dx = abs(x1 - x0), dy = -abs(y1 - y0), sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1
        var x = x0, y = y0, error = dx + dy
        while true {
            set(x, y, colour)
            if x == x1 && y == y1 { return }
            let doubled = 2 * error
            if doubled >= dy { error += dy; x += sx }
            if doubled <= dx { error += dx; y += sy }
        }
    }

    /// A filled disc: every pixel whose centre is within `radius` of (cx, cy).
    public mutating func fillCircle(cx: Int, cy: Int, radius: Int, _ colour: Colour) {
        for y in (cy - radius)...(cy + radius) {
            for x in (cx - radius)...(cx + radius) where (x - cx) * (x - cx) + (y - cy) * (y - cy) <= radius * radius {
                set(x, y, colour)
            }
        }
    }

    /// A filled triangle: every pixel centre on the inside of all three edges (same-sign test).
    public mutating func fillTriangle(_ a: (Int, Int), _ b: (Int, Int), _ c: (Int, Int), _ colour: Colour) {
        func side(_ p: (Int, Int), _ q: (Int, Int), _ x: Int, _ y: Int) -> Int { (q.0 - p.0) * (y - p.1) - (q.1 - p.1) * (x - p.0) }
        for y in min(a.1, b.1, c.1)...max(a.1, b.1, c.1) {
            for x in min(a.0, b.0, c.0)...max(a.0, b.0, c.0) {
                let s1 = side(a, b, x, y), s2 = side(b, c, x, y), s3 = side(c, a, x, y)
                if (s1 >= 0 && s2 >= 0 && s3 >= 0) || (s1 <= 0 && s2 <= 0 && s3 <= 0) { set(x, y, colour) }
            }
        }
    }

    /// Text in the 3×5 font with its top-left corner at (x, y).
    public mutating func text(_ text: String, x: Int, y: Int, _ colour: Colour, scale: Int = 1) {
        for (index, character) in text.enumerated() {
            let left = x + index * (BitmapFont.width + 1) * scale
            for (row, bits) in BitmapFont.rows(of: character).enumerated() {
                for column in 0..<BitmapFont.width where bits & (1 << (BitmapFont.width - 1 - column)) != 0 {
                    fillRect(
                        x0: left + column * scale, y0: y + row * scale, x1: left + (column + 1) * scale, y1: y + (row + 1) * scale, colour)
                }
            }
        }
    }

    /// Text centred horizontally on `centreX`.
    public mutating func centredText(_ text: String, centreX: Int, y: Int, _ colour: Colour, scale: Int = 1) {
        self.text(text, x: centreX - BitmapFont.textWidth(text, scale: scale) / 2, y: y, colour, scale: scale)
    }

    /// Copies `other` with its top-left corner at (x, y), each pixel as a `scale`×`scale` block.
    public mutating func draw(_ other: RGBImage, x: Int, y: Int, scale: Int = 1) {
        for sy in 0..<other.height {
            for sx in 0..<other.width {
                let offset = (sy * other.width + sx) * 3
                let colour = Colour(other.pixels[offset], other.pixels[offset + 1], other.pixels[offset + 2])
                fillRect(x0: x + sx * scale, y0: y + sy * scale, x1: x + (sx + 1) * scale, y1: y + (sy + 1) * scale, colour)
            }
        }
    }
}
