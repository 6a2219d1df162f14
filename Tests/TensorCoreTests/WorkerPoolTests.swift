// The persistent worker pool behind ComputeThreads.parallelFor: every task runs exactly once, a
// parallelFor inside a task runs inline instead of deadlocking, callers on other threads are
// served, and a new thread count replaces the pool.
import Foundation
import XCTest
@testable import TensorCore

final class WorkerPoolTests: XCTestCase {
    override func tearDown() { ComputeThreads.configure(threads: ComputeThreads.defaultCount) }

    /// Runs `tasks` tasks and returns how often each one ran.
    static func runCounts(_ tasks: Int, nested: Int = 0) -> [Int] {
        var counts = [Int](repeating: 0, count: tasks * max(1, nested))
        counts.withUnsafeMutableBufferPointer { counts in
            let counts = UncheckedSendable(counts)
            ComputeThreads.parallelFor(tasks) { task in
                if nested == 0 {
                    counts.value[task] += 1
                } else {
                    ComputeThreads.parallelFor(nested) { inner in counts.value[task * nested + inner] += 1 }
                }
            }
        }
        return counts
    }

    func testEveryTaskRunsExactlyOnce() {
        for threads in [1, 2, 3] {
            ComputeThreads.configure(threads: threads)
            for tasks in [0, 1, 2, 7, 1000] {
                XCTAssertEqual(Self.runCounts(tasks), [Int](repeating: 1, count: tasks), "\(threads) threads, \(tasks) tasks")
            }
        }
    }

    func testReplacingThePoolWhileItsHelpersWait() {
        // A replaced pool must outlive its helpers: they may still be polling it.
        for round in 0..<30 {
            ComputeThreads.configure(threads: 2 + round % 2)
            XCTAssertEqual(Self.runCounts(16), [Int](repeating: 1, count: 16))
        }
    }

    func testNestedLoopsRunInline() {
        ComputeThreads.configure(threads: 2)
        XCTAssertEqual(Self.runCounts(5, nested: 9), [Int](repeating: 1, count: 45))
    }

    func testCallersOnSeveralThreads() {
        ComputeThreads.configure(threads: 2)
        let results = UncheckedSendable(UnsafeMutableBufferPointer<Int>.allocate(capacity: 4))
        defer { results.value.deallocate() }
        DispatchQueue.concurrentPerform(iterations: 4) { caller in
            var total = 0
            for _ in 0..<50 { total += WorkerPoolTests.runCounts(64).reduce(0, +) }
            results.value[caller] = total
        }
        XCTAssertEqual(Array(results.value), [Int](repeating: 50 * 64, count: 4))
    }
}
