// TensorCore is compiled for AVX2 and FMA on x86-64 (Package.swift). On a CPU without them the
// first eight-lane instruction would kill a tool with SIGILL and no explanation, so a command
// that computes says so (`ComputesOnTensorCore`), and the entry point checks /proc/cpuinfo before
// running it, stopping with one line instead.
import Foundation

/// A command whose run uses TensorCore: `runAsTool` checks the CPU's vector units before running it.
public protocol ComputesOnTensorCore {}

public enum VectorUnits {
    /// The instruction sets TensorCore needs that a /proc/cpuinfo text does not list among the
    /// first processor's flags; none when the text has no x86 flags line (nothing to say then).
    public static func missing(fromCPUInfo text: String) -> [String] {
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") }),
            let colon = line.firstIndex(of: ":")
        else { return [] }
        let flags = Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
        return ["avx2", "fma"].filter { !flags.contains($0) }
    }

    /// Throws when this machine lacks them (checked on x86-64 Linux; elsewhere nothing is).
    public static func check() throws {
        #if arch(x86_64) && os(Linux)
            guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return }
            let missing = missing(fromCPUInfo: text)
            if !missing.isEmpty {
                throw InternalFailure(
                    "this CPU lacks \(missing.map { $0.uppercased() }.joined(separator: " and ")), which the tensor core is compiled for "
                        + "(x86-64 CPUs with AVX2 and FMA: Intel Core and Xeon since Haswell, AMD since Excavator)")
            }
        #endif
    }
}
