// Batch-invariant KV-cache decoding: each sequence is prefilled alone (its own positions from 0),
// then every step sends each slot's single row through the same per-row kernels (TensorCore's
// matrixVectorProducts on fixed column panels), so a sequence's bits depend neither on the other
// slots nor on the thread count. A task owns one panel of a weight matrix and runs it over every
// slot: the panel is read from memory once per step and stays in cache for the other slots.
import Foundation
import TensorCore

final class Decoder {
    /// Output columns per task: fixed, so the split never depends on the batch or the threads.
    static let panel = 64

    let model: VisionLanguageModel
    let cache: KVCache
    let config: ModelConfig
    // Per-slot scratch, allocated once (no allocation per token):
    let x: Tensor  // [slots, D]       the residual stream of the current position
    let qkv: Tensor  // [slots, 3D]
    let attended: Tensor  // [slots, D]
    let gate: Tensor  // [slots, H]       silu(gate) ⊙ up after the MLP phase
    let up: Tensor  // [slots, H]
    let normed: Tensor  // [slots, D]       rmsNorm(x) before a projection
    let scores: Tensor  // [slots, heads, capacity]
    let logits: Tensor  // [slots, V]       the next-token logits of each slot

    init(model: VisionLanguageModel, slots: Int) {
        let c = model.config
        self.model = model
        config = c
        cache = KVCache(config: c, slots: slots)
        x = Tensor(zeros: [slots, c.llmWidth])
        qkv = Tensor(zeros: [slots, 3 * c.llmWidth])
        attended = Tensor(zeros: [slots, c.llmWidth])
        gate = Tensor(zeros: [slots, c.llmMLPHidden])
        up = Tensor(zeros: [slots, c.llmMLPHidden])
        normed = Tensor(zeros: [slots, c.llmWidth])
        scores = Tensor(zeros: [slots, c.llmHeads, c.contextLength])
        logits = Tensor(zeros: [slots, c.vocabularySize])
    }

    /// Runs `sequence` (a prompt) alone through the teacher-forced forward, fills the slot's cache
    /// and leaves the logits of its last position in `logits[slot]`.
    func prefill(slot: Int, sequence: TemplatedSequence, image: Tensor?) throws(ModelError) {
        let tape = Tape(recording: false), t = sequence.ids.count, d = config.llmWidth
        let batch = try SequenceBatch(sequences: [sequence], images: image.map { [$0] })
        let all = model.llm.logits(tape, model.inputEmbeddings(tape, batch)) { layer, qkv in
            self.cache.fill(layer: layer, slot: slot, qkv: qkv.pointer, rows: t, ld: 3 * d)
        }
        cache.lengths[slot] = t
        (logits.pointer + slot * config.vocabularySize).update(
            from: all.value.pointer + (t - 1) * config.vocabularySize, count: config.vocabularySize)
    }

    /// One decoding step: `tokens[i]` enters slot `slots[i]` at its next position; afterwards
    /// `logits[slot]` scores the position after it.
    func step(slots: [Int], tokens: [Int]) {
        let c = config, d = c.llmWidth, hidden = c.llmMLPHidden, v = c.vocabularySize
        let embed = model.llm.embed.value.pointer
        for (slot, token) in zip(slots, tokens) {
            precondition(
                (0..<v).contains(token) && cache.lengths[slot] < cache.capacity,
                "Decoder.step: token \(token) or a full context in slot \(slot)")
            (x.pointer + slot * d).update(from: embed + token * d, count: d)
        }
        let px = x.pointer, pqkv = qkv.pointer, patt = attended.pointer, pgate = gate.pointer, pup = up.pointer, pnormed = normed.pointer
        for (l, layer) in model.llm.layers.enumerated() {
            // q|k|v = Wqkv · rmsNorm(x)
            normalize(slots, weight: layer.attentionNorm)
            forPanels(columns: 3 * d) { cols in
                product(layer.qkv, cols, slots, x: pnormed, y: pqkv, accumulate: false)
            }
            // Attention per (slot, head) over the cache, which gains this position's k and v.
            let heads = c.llmHeads, dh = d / heads, capacity = c.contextLength
            ComputeThreads.parallelFor(slots.count * heads) { task in
                let slot = slots[task / heads], h = task % heads
                cache.attend(
                    layer: l, slot: slot, head: h, qkv: pqkv + slot * 3 * d, out: patt + slot * d + h * dh,
                    scores: scores.pointer + (slot * heads + h) * capacity)
            }
            // x += Wo · attended
            forPanels(columns: d) { cols in
                product(layer.projection, cols, slots, x: patt, y: px, accumulate: true)
            }
            // gate = silu(Wgate · h) ⊙ (Wup · h), h = rmsNorm(x)
            normalize(slots, weight: layer.mlpNorm)
            forPanels(columns: hidden) { cols in
                product(layer.gate, cols, slots, x: pnormed, y: pgate, accumulate: false)
                product(layer.up, cols, slots, x: pnormed, y: pup, accumulate: false)
                for slot in slots { siluGate(pgate + slot * hidden, pup + slot * hidden, cols) }
            }
            // x += Wdown · gate
            forPanels(columns: d) { cols in
                product(layer.down, cols, slots, x: pgate, y: px, accumulate: true)
            }
        }
        for slot in slots { cache.lengths[slot] += 1 }
        normalize(slots, weight: model.llm.finalNorm)
        forPanels(columns: v) { cols in
            product(model.llm.head, cols, slots, x: pnormed, y: logits.pointer, accumulate: false)
        }
    }

    /// Runs body(output columns) for every fixed panel of `columns` in parallel.
    private func forPanels(columns: Int, _ body: (Range<Int>) -> Void) {
        let panels = Panels(count: columns, size: Self.panel)
        ComputeThreads.parallelFor(panels.number) { body(panels.range($0)) }
    }

    /// normed[slot] = rmsNorm(x[slot]) with TensorCore's own row kernel.
    private func normalize(_ slots: [Int], weight: Variable) {
        let d = config.llmWidth
        for slot in slots {
            rmsNormRow(x.pointer + slot * d, weight: weight.value.pointer, count: d, eps: config.normEps, into: normed.pointer + slot * d)
        }
    }
}

/// y[slot][cols] (+)= W[cols, :] · x[slot] for each slot, W [N, inner]; x and y are [slots, inner]
/// and [slots, N] scratch rows.
@inline(__always)
private func product(
    _ weight: Variable, _ cols: Range<Int>, _ slots: [Int], x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>, accumulate: Bool
) {
    let (n, inner) = (weight.shape[0], weight.shape[1])
    matrixVectorProducts(
        weight.value.pointer, ldw: inner, inner: inner, rows: cols, vectors: slots,
        x: x, xStride: inner, y: y, yStride: n, accumulate: accumulate)
}
