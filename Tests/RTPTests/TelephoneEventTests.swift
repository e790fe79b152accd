import RTP
import StackCore
import Testing

/// RFC 4733 telephone events: what the sender emits (§2.5.1) and what the receiver reports (§2.5.2).
@Suite struct TelephoneEventTests {
    static let t0 = RTPTimestamp(16000)

    @Test func payloadBytes() throws {
        // Event 5, E=1, R=0, volume 10, duration 800 (§2.3).
        let e = TelephoneEvent(event: 5, isEnd: true, volume: 10, duration: 800)
        #expect(e.bytes == [0x05, 0x8A, 0x03, 0x20] && TelephoneEvent(parsing: e.bytes[...]) == e)
        #expect(TelephoneEvent(parsing: [1, 2, 3][...]) == nil)
        #expect("0123456789*#ABCD".map { TelephoneEvent.code(of: $0) } == (0...15).map { UInt8($0) })
        #expect((0...16).map { TelephoneEvent.character(of: $0) } == "0123456789*#ABCD".map { Optional($0) } + [nil])
        #expect(TelephoneEvent.code(of: "d") == 15 && TelephoneEvent.code(of: "x") == nil)
    }

    @Test func senderStartsContinuesAndEndsThreeTimes() {
        var s = TelephoneEventSender(clockRate: 8000, packetInterval: .milliseconds(20))
        let packets = s.packets(event: 5, at: Self.t0, lasting: .milliseconds(100))
        // Start (duration 0, marker), continuations every 160 units, the final 800 three times with E.
        #expect(packets.map(\.payload.duration) == [0, 160, 320, 480, 640, 800, 800, 800])
        #expect(packets.map(\.marker) == [true] + Array(repeating: false, count: 7))
        #expect(packets.map(\.payload.isEnd) == Array(repeating: false, count: 5) + [true, true, true])
        #expect(packets.allSatisfy { $0.timestamp == Self.t0 && $0.payload.event == 5 && $0.payload.volume == 10 } && !s.isActive)
        // Starting a new event while one is active ends the first.
        _ = s.start(event: 1, at: Self.t0)
        _ = s.tick()
        let next = s.start(event: 2, at: Self.t0.advanced(by: 800))
        #expect(next.map(\.payload.event) == [1, 1, 1, 2] && next.map(\.payload.isEnd) == [true, true, true, false] && next.last!.marker)
    }

    @Test func longEventsAreSplitIntoSegments() {
        var s = TelephoneEventSender(clockRate: 8000, packetInterval: .milliseconds(50))
        let packets = s.packets(event: 11, at: Self.t0, lasting: .seconds(10))
        // 80000 units: the first segment stops at 65535, the second starts at t0 + 65535 (§2.5.1.3).
        let second = Self.t0.advanced(by: 65535)
        #expect(packets.filter { $0.timestamp == Self.t0 }.map(\.payload.duration).max() == 65200)
        #expect(packets.first { $0.timestamp == second }?.payload.duration == 65 && packets.filter(\.marker).count == 1)
        #expect(packets.suffix(3).allSatisfy { $0.payload.isEnd && $0.payload.duration == 14465 && $0.timestamp == second })
        // The receiver joins the segments into one event of 80000 units.
        var r = TelephoneEventReceiver()
        var notes: [TelephoneEventReceiver.Notification] = []
        for (i, p) in packets.enumerated() { notes += try! r.receive(payload: p.payload.bytes[...], timestamp: p.timestamp, at: Self.at(i * 50)) }
        #expect(notes == [.began(event: 11, timestamp: Self.t0), .ended(event: 11, timestamp: Self.t0, duration: 80000, volume: 10, confirmed: true)])
    }

    static func at(_ ms: Int) -> Instant { Instant(nanoseconds: Int64(ms) * 1_000_000) }

    @Test func eachEventIsReportedOnceDespiteRedundancyReorderingAndLoss() throws {
        var s = TelephoneEventSender(clockRate: 8000, packetInterval: .milliseconds(20))
        let first = s.packets(event: 1, at: Self.t0, lasting: .milliseconds(100))
        let second = s.packets(event: 2, at: Self.t0.advanced(by: 1600), lasting: .milliseconds(60))
        // The second event's marker packet is lost and two of its packets swap places.
        var arrivals = first + Array(second.dropFirst())
        arrivals.swapAt(9, 10)
        var r = TelephoneEventReceiver()
        var notes: [TelephoneEventReceiver.Notification] = []
        for (i, p) in arrivals.enumerated() { notes += try r.receive(payload: p.payload.bytes[...], timestamp: p.timestamp, at: Self.at(i * 20)) }
        // A late copy of the first event's end, after the second ended, changes nothing.
        notes += try r.receive(payload: first.last!.payload.bytes[...], timestamp: Self.t0, at: Self.at(400))
        #expect(notes == [
            .began(event: 1, timestamp: Self.t0),
            .ended(event: 1, timestamp: Self.t0, duration: 800, volume: 10, confirmed: true),
            .began(event: 2, timestamp: Self.t0.advanced(by: 1600)),
            .ended(event: 2, timestamp: Self.t0.advanced(by: 1600), duration: 480, volume: 10, confirmed: true),
        ])
        #expect(!r.isActive)
    }

    @Test func lostEndPacketsEndTheEventAtTheNextOrAfterTheTimeout() throws {
        var r = TelephoneEventReceiver(timeout: .milliseconds(500))
        let a = TelephoneEvent(event: 3, duration: 320), b = TelephoneEvent(event: 4, duration: 0)
        var notes = try r.receive(payload: a.bytes[...], timestamp: Self.t0, at: Self.at(0))
        notes += try r.receive(payload: b.bytes[...], timestamp: Self.t0.advanced(by: 2000), at: Self.at(300))
        #expect(notes == [.began(event: 3, timestamp: Self.t0), .ended(event: 3, timestamp: Self.t0, duration: 320, volume: 10, confirmed: false),
                          .began(event: 4, timestamp: Self.t0.advanced(by: 2000))])
        #expect(r.expire(now: Self.at(800)).isEmpty)
        #expect(r.expire(now: Self.at(801)) == [.ended(event: 4, timestamp: Self.t0.advanced(by: 2000), duration: 0, volume: 10, confirmed: false)])
        #expect(r.expire(now: Self.at(2000)).isEmpty)
        #expect(throws: TelephoneEventReceiver.PayloadError.truncated) { try r.receive(payload: [1, 2][...], timestamp: Self.t0, at: .zero) }
    }
}
