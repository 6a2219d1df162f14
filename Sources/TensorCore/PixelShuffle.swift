// Pixel shuffle (2×2 patch merge) between the ViT and the projector: each 2×2 block of patch
// features becomes one token with 4× the channels, cutting the image tokens by four.

extension Tape {
    /// x [B, H, W, C] (H, W even) → [B, H/2, W/2, 4·C] with
    /// y[b, i, j, (2·di + dj)·C + c] = x[b, 2i + di, 2j + dj, c]. Backward: the inverse permutation, added.
    public func pixelShuffle(_ x: Variable) -> Variable {
        let s = x.shape
        checked { () throws(TensorError) in
            try shapeRule(s.count == 4 && s[1] % 2 == 0 && s[2] % 2 == 0, "pixelShuffle", s, [2, 2], "x [B, H, W, C] with H and W even")
        }
        let (b, h, w, c) = (s[0], s[1], s[2], s[3])
        let y = Tensor(zeros: [b, h / 2, w / 2, 4 * c])
        // Calls body(source offset, destination offset) for every run of C channels.
        func forEachRun(_ body: (Int, Int) -> Void) {
            for n in 0..<b {
                for i in 0..<h / 2 {
                    for j in 0..<w / 2 {
                        for di in 0..<2 {
                            for dj in 0..<2 {
                                body(
                                    ((n * h + 2 * i + di) * w + 2 * j + dj) * c,
                                    ((n * (h / 2) + i) * (w / 2) + j) * 4 * c + (2 * di + dj) * c)
                            }
                        }
                    }
                }
            }
        }
        forEachRun { from, to in (y.pointer + to).update(from: x.value.pointer + from, count: c) }
        return result(y, inputs: [x]) { out in
            let g = out.grad!.pointer, dx = x.gradBuffer().pointer
            forEachRun { from, to in
                for k in 0..<c { dx[from + k] += g[to + k] }
            }
        }
    }
}
