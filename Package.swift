// swift-tools-version:6.0
import PackageDescription

// Dependencies, each earning its place:
// - swift-argument-parser: the `softphone` command line (subcommands, help, validation) without
//   writing and testing a hand-made argument parser. Only the executable depends on it.
// - swift-log: the logging API embedders already route to their own backends (issue 3 asks for it);
//   only runtime modules (SIPTransport) use it, never the pure cores.
// - swift-crypto: the Digest hashes (MD5, SHA-256 and SHA-512/256, the last from CryptoExtras)
//   from a maintained, reviewed implementation rather than our own (issue 7 asks for it).
let package = Package(
    name: "SwiftSIPStack",
    products: [
        .library(name: "StackCore", targets: ["StackCore"]),
        .library(name: "SIPMessage", targets: ["SIPMessage"]),
        .library(name: "SIPTransaction", targets: ["SIPTransaction"]),
        .library(name: "SIPUserAgent", targets: ["SIPUserAgent"]),
        .library(name: "SDP", targets: ["SDP"]),
        .library(name: "RTP", targets: ["RTP"]),
        .library(name: "EventLoopPOSIX", targets: ["EventLoopPOSIX"]),
        .library(name: "SIPTransport", targets: ["SIPTransport"]),
        .library(name: "Softphone", targets: ["Softphone"]),
        .library(name: "AudioCodecs", targets: ["AudioCodecs"]),
        .library(name: "SRTP", targets: ["SRTP"]),
        .library(name: "RTPMedia", targets: ["RTPMedia"]),
        .library(name: "StackTesting", targets: ["StackTesting"]),
        // The C libraries called directly, for the binding tests and the benchmarks' baselines.
        .library(name: "CCodecBaselines", targets: ["CCodecBaselines"]),
        .executable(name: "softphone", targets: ["softphone"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        .target(name: "StackCore"),
        .target(name: "SIPMessage", dependencies: ["StackCore"]),
        .target(name: "SIPTransaction", dependencies: ["SIPMessage", "StackCore"]),
        .target(
            name: "SIPUserAgent",
            dependencies: ["SIPTransaction", "SIPMessage", "SDP", "StackCore",
                           .product(name: "Crypto", package: "swift-crypto"),
                           .product(name: "CryptoExtras", package: "swift-crypto")]),
        .target(name: "SDP", dependencies: ["StackCore"]),
        .target(name: "RTP", dependencies: ["StackCore"]),
        .target(name: "EventLoopPOSIX", dependencies: ["StackCore"]),
        // C behind a wall (STYLE.md §6): system libraries from Debian's -dev packages, which
        // scripts/install-deps.sh installs; a C shim for libopus's variadic ctl calls.
        .systemLibrary(name: "COpus", pkgConfig: "opus", providers: [.apt(["libopus-dev"])]),
        .systemLibrary(name: "CSpanDSP", pkgConfig: "spandsp", providers: [.apt(["libspandsp-dev"])]),
        .target(name: "COpusShims", dependencies: ["COpus"]),
        .target(name: "AudioCodecs", dependencies: ["COpus", "COpusShims", "CSpanDSP", "StackCore"]),
        .systemLibrary(name: "CSRTP", pkgConfig: "libsrtp2", providers: [.apt(["libsrtp2-dev"])]),
        .target(name: "SRTP", dependencies: ["CSRTP", "StackCore"]),
        .target(name: "RTPMedia", dependencies: ["RTP", "AudioCodecs", "SRTP", "SDP", "StackCore"]),
        .target(
            name: "SIPTransport",
            dependencies: ["EventLoopPOSIX", "SIPMessage", "StackCore", .product(name: "Logging", package: "swift-log")]),
        .target(
            name: "Softphone",
            dependencies: ["SIPUserAgent", "SIPTransaction", "SIPTransport", "EventLoopPOSIX", "SIPMessage", "StackCore",
                           .product(name: "Logging", package: "swift-log")]),
        .target(name: "StackTesting", dependencies: ["StackCore", "SIPMessage", "SIPTransaction", "SDP", "RTP"]),
        .executableTarget(
            name: "softphone",
            dependencies: [
                "Softphone", "SIPUserAgent", "SIPTransport", "EventLoopPOSIX", "StackCore", "SIPMessage", "SDP", "RTP",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // libFuzzer entry for the SIP parser, framer, round trip, transaction matching and the
        // transport's 400 salvage. A plain build makes a replayer
        // that runs the same checks over files; `make fuzz` builds it with -DFUZZING and the fuzzer.
        .executableTarget(name: "SIPFuzz", dependencies: ["StackTesting", "SIPTransport", "EventLoopPOSIX"], path: "Fuzz/SIPFuzz"),
        // libFuzzer entry for the SDP parser and round trip.
        .executableTarget(name: "SDPFuzz", dependencies: ["StackTesting"], path: "Fuzz/SDPFuzz"),
        // libFuzzer entry for the RTP and RTCP parsers and round trips.
        .executableTarget(name: "RTPFuzz", dependencies: ["StackTesting"], path: "Fuzz/RTPFuzz"),
        .testTarget(name: "StackCoreTests", dependencies: ["StackCore", "StackTesting"]),
        .testTarget(name: "SIPMessageTests", dependencies: ["SIPMessage", "StackCore", "StackTesting"]),
        .testTarget(name: "SDPTests", dependencies: ["SDP", "StackCore", "StackTesting"]),
        .testTarget(name: "RTPTests", dependencies: ["RTP", "StackCore", "StackTesting"]),
        // Test- and benchmark-only: libopus, spandsp and libsrtp called directly from C, the reference
        // the bindings' output (PESQ) and cost (Benchmarks/) are compared with.
        .target(name: "CCodecBaselines", dependencies: ["COpus", "CSpanDSP", "CSRTP"], path: "Tests/CCodecBaselines"),
        .testTarget(name: "AudioCodecsTests",
                    dependencies: ["AudioCodecs", "CSpanDSP", "COpus", "COpusShims", "CCodecBaselines", "StackCore", "StackTesting"]),
        // Test-only C access to libsrtp's ciphers for the session-key-level vectors.
        .target(name: "CSRTPVectorSupport", dependencies: ["CSRTP"], path: "Tests/CSRTPVectorSupport"),
        .testTarget(name: "SRTPTests", dependencies: ["SRTP", "CSRTP", "CSRTPVectorSupport", "StackCore", "StackTesting"]),
        .testTarget(name: "RTPMediaTests", dependencies: ["RTPMedia", "SRTP", "SDP", "StackCore", "StackTesting"]),
        .testTarget(name: "SIPUserAgentTests", dependencies: ["SIPUserAgent", "SIPMessage", "StackCore", "StackTesting"]),
        .testTarget(name: "SIPTransactionTests", dependencies: ["SIPTransaction", "SIPMessage", "StackCore", "StackTesting"]),
        .testTarget(name: "EventLoopPOSIXTests", dependencies: ["EventLoopPOSIX", "StackCore", "StackTesting"]),
        .testTarget(
            name: "SIPTransportTests",
            dependencies: ["SIPTransport", "SIPTransaction", "EventLoopPOSIX", "SIPMessage", "StackCore", "StackTesting"]),
        .testTarget(
            name: "SIPStackTests",
            dependencies: ["Softphone", "SIPUserAgent", "SIPTransport", "SIPTransaction", "EventLoopPOSIX", "SIPMessage", "StackCore", "StackTesting",
                           .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "SoftphoneCLITests", dependencies: ["softphone", "StackTesting"]),
    ],
    swiftLanguageModes: [.v6]
)
