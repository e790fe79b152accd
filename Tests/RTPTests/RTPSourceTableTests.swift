import RTP
import StackCore
import StackTesting
import Testing

/// Session membership, SSRC change and the collision and loop handling of RFC 3550 §8.2; sender counts.
@Suite struct RTPSourceTableTests {
    typealias Table = RTPSourceTable<String>
    static let us = SSRC(0x1111)

    static func packet(_ t: inout Table, _ ssrc: UInt32, _ seq: UInt16, from address: String = "peer", at ms: Int64,
                       random: inout SeededRandom) -> Table.Outcome
    {
        t.receiveRTP(ssrc: SSRC(ssrc), sequence: SequenceNumber(seq), timestamp: RTPTimestamp(UInt32(seq) * 160), payloadLength: 160,
                     from: address, at: Instant(nanoseconds: ms * 1_000_000), random: &random)
    }

    @Test func newSourcesAndAnSSRCChange() {
        var random = SeededRandom(seed: 1)
        var t = Table(localSSRC: Self.us, configuration: .init(clockRate: 8000))
        #expect(Self.packet(&t, 0xA, 1, at: 0, random: &random) == .received(SSRC(0xA), .probation, isNew: true, replaces: nil))
        #expect(Self.packet(&t, 0xA, 2, at: 20, random: &random) == .received(SSRC(0xA), .accepted, isNew: false, replaces: nil))
        // The same peer restarts with a new SSRC (say after a re-INVITE): the new source names the old one.
        #expect(Self.packet(&t, 0xB, 500, at: 40, random: &random) == .received(SSRC(0xB), .probation, isNew: true, replaces: SSRC(0xA)))
        #expect(t.memberCount == 3 && t.senders(since: .zero) == [SSRC(0xA), SSRC(0xB)])
        t.receiveGoodbye(Goodbye(sources: [SSRC(0xA)]))
        #expect(t.memberCount == 2 && t.sources[SSRC(0xA)] == nil)
    }

    @Test func ourSSRCFromThePeerIsACollision() throws {
        var random = SeededRandom(seed: 7)
        var t = Table(localSSRC: Self.us, configuration: .init(clockRate: 8000))
        let outcome = Self.packet(&t, Self.us.rawValue, 1, at: 0, random: &random)
        #expect(outcome == .collision(previous: Self.us) && t.localSSRC != Self.us && t.abandonedSSRCs == [Self.us])
        // Later packets with the abandoned SSRC (our own looping back, or the other party) are dropped.
        #expect(Self.packet(&t, Self.us.rawValue, 2, at: 20, random: &random) == .conflictingAddress(Self.us))
        #expect(t.sources.isEmpty)
    }

    @Test func aKnownSSRCFromASecondAddressIsDroppedUntilTheFirstFallsSilent() {
        var random = SeededRandom(seed: 1)
        var t = Table(localSSRC: Self.us, configuration: .init(clockRate: 8000, addressChangeAfter: .seconds(2)))
        _ = Self.packet(&t, 0xA, 1, from: "a", at: 0, random: &random)
        #expect(Self.packet(&t, 0xA, 2, from: "b", at: 20, random: &random) == .conflictingAddress(SSRC(0xA)))
        #expect(Self.packet(&t, 0xA, 2, from: "a", at: 40, random: &random) == .received(SSRC(0xA), .accepted, isNew: false, replaces: nil))
        // Two seconds after "a" was last heard, "b" is believed: the source moved.
        #expect(Self.packet(&t, 0xA, 3, from: "b", at: 2040, random: &random) == .received(SSRC(0xA), .accepted, isNew: false, replaces: nil))
        #expect(t.sources[SSRC(0xA)]?.address == "b")
    }

