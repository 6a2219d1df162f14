// The threads behind ComputeThreads.parallelFor: started once and kept, so handing out a job costs
// a store and a wake-up, not a thread-pool round trip. A training step issues hundreds of parallel
// loops and a decoding step dozens, each only microseconds long; Dispatch's concurrentPerform
// spent a good part of the decode time just starting and joining them.
import COpenBLAS
import Foundation
import Synchronization

/// One parallel loop: tasks are claimed one at a time from a shared counter by whichever thread
/// is free (tasks write disjoint memory, so who runs which task never changes a bit).
private final class Job: @unchecked Sendable {
    let tasks: Int
    /// Set to nil once every task is done, so the caller's non-escaping closure is not kept.
    var body: ((Int) -> Void)?
    let next = Atomic<Int>(0)
    let done = Atomic<Int>(0)

    init(tasks: Int, body: @escaping (Int) -> Void) {
        self.tasks = tasks
        self.body = body
    }

    /// Claims and runs tasks until none is left. A thread that arrives late claims an index
    /// ≥ tasks and never calls `body`, so `body` is not used after the caller saw every task done.
    func work() {
        while true {
            let task = next.wrappingAdd(1, ordering: .relaxed).oldValue
            if task >= tasks { return }
            body!(task)
            done.wrappingAdd(1, ordering: .releasing)
        }
    }
}

final class WorkerPool: @unchecked Sendable {
    /// Threads besides the caller's.
    let helpers: Int
    /// How long a helper keeps polling for the next job before it sleeps: about 0.5 ms on Zen 3
    /// (a pause is ~25 ns there), longer than the serial gaps between the loops of one step,
    /// shorter than a scheduler tick.
    private static let spinsBeforeSleep = 20_000

    private let condition = NSCondition()
    /// Bumped (under `condition`) for every job; helpers poll it without the lock.
    private let generation = Atomic<Int>(0)
    private var current: Job?
    private var stopping = false
    /// One job at a time: a parallelFor nested in a task, or called from a second thread while
    /// the pool is busy, runs its tasks inline instead.
    private let busy = Atomic<Bool>(false)

    init(helpers: Int) {
        self.helpers = helpers
        for index in 0..<helpers {
            // A strong reference: a replaced pool lives until its helpers have seen `stop()`.
            let thread = Thread { self.serve() }
            thread.name = "TensorCore worker \(index + 1)"
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// Runs `body(task)` for every task in `0..<tasks` on the caller and the helpers.
    func run(_ tasks: Int, _ body: (Int) -> Void) {
        guard helpers > 0, tasks > 1, busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            for task in 0..<tasks { body(task) }
            return
        }
        withoutActuallyEscaping(body) { body in
            let job = Job(tasks: tasks, body: body)
            condition.lock()
            current = job
            generation.wrappingAdd(1, ordering: .releasing)
            condition.broadcast()
            condition.unlock()
            job.work()
            while job.done.load(ordering: .acquiring) < tasks { spinPause() }
            job.body = nil
            condition.lock()
            current = nil
            condition.unlock()
        }
        busy.store(false, ordering: .releasing)
    }

    /// Asks the helpers to exit once they are idle (a pool replaced by `ComputeThreads.configure`).
    func stop() {
        condition.lock()
        stopping = true
        generation.wrappingAdd(1, ordering: .releasing)
        condition.broadcast()
        condition.unlock()
    }

    private func serve() {
        var seen = 0
        while true {
            var spins = 0
            while generation.load(ordering: .acquiring) == seen && spins < Self.spinsBeforeSleep {
                spinPause()
                spins += 1
            }
            condition.lock()
            while generation.load(ordering: .acquiring) == seen { condition.wait() }
            seen = generation.load(ordering: .acquiring)
            let job = current, stop = stopping
            condition.unlock()
            if stop { return }
            job?.work()
        }
    }
}

/// A polite busy-wait step (x86's `pause`, which also lets a sibling hyperthread run).
@inline(__always)
private func spinPause() { COpenBLAS_spinPause() }
