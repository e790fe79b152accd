import RTP
import StackCore
import Testing

/// Receiver statistics against values worked out by hand from RFC 3550 §A.1, §A.3 and §A.8.
@Suite struct RTPSourceStatisticsTests {
    static let ssrc = SSRC(0xCAFE)

    /// Feeds `sequences` 20 ms apart at 8 kHz (160 ticks), arrival exactly on time unless `late` says
    /// by how many ms a packet is delayed; returns the verdicts.
    @discardableResult
    static func feed(_ s: inout RTPSourceStatistics, _ sequences: [Int], late: [Int: Int] = [:]) -> [RTPSourceStatistics.Verdict] {
        sequences.map { n in
            let seq = SequenceNumber(UInt16(truncatingIfNeeded: n))
            let arrival = Instant(nanoseconds: Int64(n) * 20_000_000 + Int64(late[n] ?? 0) * 1_000_000 + 1_000_000_000_000)
            return s.receive(sequence: seq, timestamp: RTPTimestamp(UInt32(truncatingIfNeeded: n * 160)), arrival: arrival, payloadLength: 160)
        }
    }

    static func report(_ s: inout RTPSourceStatistics, now: Instant) throws -> RTCPReportBlock {
        let block = s.makeReportBlock(now: now)
        return try #require(block)
    }

    @Test func probationThenCounting() {
        var s = RTPSourceStatistics(ssrc: Self.ssrc, firstSequence: SequenceNumber(100), clockRate: 8000)
        #expect(Self.feed(&s, [100]) == [.probation] && !s.isValid && s.makeReportBlock(now: .zero) == nil)
        #expect(Self.feed(&s, [101]) == [.accepted] && s.isValid)
        Self.feed(&s, Array(102...110))
        // Counting restarts at the packet that ended probation (§A.1 init_seq): 101…110.
        #expect(s.expected == 10 && s.packetsReceived == 10 && s.cumulativeLost == 0 && s.octetsReceived == 1600)
        #expect(s.extendedHighestSequence == 110)
    }

    @Test func probationRestartsOnANonSequentialPacket() {
        var s = RTPSourceStatistics(ssrc: Self.ssrc, firstSequence: SequenceNumber(10), clockRate: 8000)
        #expect(Self.feed(&s, [10, 12, 13]) == [.probation, .probation, .accepted])
        #expect(s.expected == 1 && s.packetsReceived == 1)
    }

    @Test func lossAndFractionPerInterval() throws {
        var s = RTPSourceStatistics(ssrc: Self.ssrc, firstSequence: SequenceNumber(0), clockRate: 8000)
        Self.feed(&s, [0, 1, 2, 3, 4, 6, 8, 9, 10])  // counting from 1: 1…10 expected, 5 and 7 lost
        let first = try Self.report(&s, now: .zero)
        // expected 10, received 8: cumulative 2, fraction (2 << 8) / 10 = 51.
        #expect(first.cumulativeLost == 2 && first.fractionLost == 51 && first.extendedHighestSequence == 10)
        Self.feed(&s, Array(11...20))
        let second = try Self.report(&s, now: .zero)
        #expect(second.cumulativeLost == 2 && second.fractionLost == 0)
        Self.feed(&s, [21, 24])  // 22 and 23 lost: 2 of 4 expected this interval → 128/256
        #expect(try Self.report(&s, now: .zero).fractionLost == 128)
        // An interval with nothing new reports zero, not a division by zero.
        #expect(try Self.report(&s, now: .zero).fractionLost == 0)
    }

    @Test func sequenceWrapExtendsTheHighestSequence() throws {
        var s = RTPSourceStatistics(ssrc: Self.ssrc, firstSequence: SequenceNumber(65530), clockRate: 8000)
        Self.feed(&s, Array(65530...65535) + [1, 2, 3])  // 0 lost across the wrap
        // Counting from 65531: extended max = 65536 + 3, expected = 65539 − 65531 + 1 = 9, received 8.
        #expect(s.extendedHighestSequence == 65539 && s.expected == 9 && s.cumulativeLost == 1)
        let block = try Self.report(&s, now: .zero)
        #expect(block.extendedHighestSequence == 0x1_0003 && block.cumulativeLost == 1 && block.fractionLost == 28)  // (1 << 8) / 9
    }

