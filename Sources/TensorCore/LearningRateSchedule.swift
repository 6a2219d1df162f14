// The learning-rate schedule: linear warm-up from 0 to the peak, then cosine decay to a floor.
import Foundation

public struct LearningRateSchedule: Sendable, Equatable {
    public var peak: Double
    public var warmupSteps: Int
    public var totalSteps: Int
    public var floor: Double

    public init(peak: Double, warmupSteps: Int, totalSteps: Int, floor: Double = 0) {
        precondition(
            warmupSteps >= 0 && totalSteps >= warmupSteps, "LearningRateSchedule: need 0 ≤ warmup (\(warmupSteps)) ≤ total (\(totalSteps))")
        self.peak = peak
        self.warmupSteps = warmupSteps
        self.totalSteps = totalSteps
        self.floor = floor
    }

    /// The rate for optimiser step `step` (1-based, like AdamW's):
    ///   step ≤ W: peak·step/W;  after: floor + (peak − floor)·½·(1 + cos(π·p)), p = (step − W)/(total − W) capped at 1.
    public func rate(at step: Int) -> Double {
        if warmupSteps > 0 && step <= warmupSteps { return peak * Double(max(0, step)) / Double(warmupSteps) }
        let span = totalSteps - warmupSteps
        let progress = span == 0 ? 1 : min(1, Double(step - warmupSteps) / Double(span))
        return floor + (peak - floor) * 0.5 * (1 + cos(Double.pi * progress))
    }
}
