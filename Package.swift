// swift-tools-version: 6.0
// The MPO toolkit: the MMPR preference-data pipeline and the MPO loss, on one CPU.
// Module layout: see README.md ("Layout") and DESIGN §6.
import PackageDescription

// TensorCore is optimised even in debug builds: its SIMD kernels run ~50× slower unoptimised, which
// would make the test suite (a debug build) several minutes longer. On x86-64 its eight-lane code
// is compiled for AVX2 and FMA (Intel Core/Xeon since Haswell, AMD since Excavator; some Pentium,
// Celeron and Atom parts lack them; the pipeline already pins OpenBLAS to its Haswell kernels):
// one instruction per Float8 operation, and a real FMA for the decoding kernel's chains. Swift
// never fuses a·b + c by itself, so only explicit FMAs round differently. `#if arch` tests the
// machine that builds: a cross-build for another architecture must drop these flags.
#if arch(x86_64)
    let tensorCoreFlags: [SwiftSetting] = [
        .unsafeFlags(["-O"], .when(configuration: .debug)), .unsafeFlags(["-Xcc", "-mavx2", "-Xcc", "-mfma"]),
    ]
#else
    let tensorCoreFlags: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]
#endif

let package = Package(
    name: "mpo-toolkit",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "mmpr-art", targets: ["mmpr-art"]),
        .executable(name: "mpo-eval", targets: ["mpo-eval"]),
        .executable(name: "mmpr-synth", targets: ["mmpr-synth"]),
        .executable(name: "mmpr-import", targets: ["mmpr-import"]),
        .executable(name: "tensorcore-bench", targets: ["tensorcore-bench"]),
        .executable(name: "mpo-train", targets: ["mpo-train"]),
        .executable(name: "model-bench", targets: ["model-bench"]),
        .executable(name: "mmpr-pair", targets: ["mmpr-pair"]),
        .executable(name: "mmpr-sample", targets: ["mmpr-sample"]),
        .executable(name: "mmpr-dropntp", targets: ["mmpr-dropntp"]),
        .executable(name: "mpo-serve", targets: ["mpo-serve"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // A small HTTP server on Swift concurrency, for mpo-serve (well under a minute to build).
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
    ],
    targets: [
        // System libraries from Debian (`make deps` installs them).
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CArchive", pkgConfig: "libarchive", providers: [.apt(["libarchive-dev"])]),
        .systemLibrary(name: "CXXHash", pkgConfig: "libxxhash", providers: [.apt(["libxxhash-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        // libjpeg-turbo through a small C target: its error handler must longjmp, which Swift cannot.
        .target(name: "CJPEG", linkerSettings: [.linkedLibrary("jpeg")]),

        // Libraries: every algorithm lives here, with tests.
        .target(
            name: "ToolSupport",
            dependencies: [
                "Artifacts", "JSON", "TensorCore", "Serving", "COpenBLAS",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .target(name: "JSON"),
        .target(name: "Artifacts", dependencies: ["JSON", "CArchive", "CXXHash"]),
        .target(name: "TensorCore", dependencies: ["JSON", "COpenBLAS"], swiftSettings: tensorCoreFlags),
        .target(name: "Answers", dependencies: ["JSON"]),
        .target(name: "Problems", dependencies: ["JSON", "Artifacts", "CPNG", "CJPEG"]),
        .target(name: "VisionLanguage", dependencies: ["JSON", "Artifacts", "TensorCore", "COpenBLAS", "Problems", "CPNG"]),
        .target(name: "Training", dependencies: ["JSON", "Artifacts", "TensorCore", "VisionLanguage", "Preference", "Problems"]),
        .target(name: "Preference", dependencies: ["JSON", "Artifacts", "Answers", "TensorCore", "VisionLanguage", "Problems", "Serving"]),
        .target(
            name: "Evaluation", dependencies: ["JSON", "Artifacts", "Answers", "VisionLanguage", "Problems", "TensorCore", "Serving"]),
        // The client of OpenAI-compatible servers (URLSession from Foundation, no other dependency).
        .target(name: "Serving", dependencies: ["JSON", "Artifacts"]),
        // The other side: our model artifacts behind an OpenAI-compatible server.
        .target(
            name: "ModelServer",
            dependencies: [
                "VisionLanguage", "Problems", "TensorCore", "JSON", "Artifacts", .product(name: "FlyingFox", package: "FlyingFox"),
            ]),

        // Executables: argument parsing only.
        .executableTarget(name: "mmpr-art", dependencies: ["Artifacts", "ToolSupport"]),
        .executableTarget(
            name: "mpo-eval",
            dependencies: [
                "Answers", "Evaluation", "Problems", "VisionLanguage", "TensorCore", "Artifacts", "JSON", "ToolSupport", "Serving",
            ]),
        .executableTarget(name: "mmpr-synth", dependencies: ["Problems", "Artifacts", "JSON", "ToolSupport"]),
        .executableTarget(name: "mmpr-import", dependencies: ["Problems", "Preference", "Artifacts", "JSON", "ToolSupport"]),
        .executableTarget(name: "mmpr-fuzz", dependencies: ["Artifacts", "JSON", "Problems", "TensorCore"]),
        .executableTarget(name: "tensorcore-bench", dependencies: ["TensorCore", "COpenBLAS"]),
        .executableTarget(
            name: "mpo-train", dependencies: ["Training", "Preference", "VisionLanguage", "TensorCore", "Artifacts", "JSON", "ToolSupport"]),
        .executableTarget(name: "model-bench", dependencies: ["VisionLanguage", "Training", "TensorCore", "Artifacts", "COpenBLAS"]),
        .executableTarget(name: "mmpr-pair", dependencies: ["Preference", "Artifacts", "JSON", "ToolSupport"]),
        .executableTarget(
            name: "mpo-serve",
            dependencies: [
                "ModelServer", "VisionLanguage", "TensorCore", "Artifacts", "ToolSupport",
                .product(name: "FlyingFox", package: "FlyingFox"),
            ]),
        .executableTarget(
            name: "mmpr-sample",
            dependencies: ["Preference", "Problems", "VisionLanguage", "TensorCore", "Artifacts", "JSON", "ToolSupport"]),
        .executableTarget(
            name: "mmpr-dropntp", dependencies: ["Preference", "VisionLanguage", "TensorCore", "Artifacts", "JSON", "ToolSupport"]),

        // Shared by the test targets: running our executables and the reference programs.
        .target(
            name: "TestSupport", path: "Tests/TestSupport",
            exclude: ["image_zoo.py", "internvl_loader.py", "fake_openai_server.py", "openai_client_check.py"]),
        .testTarget(name: "JSONTests", dependencies: ["JSON", "TestSupport"]),
        .testTarget(name: "ArtifactsTests", dependencies: ["Artifacts", "ToolSupport", "TestSupport"]),
        .testTarget(name: "ToolSupportTests", dependencies: ["ToolSupport"]),
        .testTarget(name: "TensorCoreTests", dependencies: ["TensorCore", "TestSupport"]),
        .testTarget(name: "AnswersTests", dependencies: ["Answers", "TestSupport"]),
        .testTarget(name: "ProblemsTests", dependencies: ["Problems", "Preference", "Artifacts", "JSON", "TestSupport"]),
        .testTarget(name: "VisionLanguageTests", dependencies: ["VisionLanguage", "TensorCore", "TestSupport"]),
        .testTarget(name: "TrainingTests", dependencies: ["Training", "VisionLanguage", "TensorCore", "JSON"]),
        .testTarget(name: "OracleTests", dependencies: ["Training", "VisionLanguage", "TensorCore"], exclude: ["golden"]),
        .testTarget(name: "PreferenceTests", dependencies: ["Preference", "Answers", "Artifacts", "Problems"]),
        .testTarget(
            name: "EvaluationTests",
            dependencies: [
                "Evaluation", "Answers", "Artifacts", "JSON", "TestSupport", "Preference", "Problems", "VisionLanguage", "TensorCore",
            ]),
        .testTarget(
            name: "PipelineTests",
            dependencies: ["Problems", "Preference", "VisionLanguage", "TensorCore", "Artifacts", "JSON", "TestSupport", "ToolSupport"],
            exclude: ["help"]),
    ],
    swiftLanguageModes: [.v6]
)