    @Test func duplicatesAndReorderingAreLateAndCounted() {
        var s = RTPSourceStatistics(ssrc: Self.ssrc, firstSequence: SequenceNumber(0), clockRate: 8000)
        Self.feed(&s, [0, 1, 2, 4, 3, 4])
        // 3 arrives after 4, then 4 again: both counted (§A.1), so received 5 of 4 expected.
        #expect(s.extendedHighestSequence == 4 && s.packetsReceived == 5 && s.cumulativeLost == -1)
    }

    @Test func largeJumpsAndRestarts() {
        var s = RTPSourceStatistics(ssrc: Self.ssrc, firstSequence: SequenceNumber(100), clockRate: 8000)
        Self.feed(&s, Array(100...110))
        // A jump just under MAX_DROPOUT is loss; one past it is not counted until a second packet follows.
        #expect(Self.feed(&s, [110 + 2999]) == [.accepted] && s.cumulativeLost == 2998)
        #expect(Self.feed(&s, [20000, 30000]) == [.jumped, .jumped] && s.extendedHighestSequence == 3109)
        #expect(Self.feed(&s, [30001]) == [.restarted] && s.expected == 1 && s.packetsReceived == 1 && s.extendedHighestSequence == 30001)
        // 200 behind is beyond MAX_MISORDER (100): a jump, not reordering; 50 behind is reordering.
        Self.feed(&s, Array(30002...30300))
        #expect(Self.feed(&s, [30100, 30250]) == [.jumped, .late])
    }

    @Test func jitterFollowsAppendixA8() {
        var s = RTPSourceStatistics(ssrc: Self.ssrc, firstSequence: SequenceNumber(0), clockRate: 8000)
        // Packet 3 is 10 ms (80 ticks) late: D = 80, then −80, then 0.
        // Integer form ×16: 0 → 80 → 80 + 80 − 5 = 155 → 155 − 10 = 145; reported 145 >> 4 = 9.
        Self.feed(&s, [0, 1, 2, 3], late: [3: 10])
        #expect(s.jitter == 5)
        Self.feed(&s, [4])
        #expect(s.jitter == 9)
        Self.feed(&s, [5])
        #expect(s.jitter == 9 && s.jitterDuration == .nanoseconds(145 * 1_000_000_000 / 16 / 8000))
        // Steady arrival decays it by 1/16 per packet.
        Self.feed(&s, Array(6...100))
        #expect(s.jitter == 0)
    }

    @Test func lastSenderReportAndDelaySince() throws {
        var s = RTPSourceStatistics(ssrc: Self.ssrc, firstSequence: SequenceNumber(0), clockRate: 8000)
        Self.feed(&s, [0, 1])
        #expect(try Self.report(&s, now: .zero).lastSenderReport == 0)
        let t = Instant(nanoseconds: 10_000_000_000)
        s.receiveSenderReport(ntpTimestamp: NTPTimestamp(seconds: 0xB705, fraction: 0x2000_0000), arrival: t)
        let block = try Self.report(&s, now: t + .milliseconds(5250))
        // LSR is the middle 32 bits; DLSR 5.25 s = 0x0005_4000 in 1/65536 s (§6.4.1's example figures).
        #expect(block.lastSenderReport == 0xB705_2000 && block.delaySinceLastSenderReport == 0x0005_4000)
        // The SR's sender computes the round trip from it: arriving at 46859 s, 46859 − 46853.125 − 5.25 = 0.625 s.
        #expect(block.roundTripTime(arrivedAt: NTPTimestamp(seconds: 0xB70B, fraction: 0)) == .milliseconds(625))
    }
}
