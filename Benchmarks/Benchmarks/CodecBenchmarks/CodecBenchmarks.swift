import Benchmark
import BindingWorkloads
import Foundation

/// Encode plus decode of one 20 ms frame of speech per codec, through the Swift binding and through
/// the C library called directly with the same settings (BindingWorkloads). Issue 6's target: the
/// binding within 5 % of the C library. Figures are per frame (each sample runs 1000).
/// `BENCHMARK_SMOKE=1` runs briefly.
let benchmarks: @Sendable () -> Void = {
    let smoke = ProcessInfo.processInfo.environment["BENCHMARK_SMOKE"] == "1"
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal],
        warmupIterations: smoke ? 2 : 50,
        scalingFactor: .kilo,
        maxDuration: smoke ? .milliseconds(200) : .seconds(3),
        maxIterations: smoke ? 5 : 1_000)

    for workload in CodecWorkload.allCases {
        for direct in [false, true] {
            Benchmark("\(workload.title), \(direct ? "C direct" : "binding")") { benchmark in
                try workload.run(direct: direct, iterations: benchmark.scaledIterations,
                                 start: benchmark.startMeasurement, stop: benchmark.stopMeasurement)
            }
        }
    }
}
