// swift-tools-version:6.1
import PackageDescription

// A separate package so that the main package's `swift build` and `swift test` never build the
// benchmark dependencies. ordo-one/benchmark earns its place: percentiles, malloc counts and
// baselines without writing a harness; the MallocInterposer trait keeps it to mirrored packages.
let package = Package(
    name: "SwiftSIPStackBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "SwiftSIPStack", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "SIPMessageBenchmarks",
            dependencies: [
                .product(name: "SIPMessage", package: "SwiftSIPStack"),
                .product(name: "StackCore", package: "SwiftSIPStack"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/SIPMessageBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
        .executableTarget(
            name: "SIPTransactionBenchmarks",
            dependencies: [
                .product(name: "Softphone", package: "SwiftSIPStack"),
                .product(name: "SIPTransport", package: "SwiftSIPStack"),
                .product(name: "SIPTransaction", package: "SwiftSIPStack"),
                .product(name: "EventLoopPOSIX", package: "SwiftSIPStack"),
                .product(name: "SIPMessage", package: "SwiftSIPStack"),
                .product(name: "StackCore", package: "SwiftSIPStack"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/SIPTransactionBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
        .executableTarget(
            name: "SDPBenchmarks",
            dependencies: [
                .product(name: "SDP", package: "SwiftSIPStack"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/SDPBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
        .executableTarget(
            name: "RTPBenchmarks",
            dependencies: [
                .product(name: "RTP", package: "SwiftSIPStack"),
                .product(name: "StackCore", package: "SwiftSIPStack"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/RTPBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
        // The bindings beside the C libraries called directly (issue 6: overhead within 5 %): the
        // workloads, their timing, and a plain runner for counting instructions under callgrind.
        // The workloads and the runner live in Support/: the benchmark plugin runs every executable
        // in a folder named Benchmarks as a benchmark.
        .target(
            name: "BindingWorkloads",
            dependencies: [
                .product(name: "AudioCodecs", package: "SwiftSIPStack"),
                .product(name: "SRTP", package: "SwiftSIPStack"),
                .product(name: "CCodecBaselines", package: "SwiftSIPStack"),
            ],
            path: "Support/BindingWorkloads"),
        .executableTarget(
            name: "CodecBenchmarks",
            dependencies: ["BindingWorkloads", .product(name: "Benchmark", package: "benchmark")],
            path: "Benchmarks/CodecBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
        .executableTarget(
            name: "SRTPBenchmarks",
            dependencies: ["BindingWorkloads", .product(name: "SRTP", package: "SwiftSIPStack"),
                           .product(name: "Benchmark", package: "benchmark")],
            path: "Benchmarks/SRTPBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
        .executableTarget(
            name: "BindingCost",
            dependencies: ["BindingWorkloads", .product(name: "SRTP", package: "SwiftSIPStack")],
            path: "Support/BindingCost"),
    ],
    swiftLanguageModes: [.v6]
)