    @Test func theTableIsBounded() {
        var random = SeededRandom(seed: 1)
        var t = Table(localSSRC: Self.us, configuration: .init(maximumSources: 4, clockRate: 8000))
        for i in 0..<4 { _ = Self.packet(&t, UInt32(100 + i), 1, from: "p\(i)", at: 0, random: &random) }
        #expect(Self.packet(&t, 200, 1, from: "x", at: 0, random: &random) == .tableFull(SSRC(200)) && t.sources.count == 4)
        // Silent sources time out and make room.
        _ = Self.packet(&t, 100, 2, from: "p0", at: 10_000, random: &random)
        #expect(t.removeSources(silentSince: Instant(nanoseconds: 5_000_000_000)) == [SSRC(101), SSRC(102), SSRC(103)])
        #expect(t.sources.count == 1)
    }

    @Test func reportBlocksForRecentSendersAndLastSR() throws {
        var random = SeededRandom(seed: 1)
        var t = Table(localSSRC: Self.us, configuration: .init(clockRate: 8000))
        for seq in 1...10 { _ = Self.packet(&t, 0xA, UInt16(seq), at: Int64(seq) * 20, random: &random) }
        for seq in 1...3 { _ = Self.packet(&t, 0xB, UInt16(seq), from: "other", at: Int64(seq) * 20, random: &random) }
        let sr = SenderReport(ssrc: SSRC(0xA), ntpTimestamp: NTPTimestamp(seconds: 0xB705, fraction: 0x2000_0000), rtpTimestamp: RTPTimestamp(0),
                              packetCount: 10, octetCount: 1600)
        #expect(t.receiveRTCP(ssrc: SSRC(0xA), senderReport: sr, from: "peer", at: Instant(nanoseconds: 1_000_000_000), random: &random) == nil)
        let blocks = t.makeReportBlocks(now: Instant(nanoseconds: 2_000_000_000), sentRTPSince: .zero)
        #expect(blocks.map(\.ssrc) == [SSRC(0xA), SSRC(0xB)])
        #expect(blocks[0].extendedHighestSequence == 10 && blocks[0].cumulativeLost == 0 && blocks[0].lastSenderReport == 0xB705_2000)
        #expect(blocks[0].delaySinceLastSenderReport == 65536 && blocks[1].lastSenderReport == 0)
        // Only sources that sent since the last report get a block.
        #expect(t.makeReportBlocks(now: Instant(nanoseconds: 3_000_000_000), sentRTPSince: Instant(nanoseconds: 1_000_000_000)).isEmpty)
    }

    @Test func senderCountsAndTheSRTimestamp() {
        var s = RTPSenderStatistics(ssrc: Self.us, clockRate: 8000)
        #expect(!s.hasSent)
        for i in 0..<50 { s.sent(timestamp: RTPTimestamp(UInt32(1000 + 160 * i)), payloadLength: 160, at: Instant(nanoseconds: Int64(i) * 20_000_000)) }
        // The last packet (ts 1000 + 49·160 = 8840) went at 980 ms; an SR at 1000 ms carries 8840 + 160.
        let sr = s.senderReport(now: Instant(nanoseconds: 1_000_000_000), wallClock: NTPTimestamp(seconds: 5, fraction: 0))
        #expect(sr.packetCount == 50 && sr.octetCount == 8000 && sr.rtpTimestamp == RTPTimestamp(9000) && sr.ssrc == Self.us)
        s.changeSSRC(to: SSRC(0x2222))
        #expect(!s.hasSent && s.senderReport(now: .zero, wallClock: NTPTimestamp(rawValue: 0)).packetCount == 0)
        // RTT through XR DLRR for a receiver that never sends (RFC 3611 §4.5).
        let item = ExtendedReport.DLRRItem(ssrc: Self.us, lastReceiverReport: 0xB705_2000, delaySinceLastReceiverReport: 0x0005_4000)
        #expect(item.roundTripTime(arrivedAt: NTPTimestamp(seconds: 0xB710, fraction: 0x8000_0000)) == .milliseconds(6125))
    }
}
