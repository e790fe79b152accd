import RTP
import StackCore
import StackTesting
import Testing

/// The jitter buffer's edges, one packet at a time, and its behaviour on hostile input.
@Suite struct JitterBufferTests {
    static func packet(_ sequence: UInt16, _ timestamp: UInt32, ssrc: UInt32 = 1, marker: Bool = false, payload: [UInt8] = [1, 2, 3]) -> RTPPacket {
        RTPPacket(marker: marker, payloadType: PayloadType(rawValue: 0)!, sequenceNumber: SequenceNumber(sequence),
                  timestamp: RTPTimestamp(timestamp), ssrc: SSRC(ssrc), payload: payload[...])
    }

    static func at(_ ms: Int64) -> Instant { Instant(nanoseconds: ms * 1_000_000) }

    @Test func silenceBeforeTheFirstPacket() {
        var buffer = JitterBuffer(configuration: .init(clockRate: 8000))
        var payload = [UInt8]()
        #expect(buffer.pull(at: .zero, payload: &payload) == .playSilence(duration: 80))
        #expect(buffer.statistics.framesPlayed == 0)
    }

    /// The first packet waits for the minimum delay (10 ms) after its arrival, then plays with its
    /// payload copied out.
    @Test func firstPacketIsAnchoredAtTheTarget() {
        var buffer = JitterBuffer(configuration: .init(clockRate: 8000))
        var payload = [UInt8]()
        #expect(buffer.insert(Self.packet(10, 1000, payload: [9, 8, 7]), arrival: Self.at(100)) == .queued)
        #expect(buffer.pull(at: Self.at(100), payload: &payload) == .playSilence(duration: 80))
        guard case .play(let frame) = buffer.pull(at: Self.at(110), payload: &payload) else {
            Issue.record("not played")
            return
        }
        #expect(frame.sequenceNumber == SequenceNumber(10) && frame.duration == 160 && frame.timeScale == 0)
        #expect(payload == [9, 8, 7])
        #expect(buffer.statistics.currentDelay == .milliseconds(10))
    }

    @Test func oversizedPayloadIsDiscarded() {
        var buffer = JitterBuffer(configuration: .init(clockRate: 8000, maximumPayloadSize: 4))
        #expect(buffer.insert(Self.packet(1, 0, payload: [0, 0, 0, 0, 0]), arrival: .zero) == .discarded)
        #expect(buffer.statistics.discarded == 1 && buffer.statistics.packetsQueued == 0)
    }

