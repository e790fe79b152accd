import Benchmark
import BindingWorkloads
import Foundation
import SRTP

/// Protect plus unprotect of one RTP packet with a 160-byte payload per SRTP suite, through
/// SRTPContext and through libsrtp called directly (BindingWorkloads). Issue 6's target: the binding
/// within 5 % of libsrtp. Figures are per packet (each sample runs 1000). `BENCHMARK_SMOKE=1` runs
/// briefly.
let benchmarks: @Sendable () -> Void = {
    let smoke = ProcessInfo.processInfo.environment["BENCHMARK_SMOKE"] == "1"
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal],
        warmupIterations: smoke ? 2 : 20,
        scalingFactor: .kilo,
        maxDuration: smoke ? .milliseconds(200) : .seconds(3),
        maxIterations: smoke ? 5 : 10_000)

    for profile in SRTPProfile.allCases {
        for direct in [false, true] {
            Benchmark("\(SRTPWorkload.title(profile)), \(direct ? "C direct" : "binding")") { benchmark in
                try SRTPWorkload.run(profile, direct: direct, iterations: benchmark.scaledIterations,
                                     start: benchmark.startMeasurement, stop: benchmark.stopMeasurement)
            }
        }
    }
}
