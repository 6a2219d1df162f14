// Problem images as the model reads them: PNG bytes → [H, W, 3] Float32 channels in [0, 1].
import Problems
import TensorCore

public enum ModelImage {
    public static func decode(_ png: [UInt8]) throws -> Tensor {
        let canvas = try PNGCodec.decode(png)
        return Tensor(shape: [canvas.height, canvas.width, 3], values: canvas.pixels.map { Float($0) / 255 })
    }
}
