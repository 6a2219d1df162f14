// model-bench: how fast images become the model's input (decode and fit); the embedded model's
// training step and KV-cache sampling on ref256 and small,
// against the measured sgemm peak; and the trainer's own steps (SFT, a preference step on cached
// reference log-probs, the reference precompute) as `mpo-train fit` runs them. `--json FILE`
// writes the headline figures for scripts/bench-vs-torch.py, which runs the PyTorch twin of the
// same model in turns with this tool and prints the ratios of one run on one machine.
import Artifacts
import COpenBLAS
import Foundation
import TensorCore
import Training
import VisionLanguage

/// Median wall time in seconds of `repetitions` runs after one warm-up.
func medianTime(_ repetitions: Int, _ body: () throws -> Void) rethrows -> Double {
    try body()
    var times: [Double] = []
    for _ in 0..<repetitions {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
    }
    return median(times)
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

func status(_ field: String) -> String {
    let text = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    return text.split(separator: "\n").first { $0.hasPrefix(field + ":") }.map {
        $0.dropFirst(field.count + 1).trimmingCharacters(in: .whitespaces)
    } ?? "?"
}

/// The 1-minute load average: the bench shares the machine, so the table says how busy it was.
func loadAverage() -> Double {
    let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "0"
    return Double(text.split(separator: " ").first ?? "0") ?? 0
}

/// Resets VmHWM to the current RSS (Linux ≥ 4.0), so each preset's peak is its own.
func resetPeakRSS() { try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8) }

/// Forward FLOPs of one sequence of T LLM positions (one image): 2 per multiply-add of every
/// matmul weight and position, plus attention QKᵀ and PV over the full T×T, as the PyTorch
/// reference counts them (our causal query blocks execute 5/8 of the LLM's at T = 256).
func forwardFlops(_ c: ModelConfig, positions t: Int) -> Double {
    let (d, dv) = (Double(c.llmWidth), Double(c.visionWidth))
    let llmWeights = Double(c.llmLayers) * (4 * d * d + 3 * d * Double(c.llmMLPHidden)) + Double(c.vocabularySize) * d
    let visionWeights = Double(c.patchFeatures) * dv + Double(c.visionLayers) * (4 * dv * dv + 2 * dv * Double(c.visionMLPHidden))
    let projectorWeights = Double(c.projectorInput * c.projectorHidden + c.projectorHidden * c.llmWidth)
    let n = Double(c.patchCount), ni = Double(c.imageTokens), tt = Double(t)
    return 2 * (llmWeights * tt + visionWeights * n + projectorWeights * ni)
        + 4 * Double(c.llmLayers) * tt * tt * d + 4 * Double(c.visionLayers) * n * n * dv
}

var repetitions = 3, threads: Int?, presets = ["ref256", "small"], jsonPath: String?
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--threads": threads = arguments.next().flatMap { Int($0) }
    case "--repetitions": repetitions = arguments.next().flatMap { Int($0) } ?? repetitions
    case "--presets": presets = arguments.next()?.split(separator: ",").map(String.init) ?? presets
    case "--json": jsonPath = arguments.next()
    default:
        FileHandle.standardError.write(
            "usage: model-bench [--threads N] [--repetitions N] [--presets ref256,small] [--json FILE]\n".data(using: .utf8)!)
        exit(2)
    }
}
if let threads { ComputeThreads.configure(threads: threads) }

print("## model-bench\n")
print(
    "OpenBLAS core \(ComputeThreads.openBLASCoreName), our threads \(ComputeThreads.count) (OpenBLAS pinned to 1 per call), load average at start \(String(format: "%.2f", loadAverage())).\n"
)

// The peak: a 2048² sgemm, OpenBLAS's own 2 threads vs our panel split on our threads.
let n2048 = 2048, peakFlops = 2.0 * Double(n2048 * n2048 * n2048)
let a = Tensor(zeros: [n2048, n2048]), b = Tensor(zeros: [n2048, n2048]), c = Tensor(zeros: [n2048, n2048])
a.fill(0.5); b.fill(0.25)
openblas_set_num_threads(2)
let rawPeak =
    peakFlops
    / medianTime(5) {
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n2048), Int32(n2048), Int32(n2048), 1, a.pointer, Int32(n2048), b.pointer,
            Int32(n2048), 0, c.pointer, Int32(n2048))
    } * 1e-9
openblas_set_num_threads(1)
let ourPeak = peakFlops / medianTime(5) { _ = Tape(recording: false).matmul(Variable(a), Variable(b)) } * 1e-9
print("| sgemm 2048² | GFLOP/s |\n|---|---|")
print(String(format: "| OpenBLAS, its own 2 threads | %.1f |", rawPeak))
print(String(format: "| ours, %d threads (bit-identical for any count) — the peak used below | %.1f |\n", ComputeThreads.count, ourPeak))

try printModelInputTable(side: ModelConfig.preset(presets.first ?? "small")?.imageSize ?? 64, repetitions: repetitions)

