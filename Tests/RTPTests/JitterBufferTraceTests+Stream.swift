import RTP
import StackCore
import StackTesting
import Testing

extension JitterBufferTraceTests {
    /// An SSRC change mid-call (a transfer, a re-INVITE to another media server) with a new random
    /// sequence and timestamp base: the buffer restarts once, flushes what the old source had
    /// queued, and plays the new source in order at the same low delay.
    @Test func ssrcChange() {
        var trace = JitterTrace(count: 1000, seed: 2) { _, _, random in Self.ms(30) + Int64.random(in: 0..<Self.ms(10), using: &random) }
        var random = SeededRandom(seed: 99)
        for i in 0..<1000 {
            trace.append(index: 1000 + i, sequence: 17 &+ UInt16(i), timestamp: 123_456_789 &+ UInt32(i * 160), ssrc: 0xBEEF,
                         marker: i == 0, sent: Int64(1000 + i) * 20_000_000,
                         network: { _, _, r in Self.ms(30) + Int64.random(in: 0..<Self.ms(10), using: &r) }, random: &random)
        }
        trace.sortArrivals()
        let run = TraceRun(trace, configuration: .init(clockRate: 8000))
        let stats = run.statistics
        #expect(stats.ssrcChanges == 1 && stats.discontinuities == 0)
        #expect(run.playedInOrder)
        #expect(run.played.count + stats.discarded + stats.late == 2000)
        #expect(stats.discarded <= 3 && stats.late == 0)
        let newSource = run.played.filter { $0.index >= 1100 }
        #expect(newSource.count == 900 && newSource.allSatisfy { $0.delay < .milliseconds(40) })
    }

    /// Talk spurts with silence suppression: 1 s of speech (marker on its first packet), 0.5 s of
    /// silence (sequence numbers continue, the timestamp jumps). The silences are played as silence,
    /// never concealed, and each spurt starts at the target delay: the buffer's adaptation happens
    /// there rather than in speech.
    @Test func talkSpurts() {
        var trace = JitterTrace()
        var random = SeededRandom(seed: 4)
        var sequence: UInt16 = 300
        for spurt in 0..<40 {
            for i in 0..<50 {
                let mediaIndex = spurt * 75 + i // 25 frames of silence between spurts
                trace.append(index: spurt * 50 + i, sequence: sequence, timestamp: UInt32(mediaIndex * 160), ssrc: 7, marker: i == 0,
                             sent: Int64(mediaIndex) * 20_000_000,
                             network: { _, _, r in Self.ms(50) + Int64.random(in: 0..<Self.ms(40), using: &r) }, random: &random)
                sequence &+= 1
            }
        }
        trace.sortArrivals()
        let run = TraceRun(trace, configuration: .init(clockRate: 8000), end: trace.arrivals[trace.arrivals.count - 1].arrival + .milliseconds(60))
        let stats = run.statistics
        #expect(stats.lost == 0 && stats.concealed == stats.late)
        #expect(Double(stats.late) / 2000 < 0.01)
        #expect(run.playedInOrder)
        // 39 gaps of 500 ms: silence (or an expansion until the next spurt shows the gap), not
        // counted as expansions of speech.
        let gaps = run.count { if case .playSilence = $0 { true } else if case .expand = $0 { true } else { false } }
        #expect(gaps >= 39 * 40)
        #expect(stats.expanded < 20)
        // After the first spurts, a spurt's first frame is played within 2 ms of the target delay.
        let starts = run.played.filter { $0.frame.marker && $0.index >= 500 }
        #expect(starts.count == 30)
        for start in starts {
            #expect(abs(start.delay.nanosecondsClamped - run.buffer.targetDelay.nanosecondsClamped) < 5_000_000,
                    "spurt \(start.index / 50): delay \(start.delay), target \(run.buffer.targetDelay)")
        }
    }

    /// A timestamp jump in the middle of a stream (a sender that rebased its clock) with no marker:
    /// it is taken as a discontinuity, the next packets start a new spurt, nothing is lost.
    @Test func timestampJump() {
        var trace = JitterTrace()
        var random = SeededRandom(seed: 6)
        for i in 0..<600 {
            let ts = i < 300 ? UInt32(i * 160) : UInt32(3_000_000_000) &+ UInt32(i * 160)
            trace.append(index: i, sequence: UInt16(i), timestamp: ts, ssrc: 1, marker: i == 0, sent: Int64(i) * 20_000_000,
                         network: { _, _, _ in Self.ms(20) }, random: &random)
        }
        let run = TraceRun(trace, configuration: .init(clockRate: 8000))
        #expect(run.statistics.discontinuities == 1)
        #expect(run.statistics.lost == 0 && run.statistics.late == 0)
        #expect(run.played.count == 600 && run.playedInOrder)
        #expect(run.played.allSatisfy { $0.delay < .milliseconds(30) })
    }

    /// RFC 4733 event packets share the audio's sequence numbers: passed to `skip`, they are not
    /// counted lost or concealed, and the audio after the event starts a new spurt.
    @Test func telephoneEventsInTheSequence() {
        var trace = JitterTrace()
        var random = SeededRandom(seed: 8)
        for i in 0..<300 {
            let event = (100..<110).contains(i)
            trace.append(index: i, sequence: UInt16(i), timestamp: event ? 16_000 : UInt32(i * 160), ssrc: 1, marker: i == 0 || i == 100,
                         sent: Int64(i) * 20_000_000, payloadType: event ? 101 : 0, network: { _, _, _ in Self.ms(20) }, random: &random)
        }
        let run = TraceRun(trace, configuration: .init(clockRate: 8000)) { buffer, arrival in
            arrival.packet.payloadType.rawValue == 101 ? buffer.skip(arrival.packet, arrival: arrival.arrival)
                : buffer.insert(arrival.packet, arrival: arrival.arrival)
        }
        #expect(run.statistics.lost == 0 && run.statistics.concealed == 0)
        #expect(run.played.count == 290 && run.playedInOrder)
        #expect(run.statistics.packetsQueued == 290)
    }
}
