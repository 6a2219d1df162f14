// Tensor: contiguous row-major Float32 storage with a shape. Reshape and leading-axis slices are
// views that share storage; everything else is an explicit `copy()`.
import COpenBLAS

/// Owns one 64-byte aligned Float32 buffer, zero-filled.
final class TensorStorage: @unchecked Sendable {
    let base: UnsafeMutablePointer<Float>
    let count: Int

    /// Keeps tensor buffers on the heap: under glibc's default 128 KiB mmap threshold every
    /// multi-megabyte activation would be a fresh mapping, page-faulted in on first touch and
    /// unmapped on free, which costs as much as a small matmul. Runs once, before the first tensor.
    /// Best effort: another allocator (AddressSanitizer's, a preloaded jemalloc) may refuse the
    /// setting, and then only speed is lost — a refusal used to stop every tool with a trap.
    private static let heapAllocation: Void = { _ = COpenBLAS_keepLargeAllocationsOnHeap() }()

    init(count: Int, zeroed: Bool = true) {
        _ = Self.heapAllocation
        self.count = count
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(1, count) * 4, alignment: 64)
        base = raw.bindMemory(to: Float.self, capacity: max(1, count))
        if zeroed {
            base.initialize(repeating: 0, count: count)
        } else {
            #if DEBUG
                // Debug builds (the test suite, the smoke lock) fill unwritten outputs with NaN, so a
                // kernel that reads an element before writing it fails a test instead of passing by luck.
                base.initialize(repeating: .nan, count: count)
            #endif
        }
    }

    deinit { UnsafeMutableRawPointer(base).deallocate() }
}

/// A view of `shape.product` consecutive floats. Copying a `Tensor` copies the view, not the data:
/// writes through `pointer` are seen by every view of the same storage.
public struct Tensor: CustomStringConvertible {
    public let shape: [Int]
    let storage: TensorStorage
    let offset: Int

    /// Zeros of the given shape.
    public init(zeros shape: [Int]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor: negative dimension in shape \(shape)")
        self.shape = shape
        storage = TensorStorage(count: shape.reduce(1, *))
        offset = 0
    }

    /// A tensor whose every element the caller writes before anything reads it (an op's output
    /// computed with β = 0, say): skips zero-filling megabytes that are overwritten at once.
    init(uninitialized shape: [Int]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor: negative dimension in shape \(shape)")
        self.shape = shape
        storage = TensorStorage(count: shape.reduce(1, *), zeroed: false)
        offset = 0
    }

    /// A tensor holding `values` in row-major order.
    public init(shape: [Int], values: [Float]) {
        self.init(zeros: shape)
        precondition(values.count == count, "Tensor: \(values.count) values for shape \(shape) (\(count) elements)")
        values.withUnsafeBufferPointer { pointer.update(from: $0.baseAddress!, count: count) }
    }

    /// A scalar (shape []).
    public init(scalar: Float) { self.init(shape: [], values: [scalar]) }

    private init(shape: [Int], storage: TensorStorage, offset: Int) {
        self.shape = shape
        self.storage = storage
        self.offset = offset
    }

    public var count: Int { shape.reduce(1, *) }
    public var rank: Int { shape.count }
    /// The first element; valid for `count` floats.
    public var pointer: UnsafeMutablePointer<Float> { storage.base + offset }
    /// A copy of the values in row-major order.
    public var scalars: [Float] { Array(UnsafeBufferPointer(start: pointer, count: count)) }
    /// The value of a one-element tensor.
    public var item: Float {
        precondition(count == 1, "Tensor.item: shape \(shape) has \(count) elements, not 1")
        return pointer[0]
    }
    /// Size of the last axis (1 for a scalar): the row length of a [rows, columns] reading.
    public var columns: Int { shape.last ?? 1 }
    /// Product of all axes but the last.
    public var rows: Int { columns == 0 ? 0 : count / columns }

    /// The same storage with another shape of equal element count (-1 infers one axis).
    public func reshaped(_ newShape: [Int]) -> Tensor {
        var resolved = newShape
        if let inferred = newShape.firstIndex(of: -1) {
            let known = newShape.filter { $0 != -1 }.reduce(1, *)
            precondition(known > 0 && count % known == 0, "Tensor.reshaped: cannot reshape \(shape) to \(newShape)")
            resolved[inferred] = count / known
        }
        precondition(resolved.reduce(1, *) == count, "Tensor.reshaped: cannot reshape \(shape) to \(newShape)")
        return Tensor(shape: resolved, storage: storage, offset: offset)
    }

    /// Indices `range` of the leading axis, sharing storage.
    public func slice(_ range: Range<Int>) -> Tensor {
        precondition(
            rank >= 1 && range.lowerBound >= 0 && range.upperBound <= shape[0],
            "Tensor.slice: range \(range) out of bounds for shape \(shape)")
        let inner = shape.dropFirst().reduce(1, *)
        return Tensor(shape: [range.count] + shape.dropFirst(), storage: storage, offset: offset + range.lowerBound * inner)
    }

    /// A fresh tensor with the same values.
    public func copy() -> Tensor {
        let result = Tensor(uninitialized: shape)
        result.pointer.update(from: pointer, count: count)
        return result
    }

    /// Sets every element to `value`.
    public func fill(_ value: Float) { pointer.update(repeating: value, count: count) }

    /// Exact equality of shape and bits (NaNs with equal payloads compare equal).
    public func bitwiseEqual(_ other: Tensor) -> Bool {
        shape == other.shape && (0..<count).allSatisfy { pointer[$0].bitPattern == other.pointer[$0].bitPattern }
    }

    public var description: String {
        let shown = scalars.prefix(8).map { "\($0)" }.joined(separator: ", ")
        return "Tensor(\(shape): [\(shown)\(count > 8 ? ", …" : "")])"
    }
}
