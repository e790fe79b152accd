import RTP
import Testing

/// The RFC 3611 §4.7.2 burst/gap split, checked against transition counts worked out by hand
/// (Appendix A.2) for short patterns. `R` is a received packet, `L` a missing one.
@Suite struct BurstGapCounterTests {
    /// Feeds a pattern such as `20R L 15R L`.
    static func counter(_ pattern: String, gapThreshold: Int = 16) -> BurstGapCounter {
        var counter = BurstGapCounter(gapThreshold: gapThreshold)
        for token in pattern.split(separator: " ") {
            let count = Int(token.dropLast()) ?? 1
            for _ in 0..<count { counter.record(received: token.last == "R") }
        }
        return counter
    }

    @Test func noLossIsOneGap() {
        let m = Self.counter("100R").metrics
        #expect(m == BurstGapMetrics(burstDensity: 0, gapDensity: 0, burstLength: 0, gapLength: 100, bursts: 0))
    }

    /// Single losses 50 packets apart are gap loss: c11 = 150, c14 = 2, no burst.
    @Test func isolatedLossesStayInTheGap() {
        let c = Self.counter("50R L 50R L 50R")
        #expect(c.packets == 152 && c.missing == 2)
        #expect(c.metrics == BurstGapMetrics(burstDensity: 0, gapDensity: 2.0 / 152, burstLength: 0, gapLength: 152, bursts: 0))
    }

    /// Three losses in a row: c11 = 200, c13 = 1, c33 = 2; every packet of the burst is lost, the
    /// burst is 3 packets and the gap 201 (Appendix A.2 counts c13 into it).
    @Test func consecutiveLossesAreABurst() {
        let m = Self.counter("100R 3L 100R").metrics
        #expect(m == BurstGapMetrics(burstDensity: 1, gapDensity: 0, burstLength: 3, gapLength: 201, bursts: 1))
    }

    /// `L R L 2R L`: c22 = 1, c23 = 2, so p23 = 2/3 and p32 = 2/3; half the burst is lost, as it is
    /// (3 of 6 packets).
    @Test func receivedPacketsInsideABurst() {
        let m = Self.counter("20R L R L 2R L 30R").metrics
        #expect(m == BurstGapMetrics(burstDensity: 0.5, gapDensity: 0, burstLength: 6, gapLength: 51, bursts: 1))
    }

    /// Gmin - 1 received packets keep a burst open; Gmin close it. `L 15R L` is one burst of 17
    /// packets with 2 lost (p23 = 1/15, p32 = 1/2, density 2/17); the loss after 16 received is
    /// isolated gap loss (c14 = 1 over c11 = 76).
    @Test func gminEndsABurst() {
        let m = Self.counter("20R L 15R L 16R L 40R").metrics
        #expect(m.bursts == 1 && m.burstLength == 17 && m.gapLength == 78)
        #expect(abs(m.burstDensity - 2.0 / 17) < 1e-12 && m.gapDensity == 1.0 / 77)
    }

    /// The open cluster at the end is closed for the snapshot; the counter itself goes on.
    @Test func snapshotDoesNotCloseTheCluster() {
        var c = Self.counter("20R 2L")
        #expect(c.metrics.bursts == 1 && c.metrics.burstDensity == 1)
        c.record(received: true)
        c.record(received: false)
        #expect(c.metrics.bursts == 1 && c.metrics.burstLength == 4)
    }

    /// A smaller Gmin splits what 16 would call one burst.
    @Test func gapThresholdIsConfigurable() {
        #expect(Self.counter("20R L 5R L 20R").metrics.bursts == 1)
        #expect(Self.counter("20R L 5R L 20R", gapThreshold: 4).metrics.bursts == 0)
        #expect(BurstGapCounter(gapThreshold: 0).gapThreshold == 1)
    }

    @Test func allLost() {
        let m = Self.counter("10L").metrics
        #expect(m.bursts == 1 && m.burstDensity == 1 && m.burstLength == 10)
    }
}
