// The parsers that read untrusted bytes (artifacts, manifests, JSON, safetensors, PNG, JPEG, locks), each as one fuzz target: an input may be refused with an
// error, never crash, trap or allocate without bound. `make fuzz` runs them under libFuzzer and
// AddressSanitizer; `mmpr-fuzz TARGET FILE…` replays files (the committed seed corpus in
// Tests/Fuzz/<target>/, or a crash libFuzzer saved) through the same code without sanitizers.
import Artifacts
import Foundation
import JSON
import Problems
import TensorCore

enum FuzzTarget: String, CaseIterable {
    case artifact, manifest, json, safetensors, png, jpeg, lock

    /// Runs the parser on `bytes`; errors are the expected outcome for most inputs.
    func run(_ bytes: [UInt8]) {
        switch self {
        case .artifact:
            // The reader takes a path: the bytes go through a file, as a user's would.
            let path = FuzzTarget.scratchFile
            guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { return }
            _ = try? ArtifactReader(path: path, canonical: true).verifyRemaining()
        case .manifest:
            if let json = try? JSONValue(parsing: bytes) { _ = try? Manifest(json: json, file: "fuzz") }
        case .json:
            if let json = try? JSONValue(parsing: bytes) { _ = JSONWriter.canonical.bytes(json) }
        case .safetensors:
            _ = try? Safetensors.decode(bytes, path: "fuzz")
        case .png:
            _ = try? PNGCodec.decode(bytes)
        case .jpeg:
            _ = try? JPEGCodec.decode(bytes)
        case .lock:
            _ = try? Lockfile.decode(bytes, file: "fuzz")
        }
    }

    static let scratchFile = NSTemporaryDirectory() + "/mmpr-fuzz-\(getpid()).mmpr"
}

#if FUZZING
    /// libFuzzer's entry point; the target comes from MMPR_FUZZ_TARGET.
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
        FuzzTarget.current.run(Array(UnsafeBufferPointer(start: data, count: size)))
        return 0
    }

    /// libFuzzer's driver, called from our own entry point: SwiftPM names an executable's entry
    /// `mmpr_fuzz_main` and points `main` at it, so libFuzzer's `main` is not the one that runs.
    @_silgen_name("LLVMFuzzerRunDriver")
    func LLVMFuzzerRunDriver(
        _ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
    ) -> CInt

    @_cdecl("mmpr_fuzz_main")
    public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
        var count = argc
        var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
        return LLVMFuzzerRunDriver(&count, &arguments, fuzzOneInput)
    }

    extension FuzzTarget {
        static let current: FuzzTarget = {
            let name = ProcessInfo.processInfo.environment["MMPR_FUZZ_TARGET"] ?? ""
            guard let target = FuzzTarget(rawValue: name) else {
                FileHandle.standardError.write(
                    "mmpr-fuzz: set MMPR_FUZZ_TARGET to one of \(allCases.map(\.rawValue).joined(separator: ", "))\n".data(using: .utf8)!)
                exit(2)
            }
            return target
        }()
    }
#else
    /// Replays files through a target: `mmpr-fuzz TARGET FILE…` (a folder stands for its files).
    @main
    enum Replay {
        static func main() {
            let arguments = CommandLine.arguments.dropFirst()
            guard let name = arguments.first, let target = FuzzTarget(rawValue: name) else {
                FileHandle.standardError.write(
                    "usage: mmpr-fuzz {\(FuzzTarget.allCases.map(\.rawValue).joined(separator: ","))} FILE|FOLDER…\n".data(using: .utf8)!)
                exit(2)
            }
            var count = 0
            for path in arguments.dropFirst() {
                var isFolder: ObjCBool = false
                _ = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
                let files =
                    isFolder.boolValue
                    ? ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted().map { "\(path)/\($0)" } : [path]
                for file in files {
                    guard let data = FileManager.default.contents(atPath: file) else { continue }
                    target.run([UInt8](data))
                    count += 1
                }
            }
            try? FileManager.default.removeItem(atPath: FuzzTarget.scratchFile)
            print("mmpr-fuzz \(name): \(count) inputs replayed, no crash")
        }
    }
#endif
