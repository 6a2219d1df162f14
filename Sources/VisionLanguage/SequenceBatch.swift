// A padded training batch: templated sequences right-padded to a common length, with the
// next-token targets and the supervised mask aligned to the logits (docs/method.md, "Notation";
// docs/model.md, "Training forward").
import TensorCore

///   ids      [B·T]   token ids, right-padded with -1
///   targets  [B·T]   targets[b·T + t] = ids[b, t + 1] where that token is supervised, else 0
///   mask     [B, T]  1 where targets[b·T + t] is a supervised label
public struct SequenceBatch {
    public let sequences: [TemplatedSequence]
    /// One image [H, W, 3] in [0, 1] per sequence, or nil for text-only sequences.
    public let images: [Tensor]?
    public let length: Int
    let imageOffset: Int?
    let ids: [Int]
    let targets: [Int]
    let mask: Tensor

    public var count: Int { sequences.count }
    /// Supervised tokens per sequence.
    public var counts: [Int] { sequences.map { $0.supervised.reduce(0) { $0 + ($1 ? 1 : 0) } } }

    /// All sequences carry an image (then `images` has one each, at the same offset) or none does.
    public init(sequences: [TemplatedSequence], images: [Tensor]?) throws(ModelError) {
        guard !sequences.isEmpty else { throw .input("an empty batch") }
        let offsets = Set(sequences.map(\.imageOffset))
        guard offsets.count == 1 else { throw .input("a batch mixes sequences with and without images (or at different offsets)") }
        imageOffset = offsets.first!
        guard (imageOffset == nil) == (images == nil), images == nil || images!.count == sequences.count else {
            throw .input(
                "\(sequences.count) sequences \(imageOffset == nil ? "without" : "with") image tokens but \(images?.count ?? 0) images")
        }
        self.sequences = sequences
        self.images = images
        let t = sequences.map(\.ids.count).max()!
        length = t
        var ids = [Int](repeating: -1, count: sequences.count * t), targets = [Int](repeating: 0, count: sequences.count * t)
        let mask = Tensor(zeros: [sequences.count, t])
        for (b, s) in sequences.enumerated() {
            for (i, id) in s.ids.enumerated() { ids[b * t + i] = id }
            for i in 1..<s.ids.count where s.supervised[i] {
                targets[b * t + i - 1] = s.ids[i]
                mask.pointer[b * t + i - 1] = 1
            }
        }
        self.ids = ids
        self.targets = targets
        self.mask = mask
    }
}