/// The headline figures per preset, for --json.
var figures: [String: [String: Double]] = [:]
for name in presets {
    guard let config = ModelConfig.preset(name) else { print("unknown preset \(name)"); exit(2) }
    resetPeakRSS()
    let model = try VisionLanguageModel(config: config, seed: 1)
    let t = config.contextLength, batchSize = 8

    // Training: batch 8 × T positions, every sequence filled to the context (image + text).
    let promptOverhead = try model.template.example(question: "", response: "", withImage: true).ids.count
    let filler = "Final answer: 7. The bars show 3 and 4. "
    let examples = try (0..<batchSize).map { i -> TemplatedSequence in
        let text = String(repeating: filler, count: t / filler.count + 2)
        let question = String(text.prefix(40)), response = String(text.dropFirst(i).prefix(t - promptOverhead - 40))
        return try model.template.example(question: question, response: response, withImage: true)
    }
    let images = (0..<batchSize).map { i -> Tensor in
        var random = PhiloxGenerator(seed: UInt64(i), stream: 7)
        return random.normalTensor([config.imageSize, config.imageSize, 3], std: 0.2)
    }
    let batch = try SequenceBatch(sequences: examples, images: images)
    precondition(batch.length == t, "bench sequences are \(batch.length) long, expected \(t)")
    let optimizer = AdamW(parameters: model.parameters)
    let seed = Tensor(shape: [batchSize], values: batch.counts.map { -1 / Float(batchSize * $0) })
    // The step and its phases, each a median over the same repetitions (phases are timed apart,
    // so they need not add up exactly to the step).
    var phases: [[Double]] = [[], [], []]
    let stepTime = medianTime(repetitions) {
        var clock = DispatchTime.now().uptimeNanoseconds
        func lap(_ phase: Int) {
            let now = DispatchTime.now().uptimeNanoseconds
            phases[phase].append(Double(now - clock) * 1e-9)
            clock = now
        }
        model.parameters.forEach { $0.zeroGrad() }
        let tape = Tape()
        let sums = model.sequenceLogProbs(batch, tape: tape).sums
        lap(0)
        tape.backward(from: sums, seed: seed)
        lap(1)
        optimizer.update(lr: 1e-4)
        lap(2)
    }
    let (forwardTime, backwardTime, updateTime) = (median(phases[0]), median(phases[1]), median(phases[2]))
    let trainFlops = 3 * Double(batchSize) * forwardFlops(config, positions: t)
    let positions = Double(batchSize * t) / stepTime

    // Sampling: a 96-token prompt (image included) and 128 new tokens, batch 1 and 16.
    let bare = try model.template.prompt(question: "", withImage: true).ids.count
    var sampling: [(Int, GenerationTimings)] = []
    for samplingBatch in [1, 16] {
        let requests = (0..<samplingBatch).map {
            GenerationRequest(
                recordID: "bench", sampleIndex: $0, image: images[$0 % batchSize],
                question: String(String(repeating: filler, count: 4).prefix(96 - bare)))
        }
        let settings = SamplingSettings(temperature: 1, maxNewTokens: 128, seed: 1, ignoreEndOfTurn: true)
        var best: GenerationTimings?
        for _ in 0...repetitions {
            let generator = Generator(model: model, batchSize: samplingBatch)
            _ = try generator.generate(requests, settings: settings)
            let total = generator.timings.prefillSeconds + generator.timings.decodeSeconds
            if best == nil || total < best!.prefillSeconds + best!.decodeSeconds { best = generator.timings }
        }
        sampling.append((samplingBatch, best!))
    }

    // The trainer as `mpo-train fit` runs it: 8 examples or 8 pairs per step, every sequence
    // filled to the context; the image decoder copies a ready tensor (PNG decoding of a 64×64
    // image is microseconds and not what is measured here).
    let questionText = String(String(repeating: filler, count: 2).prefix(40))
    func response(_ i: Int) -> String {
        String(String(repeating: filler, count: t / filler.count + 2).dropFirst(i % 7).prefix(t - promptOverhead - 40))
    }
    let steps = repetitions + 1, imageShape = images[0].shape,
        imageValues = Array(UnsafeBufferPointer(start: images[0].pointer, count: images[0].count))
    var settings = TrainingSettings()
    settings.batchSize = batchSize
    settings.learningRate = 1e-4
    func medianStep(_ run: (Trainer, (Trainer.StepReport) throws -> Void) throws -> Void) throws -> Double {
        var times: [Double] = [], last = Date()
        try run(Trainer(model: model, settings: settings, decodeImage: { _ in Tensor(shape: imageShape, values: imageValues) })) { _ in
            let now = Date()
            times.append(now.timeIntervalSince(last))
            last = now
        }
        return times.dropFirst().sorted()[(times.count - 1) / 2]
    }
    let sftExamples = (0..<batchSize * steps).map {
        SequenceExample(id: "\($0)", imagePNG: [0], question: questionText, response: response($0))
    }
    let sftStep = try medianStep { trainer, report in try trainer.fit(sft: sftExamples, report: report) }
    let pairs = (0..<batchSize * steps).map {
        PairExample(id: "\($0)", imagePNG: [0], question: questionText, chosen: response($0), rejected: response($0 + 3))
    }
    let referenceTime = Date()
    let reference = try ReferenceScoring.score(
        pairs, model: model, batchSize: batchSize, decodeImage: { _ in Tensor(shape: imageShape, values: imageValues) })
    let referencePairsPerSecond = Double(pairs.count) / Date().timeIntervalSince(referenceTime)
    let mix = try LossMix(parsing: "mpo")
    let preferenceStep = try medianStep { trainer, report in try trainer.fit(pairs: pairs, reference: reference, loss: mix, report: report)
    }
    // Positions as executed: the batch is as long as its longest sequence.
    let length = try model.template.example(question: questionText, response: response(0), withImage: true).ids.count
    let sftPositions = Double(batchSize * length) / sftStep, preferencePositions = Double(2 * batchSize * length) / preferenceStep
    let trainerFlops = 3 * Double(batchSize) * forwardFlops(config, positions: length)
    let peakRSS = status("VmHWM")

    print("### \(name): \(model.parameterCount) parameters, \(config.imageTokens) image tokens, context \(t)\n")
    print(
        String(
            format: "Forward FLOPs per %d-position sample: %.3f GFLOP = 2·(P_llm·T + P_vit·N + P_proj·Ni) + 4·L·T²·D + 4·L_vit·N²·D_vit", t,
            forwardFlops(config, positions: t) * 1e-9))
    print("(matmul weights, and attention over the full T×T as the PyTorch reference counts it, although our causal query blocks")
    print("execute only 5/8 of the LLM's at T = 256; a training step counts 3× forward).\n")
    print("| measure | value |\n|---|---|")
    print(String(format: "| training step, batch %d × %d (fwd + bwd + AdamW) | %.0f ms |", batchSize, t, stepTime * 1e3))
    print(
        String(
            format: "| of which forward, backward, AdamW | %.0f, %.0f, %.0f ms |", forwardTime * 1e3, backwardTime * 1e3, updateTime * 1e3))
    print(String(format: "| training positions/s | %.0f |", positions))
    print(
        String(
            format: "| training GFLOP/s (%.1f GFLOP/step) | %.1f = %.0f %% of our sgemm peak |", trainFlops * 1e-9,
            trainFlops / stepTime * 1e-9, 100 * trainFlops / stepTime * 1e-9 / ourPeak))
    var preset = ["train_positions_per_s": positions, "mpo_policy_positions_per_s": preferencePositions, "mpo_length": Double(length)]
    for (samplingBatch, timing) in sampling {
        let overall = Double(timing.decodeTokens) / (timing.prefillSeconds + timing.decodeSeconds)
        preset["sample_b\(samplingBatch)_tokens_per_s"] = overall
        print(
            String(
                format: "| batch %d prefill (%d prompt tokens) | %.0f tokens/s |", samplingBatch, timing.prefillTokens,
                Double(timing.prefillTokens) / timing.prefillSeconds))
        print(
            String(
                format: "| batch %d decode (%d new tokens) | %.0f tokens/s |", samplingBatch, timing.decodeTokens,
                Double(timing.decodeTokens) / timing.decodeSeconds))
        print(String(format: "| batch %d new tokens/s incl. prefill | %.0f |", samplingBatch, overall))
    }
    print(
        String(
            format: "| trainer SFT step, 8 × %d | %.0f ms = %.0f positions/s, %.1f GFLOP/s |", length, sftStep * 1e3,
            sftPositions, trainerFlops / sftStep * 1e-9))
    print(
        String(
            format:
                "| trainer MPO step, 8 pairs × %d, cached reference | %.0f ms = %.0f policy positions/s, %.1f GFLOP/s (%.0f %% of peak) |",
            length, preferenceStep * 1e3, preferencePositions, 2 * trainerFlops / preferenceStep * 1e-9,
            100 * 2 * trainerFlops / preferenceStep * 1e-9 / ourPeak))
    print(String(format: "| reference log-probs precompute | %.1f pairs/s |", referencePairsPerSecond))
    print("| peak RSS (VmHWM, this preset) | \(peakRSS) |\n")
    figures[name] = preset
}

if let jsonPath {
    // Flat numbers only: "%.17g" round-trips a Double and is valid JSON.
    func object(_ values: [String: Double]) -> String {
        "{" + values.sorted { $0.key < $1.key }.map { "\"\($0.key)\": " + String(format: "%.17g", $0.value) }.joined(separator: ", ") + "}"
    }
    let presetsText = figures.sorted { $0.key < $1.key }.map { "\"\($0.key)\": " + object($0.value) }.joined(separator: ", ")
    let text =
        "{\"sgemm\": " + object(["ours_gflops": ourPeak, "openblas_gflops": rawPeak, "threads": Double(ComputeThreads.count)])
        + ", \"presets\": {" + presetsText + "}}\n"
    do {
        try writeAtomically(Array(text.utf8), to: jsonPath)
    } catch {
        FileHandle.standardError.write("model-bench: cannot write \(jsonPath): \(error)\n".data(using: .utf8)!)
        exit(1)
    }
}
