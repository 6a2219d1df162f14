// Problem images as the model reads them: PNG or JPEG bytes → [H, W, 3] Float32 channels in [0, 1].
import Problems
import TensorCore

public enum ModelImage {
    public static func decode(_ png: [UInt8]) throws -> Tensor {
        let canvas = try ImageCodec.decode(png)
        return Tensor(shape: [canvas.height, canvas.width, 3], values: canvas.pixels.map { Float($0) / 255 })
    }

    /// The same, with a failure named after what the image belongs to (file, record, entry): a
    /// bad PNG deep in a run must say which one it is. With `config`, an image of another size
    /// than the model reads is refused here, by name, instead of stopping the encoder.
    public static func decode(_ png: [UInt8], of owner: String, for config: ModelConfig? = nil) throws -> Tensor {
        let image: Tensor
        do {
            image = try decode(png)
        } catch {
            throw RecordError("\(owner): \(error)")
        }
        if let config { try check(image, of: owner, for: config) }
        return image
    }

    /// Refuses an image the model cannot read: it takes `imageSize` × `imageSize` RGB only.
    public static func check(_ image: Tensor, of owner: String, for config: ModelConfig) throws {
        let side = config.imageSize
        guard image.shape == [side, side, 3] else {
            throw RecordError(
                "\(owner): the image is \(image.shape[1])×\(image.shape[0]) pixels; this model reads \(side)×\(side) (images are not resized)"
            )
        }
    }
}
