import RTP
import StackCore
import StackTesting
import Testing

/// A two-state Gilbert–Elliott channel: in the good state packets pass, in the bad state each is lost
/// with probability `badLoss`.
struct GilbertElliott {
    var goodToBad: Double
    var badToGood: Double
    var badLoss: Double
    var bad = false

    mutating func loses(_ random: inout SeededRandom) -> Bool {
        bad = bad ? !random.chance(badToGood) : random.chance(goodToBad)
        return bad && random.chance(badLoss)
    }
}

extension JitterBufferTraceTests {
    /// Bursty loss (Gilbert–Elliott, about 2–3% lost in bursts) at a steady transit: exactly the
    /// dropped packets are reported lost and concealed, every other one is played in order. With a
    /// delay of at least a frame, each loss whose successor arrived offers that successor for FEC
    /// recovery; with less, the successor is not there in time and the loss is expanded over.
    @Test(arguments: [10, 30])
    func gilbertElliottLoss(minimumDelay: Int) {
        var channel = GilbertElliott(goodToBad: 0.01, badToGood: 0.3, badLoss: 0.9)
        let trace = JitterTrace(count: 10_000, seed: 11) { index, _, random in
            index > 0 && channel.loses(&random) ? nil : Self.ms(25)
        }
        let run = TraceRun(trace, configuration: .init(clockRate: 8000, minimumDelay: .milliseconds(minimumDelay)))
        let stats = run.statistics
        #expect(trace.dropped > 150)
        #expect(stats.lost == trace.dropped)
        #expect(stats.concealed == trace.dropped)
        #expect(stats.late == 0)
        #expect(run.played.count == trace.sent - trace.dropped)
        #expect(run.playedInOrder)
        let received = Set(trace.arrivals.map { $0.packet.sequenceNumber })
        var recoveries = 0
        var conceals = 0
        for (_, action) in run.actions {
            guard case .conceal(let duration, let recovery) = action else { continue }
            conceals += 1
            #expect(duration == 160)
            if let recovery {
                recoveries += 1
                #expect(received.contains(recovery.sequenceNumber))
            }
        }
        // A loss between two received packets: its successor is there a frame early.
        let isolated = (1..<9_999).filter { i in
            !received.contains(SequenceNumber(65_000 &+ UInt16(i))) && received.contains(SequenceNumber(65_000 &+ UInt16(i - 1)))
                && received.contains(SequenceNumber(65_000 &+ UInt16(i + 1)))
        }.count
        if minimumDelay >= 30 {
            #expect(isolated > 20 && recoveries == isolated, "\(isolated) isolated, \(recoveries) recovered, \(conceals) conceals")
        } else {
            #expect(recoveries == 0 && stats.expanded > 0)
        }
    }

    /// Reordering: 5% of packets are held back 30 ms, behind their successors. The buffer widens
    /// to cover it: under 1% late, mean delay under 60 ms, all others in order.
    @Test func reordering() {
        let trace = JitterTrace(count: 10_000, seed: 3) { _, _, random in random.chance(0.05) ? Self.ms(60) : Self.ms(30) }
        let run = TraceRun(trace, configuration: .init(clockRate: 8000))
        let stats = run.statistics
        #expect(Double(stats.late) / Double(trace.sent) < 0.01)
        #expect(stats.meanDelay < .milliseconds(60))
        #expect(run.playedInOrder)
        #expect(run.played.count + stats.late + stats.lost == trace.sent)
    }

    /// Duplicates: every tenth packet arrives twice; each copy is counted and dropped.
    @Test func duplicates() {
        var trace = JitterTrace(count: 2000) { _, _, _ in Self.ms(20) }
        let copies = trace.arrivals.enumerated().filter { $0.offset % 10 == 5 }.map {
            JitterTrace.Arrival(packet: $0.element.packet, arrival: $0.element.arrival + .milliseconds(3), index: $0.element.index)
        }
        trace.arrivals += copies
        trace.sortArrivals()
        let run = TraceRun(trace, configuration: .init(clockRate: 8000))
        #expect(run.statistics.duplicated == copies.count)
        #expect(run.played.count == 2000)
        #expect(run.playedInOrder)
        #expect(run.outcomes.filter { $0 == .duplicate }.count == copies.count)
    }

    /// A 30 s delay spike through a FIFO queue: the transit rises by 200 ms for 30 s, then falls
    /// back (the queue drains in a burst). No packet is lost or late: playout is held while the first
    /// delayed packets are awaited. Within 5 s of the rise the delay settles back near the target;
    /// within 30 s of the fall it is back under 40 ms.
    @Test func thirtySecondDelaySpike() {
        let trace = JitterTrace(count: 5000, seed: 5, fifo: true) { _, sent, random in
            let spike: Int64 = sent >= 20_000_000_000 && sent < 50_000_000_000 ? Self.ms(200) : 0
            return Self.ms(40) + spike + Int64.random(in: 0..<Self.ms(5), using: &random)
        }
        let run = TraceRun(trace, configuration: .init(clockRate: 8000))
        let stats = run.statistics
        #expect(stats.lost == 0 && stats.late == 0)
        #expect(run.playedInOrder && run.played.count == trace.sent)
        let during = run.played.filter { $0.at.nanoseconds > 25_500_000_000 && $0.at.nanoseconds < 50_000_000_000 }
        #expect((during.map(\.delay).max() ?? .seconds(1)) < .milliseconds(40))
        let after = run.played.filter { $0.at.nanoseconds > 80_500_000_000 }
        #expect(!after.isEmpty && (after.map(\.delay).max() ?? .seconds(1)) < .milliseconds(40))
    }

    /// Clock drift of ±0.1% between sender and player, over ten minutes: nothing late or lost, the
    /// delay stays under 40 ms, and the buffer corrects by shortening (fast sender) or stretching
    /// (slow sender), never by dropping.
    @Test(arguments: [0.001, -0.001])
    func clockDrift(drift: Double) {
        let trace = JitterTrace(count: 30_000, drift: drift, seed: 9) { _, _, random in
            Self.ms(30) + Int64.random(in: 0..<Self.ms(4), using: &random)
        }
        let run = TraceRun(trace, configuration: .init(clockRate: 8000))
        let stats = run.statistics
        #expect(stats.lost == 0 && stats.late == 0 && stats.discarded == 0)
        #expect(run.played.count == trace.sent)
        #expect((run.delays(after: Instant(nanoseconds: 2_000_000_000)).max() ?? 1000) < 40)
        if drift > 0 { #expect(stats.shortened > 0) } else { #expect(stats.expanded > 0) }
    }
}