    /// A loss with the next packet buffered: concealment of the lost frame's length, with the next
    /// packet (payload copied) offered for FEC; it is then played normally.
    @Test func concealmentOffersTheNextPacketForRecovery() {
        var buffer = JitterBuffer(configuration: .init(clockRate: 8000, minimumDelay: .milliseconds(40)))
        var payload = [UInt8]()
        for (seq, ms) in [(0, 0), (1, 20), (3, 60)] as [(UInt16, Int64)] {
            buffer.insert(Self.packet(seq, UInt32(seq) * 160, payload: [UInt8(seq)]), arrival: Self.at(ms))
        }
        var actions: [JitterBufferAction] = []
        var t: Int64 = 40
        while actions.count < 4 {
            let a = buffer.pull(at: Self.at(t), payload: &payload)
            if case .playSilence = a { t += 10; continue }
            actions.append(a)
            if case .conceal = a { #expect(payload == [3]) }
            t += Int64(a.outputDuration / 8)
        }
        #expect(actions.map(\.outputDuration) == [160, 160, 160, 160])
        guard case .conceal(160, let recovery?) = actions[2] else {
            Issue.record("expected concealment, got \(actions[2])")
            return
        }
        #expect(recovery.sequenceNumber == SequenceNumber(3))
        guard case .play(let third) = actions[3] else { return }
        #expect(third.sequenceNumber == SequenceNumber(3))
        #expect(buffer.statistics.lost == 1 && buffer.statistics.concealed == 1)
        // The lost packet turns up: late, counted once; a second copy is a duplicate.
        #expect(buffer.insert(Self.packet(2, 320), arrival: Self.at(t)) == .late)
        #expect(buffer.insert(Self.packet(2, 320), arrival: Self.at(t)) == .duplicate)
        #expect(buffer.statistics.lost == 0 && buffer.statistics.late == 1 && buffer.statistics.duplicated == 1)
    }

    /// A sequence number beyond the buffer's reach restarts it; so do two consecutive packets far
    /// behind (a sender that restarted its numbering); a single stray far-behind packet does not.
    @Test func sequenceDiscontinuities() {
        var buffer = JitterBuffer(configuration: .init(clockRate: 8000, capacity: 16))
        var payload = [UInt8]()
        for seq in UInt16(0)..<4 { buffer.insert(Self.packet(1000 + seq, UInt32(seq) * 160), arrival: Self.at(Int64(seq) * 20)) }
        _ = buffer.pull(at: Self.at(100), payload: &payload)
        #expect(buffer.insert(Self.packet(1100, 16_000), arrival: Self.at(100)) == .restarted)
        #expect(buffer.statistics.discontinuities == 1 && buffer.statistics.discarded == 3)
        _ = buffer.pull(at: Self.at(200), payload: &payload)
        #expect(buffer.insert(Self.packet(500, 0), arrival: Self.at(200)) == .discarded)
        #expect(buffer.insert(Self.packet(7, 0), arrival: Self.at(220)) == .discarded)
        #expect(buffer.insert(Self.packet(8, 160), arrival: Self.at(240)) == .restarted)
        #expect(buffer.statistics.discontinuities == 2)
    }

    /// A sender that sets the marker bit on every packet does not get silence inserted mid-speech.
    @Test func markerOnEveryPacketIsNotASpurtBoundary() {
        var trace = JitterTrace()
        var random = SeededRandom(seed: 1)
        for i in 0..<500 {
            trace.append(index: i, sequence: UInt16(i), timestamp: UInt32(i * 160), ssrc: 1, marker: true, sent: Int64(i) * 20_000_000,
                         network: { _, _, _ in 20_000_000 }, random: &random)
        }
        let run = TraceRun(trace, configuration: .init(clockRate: 8000))
        let silences = run.actions.filter { if case .playSilence = $0.action { $0.at > Self.at(100) } else { false } }
        #expect(silences.count <= 1) // one quantum after the last packet's arrival, when the trace ends
        #expect(run.played.count == 500)
    }

    /// Settings out of range are brought into range rather than breaking the buffer.
    @Test func nonsenseConfigurationIsSanitized() {
        var c = JitterBufferConfiguration(clockRate: 0, nominalFrameDuration: .zero, minimumDelay: .seconds(-1),
                                          maximumDelay: .seconds(3600), onTimeQuantile: .nan, delayMemory: 0, capacity: 0, maximumPayloadSize: -5)
        c.maximumTimeScaleFraction = 7
        var buffer = JitterBuffer(configuration: c)
        #expect(buffer.configuration.clockRate == 1000 && buffer.configuration.capacity == 4)
        #expect(buffer.configuration.maximumDelay == .seconds(5) && buffer.configuration.minimumDelay == .zero)
        var payload = [UInt8]()
        buffer.insert(Self.packet(1, 0, payload: [1]), arrival: .zero)
        for ms in stride(from: Int64(0), to: 200, by: 10) { _ = buffer.pull(at: Self.at(ms), payload: &payload) }
        #expect(buffer.statistics.framesPlayed == 1)
    }

    /// Seeded hostile input: random sequence numbers, timestamps, SSRCs, sizes and arrival times,
    /// interleaved with pulls. Nothing traps, and the fuzz target's invariants hold.
    @Test func hostileStreams() {
        var random = SeededRandom(seed: 0xBAD)
        for _ in 0..<50 {
            let bytes = (0..<3000).map { _ in UInt8(truncatingIfNeeded: random.next64()) }
            RTPFuzzChecks.check(bytes)
        }
    }
}
