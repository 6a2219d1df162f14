// Reverse-mode autodiff: a Variable holds a value and, once something flows into it, a gradient;
// a Tape records one backward closure per op and replays them in reverse (gradients accumulate).

/// A value in the graph. Parameters are named variables that require a gradient; `decay` says
/// whether AdamW applies weight decay to them (off for norms and biases).
public final class Variable {
    public let value: Tensor
    public let name: String
    public let requiresGrad: Bool
    public let decay: Bool
    public private(set) var grad: Tensor?

    /// Parameters keep one gradient buffer across steps (zeroGrad, accumulation over micro-batches).
    let isParameter: Bool

    public convenience init(_ value: Tensor, name: String = "", requiresGrad: Bool = false, decay: Bool = true) {
        self.init(value, name: name, requiresGrad: requiresGrad, decay: decay, isParameter: false)
    }

    private init(_ value: Tensor, name: String, requiresGrad: Bool, decay: Bool, isParameter: Bool) {
        self.value = value
        self.name = name
        self.requiresGrad = requiresGrad
        self.decay = decay
        self.isParameter = isParameter
    }

    /// A trainable tensor: requires a gradient; `decay: false` for norm weights and biases.
    public static func parameter(_ name: String, _ value: Tensor, decay: Bool = true) -> Variable {
        Variable(value, name: name, requiresGrad: true, decay: decay, isParameter: true)
    }

    public var shape: [Int] { value.shape }

    /// The gradient buffer, zero-filled on first use: backward kernels add into it.
    func gradBuffer() -> Tensor {
        if let grad { return grad }
        let zeros = Tensor(zeros: value.shape)
        grad = zeros
        return zeros
    }

    /// An intermediate whose gradient has not started may take a buffer as its gradient outright.
    private var canAdoptGradient: Bool { grad == nil && !isParameter }

    /// The gradient buffer for a kernel that adds with a β: a fresh, unfilled buffer and β = 0 when
    /// an intermediate's gradient has not started (the kernel overwrites it), else the buffer and 1.
    func gradientToWrite() -> (tensor: Tensor, beta: Float) {
        if canAdoptGradient {
            let fresh = Tensor(uninitialized: value.shape)
            grad = fresh
            return (fresh, 0)
        }
        return (gradBuffer(), 1)
    }

    /// grad += g (g of the same element count). An intermediate variable whose gradient has not
    /// started yet adopts g's storage instead of copying it: g is the gradient of an op's output,
    /// and the tape replays in reverse, so nothing reads that output's gradient after its op's
    /// backward. Identity-like backwards (reshape, the residual add) then cost nothing.
    func accumulateGradient(_ g: Tensor) {
        if canAdoptGradient {
            grad = g.reshaped(value.shape)
        } else {
            accumulate(g, into: gradBuffer())
        }
    }

    /// Zeroes the gradient (keeping its buffer) before the next accumulation.
    public func zeroGrad() { grad?.fill(0) }
}

/// Records the backward of each op applied through it. `Tape(recording: false)` is the no-grad
/// mode for reference-model forwards: ops compute values only and allocate no backward state.
public final class Tape {
    public let isRecording: Bool
    private var steps: [() -> Void] = []

    public init(recording: Bool = true) { isRecording = recording }

    /// Ops recorded and not yet replayed.
    public var count: Int { steps.count }

    /// Wraps an op's result. When recording and some input needs a gradient, `backward(output)`
    /// is recorded; it runs only if a gradient reached `output`, and must add into its inputs'
    /// `gradBuffer()`s (for those that require one).
    func result(_ value: Tensor, inputs: [Variable], backward: @escaping (Variable) -> Void) -> Variable {
        guard isRecording, inputs.contains(where: \.requiresGrad) else { return Variable(value) }
        let output = Variable(value, requiresGrad: true)
        steps.append {
            if output.grad != nil { backward(output) }
        }
        return output
    }

    /// Back-propagates from `output`, seeding its gradient with `seed` (ones when nil; a scalar
    /// loss needs none), then forgets the recorded ops. Parameter gradients accumulate across calls.
    public func backward(from output: Variable, seed: Tensor? = nil) {
        precondition(output.requiresGrad, "Tape.backward: the output does not depend on anything that requires a gradient")
        let grad = output.gradBuffer()
        if let seed {
            checked { () throws(TensorError) in
                try shapeRule(seed.shape == grad.shape, "Tape.backward", output.shape, seed.shape, "a seed of the output's shape")
            }
            for i in 0..<grad.count { grad.pointer[i] += seed.pointer[i] }
        } else {
            for i in 0..<grad.count { grad.pointer[i] += 1 }
        }
        for step in steps.reversed() { step() }
        steps.removeAll()
    }

    /// Drops the recorded ops without running them.
    public func reset() { steps.removeAll() }
}
