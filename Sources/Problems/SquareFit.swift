// How any image becomes the model's square input, the same bytes on every machine: keep the
// aspect ratio, scale the longer side to `side` with an area average, and pad the rest with
// white, the scaled picture centred. Integer arithmetic throughout, so there is no rounding mode
// or summation order to differ.
extension RGBImage {
    /// The image fitted into `side` × `side`; an image already that size is returned as it is.
    ///   scaled size: w' = max(1, round(w·side / m)), h' likewise, m = max(w, h)
    ///   output pixel (X, Y) of the scaled image = Σ overlap(source pixel, output pixel) · value / (area)
    /// with source pixel x spanning [x·w', (x+1)·w') and output pixel X spanning [X·w, (X+1)·w) in a
    /// common unit, so every overlap is an integer; the quotient rounds half up.
    public func fittedToSquare(side: Int) -> RGBImage {
        if width == side && height == side { return self }
        let longer = max(width, height)
        let outWidth = max(1, (width * side + longer / 2) / longer), outHeight = max(1, (height * side + longer / 2) / longer)
        // For each output column (row): the source columns it covers and by how much.
        func spans(source: Int, output: Int) -> [[(index: Int, weight: Int)]] {
            (0..<output).map { o in
                let start = o * source, end = (o + 1) * source  // output pixel o in units of 1/(source·output)
                var covered: [(index: Int, weight: Int)] = []
                for s in (start / output)...min(source - 1, (end - 1) / output) {
                    let overlap = min(end, (s + 1) * output) - max(start, s * output)
                    if overlap > 0 { covered.append((s, overlap)) }
                }
                return covered
            }
        }
        let columns = spans(source: width, output: outWidth), rows = spans(source: height, output: outHeight)
        let area = width * height  // Σ of the weights of one output pixel: (w)·(h) in those units
        var out = [UInt8](repeating: 255, count: side * side * 3)
        let left = (side - outWidth) / 2, top = (side - outHeight) / 2
        for (y, rowSpan) in rows.enumerated() {
            for (x, columnSpan) in columns.enumerated() {
                var sums = (0, 0, 0)
                for (sy, wy) in rowSpan {
                    for (sx, wx) in columnSpan {
                        let p = (sy * width + sx) * 3, w = wy * wx
                        sums.0 += w * Int(pixels[p])
                        sums.1 += w * Int(pixels[p + 1])
                        sums.2 += w * Int(pixels[p + 2])
                    }
                }
                let q = ((top + y) * side + left + x) * 3
                out[q] = UInt8((sums.0 + area / 2) / area)
                out[q + 1] = UInt8((sums.1 + area / 2) / area)
                out[q + 2] = UInt8((sums.2 + area / 2) / area)
            }
        }
        return RGBImage(width: side, height: side, pixels: out)
    }
}
