import RTP
import StackCore
import StackTesting
import Testing

/// Deterministic arrival traces under a manual clock (issue 5). Each test states what the buffer
/// must achieve on its trace.
@Suite struct JitterBufferTraceTests {
    static func ms(_ value: Double) -> Int64 { Int64(value * 1e6) }

    /// No jitter: after the first second the playout delay stays within one frame plus 10 ms, for
    /// every frame size from 10 to 60 ms and any pull phase; nothing is late, lost or concealed.
    @Test(arguments: [(10, 8000), (20, 8000), (30, 16000), (40, 48000), (60, 48000)], [0.0, 7.0, 13.5])
    func noJitter(frameAndRate: (Int, Int), phase: Double) {
        let (frame, rate) = frameAndRate
        let trace = JitterTrace(count: 30_000 / frame, frame: .milliseconds(frame), clockRate: rate) { _, _, _ in Self.ms(30) }
        let run = TraceRun(trace, configuration: .init(clockRate: rate, nominalFrameDuration: .milliseconds(frame)),
                           start: Instant(nanoseconds: Self.ms(phase)))
        let delays = run.delays(after: Instant(nanoseconds: 1_000_000_000))
        #expect(delays.max() ?? .infinity <= Double(frame + 10), "max \(delays.max() ?? -1) ms")
        #expect(run.played.count == trace.arrivals.count)
        #expect(run.playedInOrder)
        #expect(run.statistics.late == 0 && run.statistics.lost == 0 && run.statistics.concealed == 0)
    }

    /// Uniform jitter of 20 and 60 ms: under 1% of packets late, the mean delay under twice the
    /// jitter (so under 120 ms at 60 ms), every packet not late played once and in order.
    @Test(arguments: [20.0, 60.0])
    func uniformJitter(jitter: Double) {
        let trace = JitterTrace(count: 15_000, seed: 7) { _, _, random in Self.ms(40 + Double.random(in: 0..<jitter, using: &random)) }
        let run = TraceRun(trace, configuration: .init(clockRate: 8000))
        let stats = run.statistics
        let lateShare = Double(stats.late) / Double(trace.sent)
        print("jitter \(jitter): late \(stats.late) lost \(stats.lost) mean \(stats.meanDelay) target \(stats.targetDelay) expanded \(stats.expanded) shortened \(stats.shortened) concealed \(stats.concealed)")
        #expect(lateShare < 0.01)
        #expect(stats.meanDelay < .milliseconds(Int64(2 * jitter)))
        #expect(run.playedInOrder)
        #expect(run.played.count + stats.late + stats.lost == trace.sent)
    }
}
