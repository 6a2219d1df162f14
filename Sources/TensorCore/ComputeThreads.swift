// The one place that decides how many threads TensorCore uses, and the parallel loop every kernel
// shares. OpenBLAS itself always runs with one thread: its own threading changes the bits.
import COpenBLAS
import Foundation

/// Thread configuration for every kernel: `--threads N`, else `MPO_THREADS`, else the core count.
///
/// Kernels split work into *tasks whose boundaries do not depend on the thread count* (fixed row
/// panels, heads, batch items) and only distribute those tasks over threads; no reduction is ever
/// split by thread, so 1 and N threads give the same bits.
public enum ComputeThreads {
    private final class State: @unchecked Sendable {
        let lock = NSLock()
        var threads = 0  // 0: not yet configured
        var pool: WorkerPool?
    }
    private static let state = State()

    /// Sets the thread count (≥ 1) and pins OpenBLAS to one thread. Call once from `main`.
    public static func configure(threads: Int) {
        precondition(threads >= 1, "ComputeThreads.configure: threads must be ≥ 1, got \(threads)")
        state.lock.lock()
        defer { state.lock.unlock() }
        openblas_set_num_threads(1)
        state.threads = threads
    }

    /// The thread count from `MPO_THREADS`, or the number of active cores.
    public static var defaultCount: Int {
        if let text = ProcessInfo.processInfo.environment["MPO_THREADS"], let n = Int(text), (1...1024).contains(n) { return n }
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }

    /// The configured count; configures the default on first use.
    public static var count: Int {
        state.lock.lock()
        defer { state.lock.unlock() }
        if state.threads == 0 {
            openblas_set_num_threads(1)
            state.threads = defaultCount
        }
        return state.threads
    }

    /// OpenBLAS's CPU kernel name ("Haswell", "Zen", …): bits are only comparable on the same one.
    public static var openBLASCoreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// The pool for the configured count, started on first use (and restarted if the count changed).
    private static var pool: WorkerPool {
        let threads = count
        state.lock.lock()
        defer { state.lock.unlock() }
        if let pool = state.pool, pool.helpers == threads - 1 { return pool }
        state.pool?.stop()
        let pool = WorkerPool(helpers: threads - 1)
        state.pool = pool
        return pool
    }

    /// Runs `body(task)` for every task in `0..<tasks` on the configured threads, each task
    /// claimed by whichever thread is free. Tasks must write disjoint memory.
    public static func parallelFor(_ tasks: Int, _ body: (Int) -> Void) {
        // `count` first, always: its first use pins OpenBLAS to one thread. A single task used to
        // skip it, so a process's first small product ran on OpenBLAS's own threads and rounded
        // differently from every later one.
        let threads = count
        if tasks <= 1 || threads == 1 {
            for task in 0..<tasks { body(task) }
            return
        }
        pool.run(tasks, body)
    }
}

/// Lets a kernel hand pointers and closures to worker threads; the kernels guarantee disjoint writes.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// Fixed task boundaries: `count` items in panels of `size`, the last one shorter.
public struct Panels: Sendable {
    public let count: Int
    public let size: Int
    public init(count: Int, size: Int) {
        self.count = count
        self.size = size
    }
    public var number: Int { (count + size - 1) / size }
    public func range(_ panel: Int) -> Range<Int> { panel * size..<min(count, (panel + 1) * size) }
}

extension ComputeThreads {
    /// Runs `body` over fixed chunks of `0..<count` of `grain` items: for elementwise work and for
    /// row-wise kernels whose rows are independent.
    static func parallelChunks(_ count: Int, grain: Int, _ body: (Range<Int>) -> Void) {
        let panels = Panels(count: count, size: max(1, grain))
        parallelFor(panels.number) { body(panels.range($0)) }
    }
}
