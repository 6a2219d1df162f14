// Problem images as the model reads them: PNG or JPEG bytes → [side, side, 3] Float32 channels in
// [0, 1], any other size fitted into the square first (RGBImage.fittedToSquare: aspect kept, area
// average, white padding, integer arithmetic).
import Problems
import TensorCore

public enum ModelImage {
    /// The image at its own size (no fitting).
    public static func decode(_ bytes: [UInt8]) throws -> Tensor {
        tensor(try ImageCodec.decode(bytes))
    }

    /// The image fitted into `side` × `side`, as the model reads it.
    public static func decode(_ bytes: [UInt8], side: Int) throws -> Tensor {
        tensor(try ImageCodec.decode(bytes).fittedToSquare(side: side))
    }

    /// The same for `config`'s input, with a failure named after what the image belongs to (file,
    /// record, entry): a bad image deep in a run must say which one it is.
    public static func decode(_ bytes: [UInt8], of owner: String, for config: ModelConfig) throws -> Tensor {
        do {
            return try decode(bytes, side: config.imageSize)
        } catch {
            throw RecordError("\(owner): \(error)")
        }
    }

    /// Refuses an image the model cannot read (a decoder that does not fit images, given to the
    /// trainer): the encoder takes `imageSize` × `imageSize` RGB only.
    public static func check(_ image: Tensor, of owner: String, for config: ModelConfig) throws {
        let side = config.imageSize
        guard image.shape == [side, side, 3] else {
            throw RecordError("\(owner): the image is \(image.shape[1])×\(image.shape[0]) pixels; this model reads \(side)×\(side)")
        }
    }

    private static func tensor(_ image: RGBImage) -> Tensor {
        Tensor(shape: [image.height, image.width, 3], values: image.pixels.map { Float($0) / 255 })
    }
}
