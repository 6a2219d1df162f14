// Problem images as the model reads them: PNG bytes → [H, W, 3] Float32 channels in [0, 1].
import Problems
import TensorCore

public enum ModelImage {
    public static func decode(_ png: [UInt8]) throws -> Tensor {
        let canvas = try PNGCodec.decode(png)
        return Tensor(shape: [canvas.height, canvas.width, 3], values: canvas.pixels.map { Float($0) / 255 })
    }

    /// The same, with a failure named after what the image belongs to (file, record, entry): a
    /// bad PNG deep in a run must say which one it is.
    public static func decode(_ png: [UInt8], of owner: String) throws -> Tensor {
        do {
            return try decode(png)
        } catch {
            throw RecordError("\(owner): \(error)")
        }
    }
}
