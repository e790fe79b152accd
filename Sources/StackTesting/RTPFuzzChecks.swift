import RTP
import StackCore

/// The properties the RTP/RTCP fuzz target checks on every input; `swift test` replays them over seeds.
public enum RTPFuzzChecks {
    /// Reads `data` as an RTP packet and as an RTCP compound packet (both validations). Whatever parses
    /// must serialize to bytes that parse back to an equal packet; header extension elements must be a
    /// typed result or error. A violated property traps, which the fuzzer records as a crash.
    public static func check(_ data: [UInt8]) {
        checkRTP(data)
        for validation in [RTCPCompoundPacket.Validation.compound, .reducedSize] { checkRTCP(data, validation) }
        checkTelephoneEvents(data)
        checkStatistics(data)
        checkJitterBuffer(data)
    }

    /// Reads `data` as 6-byte records (sequence, timestamp step, arrival step and flags) driving a
    /// jitter buffer with inserts and pulls: every action must be well formed, every payload handed
    /// out must have its stated length, no counter may go negative, and the RTCP XR VoIP metrics
    /// drawn from it must stay in their ranges.
    static func checkJitterBuffer(_ data: [UInt8]) {
        var buffer = JitterBuffer(configuration: .init(clockRate: 8000, capacity: 16, maximumPayloadSize: 64))
        var payload = [UInt8]()
        var now: Int64 = 0
        var timestamp: UInt32 = 0
        var i = 0
        while i + 6 <= data.count {
            let flags = data[i + 5]
            timestamp &+= UInt32(data[i + 2]) << (flags & 0x10 == 0 ? 4 : 20)
            now += Int64(data[i + 3]) * 1_000_000
            let packet = RTPPacket(marker: flags & 1 != 0, payloadType: PayloadType(rawValue: 0)!,
                                   sequenceNumber: SequenceNumber(UInt16(data[i]) << 8 | UInt16(data[i + 1])),
                                   timestamp: RTPTimestamp(timestamp), ssrc: SSRC(UInt32(flags >> 6)),
                                   payload: [UInt8](repeating: flags, count: Int(data[i + 4] & 0x7F))[...])
            if flags & 2 != 0 { buffer.skip(packet, arrival: Instant(nanoseconds: now)) }
            else { buffer.insert(packet, arrival: Instant(nanoseconds: now), duration: flags & 4 != 0 ? Int(data[i + 4]) : nil) }
            for _ in 0..<(flags >> 3 & 3) { checkPull(&buffer, at: now, &payload) }
            i += 6
        }
        for _ in 0..<64 {
            now += 10_000_000
            checkPull(&buffer, at: now, &payload)
        }
        let m = VoIPMetrics(ssrc: SSRC(1), jitterBuffer: buffer, codec: .g711, roundTripTime: .milliseconds(Int64(data.first ?? 0) * 10),
                            concealment: .standard)
        let burstGap = buffer.statistics.burstGap.metrics
        guard (10...50).contains(m.mosLQ), (10...50).contains(m.mosCQ), m.rFactor <= 100,
              (0...1).contains(burstGap.burstDensity), (0...1).contains(burstGap.gapDensity),
              burstGap.burstLength >= 0, burstGap.gapLength >= 0 else {
            fatalError("RTCP XR: VoIP metrics out of range \(m) \(burstGap)")
        }
    }

    private static func checkPull(_ buffer: inout JitterBuffer, at now: Int64, _ payload: inout [UInt8]) {
        let action = buffer.pull(at: Instant(nanoseconds: now), payload: &payload)
        guard action.outputDuration > 0 else { fatalError("jitter buffer: an action of no duration: \(action)") }
        switch action {
        case .play(let f):
            guard f.payloadLength == payload.count, abs(f.timeScale) <= f.duration / 2 else { fatalError("jitter buffer: bad frame \(f)") }
        case .conceal(_, let recovery?):
            guard recovery.payloadLength == payload.count else { fatalError("jitter buffer: bad recovery \(recovery)") }
        default: break
        }
        let s = buffer.statistics
        guard s.lost >= 0, s.late >= 0, s.expanded >= 0, s.concealed >= 0, s.discarded >= 0 else {
            fatalError("jitter buffer: a negative counter \(s)")
        }
    }

    /// Reads `data` as 8-byte records (timestamp, RFC 4733 payload) 20 ms apart: the receiver must report
    /// begin and end strictly alternating, whatever arrives.
    static func checkTelephoneEvents(_ data: [UInt8]) {
        var r = TelephoneEventReceiver()
        var open = false
        var i = 0, ms: Int64 = 0
        func note(_ n: TelephoneEventReceiver.Notification) {
            switch n {
            case .began: guard !open else { fatalError("RFC 4733: an event began inside another") }; open = true
            case .ended: guard open else { fatalError("RFC 4733: an event ended twice") }; open = false
            }
        }
        while i + 8 <= data.count {
            let ts = RTPTimestamp(UInt32(data[i]) << 24 | UInt32(data[i + 1]) << 16 | UInt32(data[i + 2]) << 8 | UInt32(data[i + 3]))
            for n in (try? r.receive(payload: data[(i + 4)..<(i + 8)], timestamp: ts, at: Instant(nanoseconds: ms * 1_000_000))) ?? [] { note(n) }
            i += 8
            ms += 20
            for n in r.expire(now: Instant(nanoseconds: ms * 1_000_000)) { note(n) }
        }
    }

    /// Reads `data` as sequence numbers (2 bytes each) arriving 20 ms apart: the statistics must not trap
    /// and their report blocks must stay within their fields.
    static func checkStatistics(_ data: [UInt8]) {
        guard data.count >= 2 else { return }
        var s = RTPSourceStatistics(ssrc: SSRC(1), firstSequence: SequenceNumber(UInt16(data[0]) << 8 | UInt16(data[1])), clockRate: 8000)
        var i = 0
        while i + 2 <= data.count {
            let seq = UInt16(data[i]) << 8 | UInt16(data[i + 1])
            s.receive(sequence: SequenceNumber(seq), timestamp: RTPTimestamp(UInt32(seq) &* 160),
                      arrival: Instant(nanoseconds: Int64(i) * 10_000_000 + Int64(data[i]) * 1_000_000), payloadLength: 160)
            if i % 64 == 0, let b = s.makeReportBlock(now: Instant(nanoseconds: Int64(i) * 10_000_000)) {
                guard (-0x80_0000...0x7F_FFFF).contains(b.cumulativeLost) else { fatalError("cumulative loss outside 24 bits") }
            }
            i += 2
        }
    }

    static func checkRTP(_ data: [UInt8]) {
        guard let p = try? RTPPacket(parsing: data) else { return }
        _ = try? p.headerExtension?.elements()
        guard p.serializedSize == data.count else { fatalError("RTP: serialized size \(p.serializedSize) of \(data.count) bytes") }
        let bytes = p.serialized()
        guard let q = try? RTPPacket(parsing: bytes) else { fatalError("RTP round trip: serialized packet does not parse") }
        guard q.marker == p.marker, q.payloadType == p.payloadType, q.sequenceNumber == p.sequenceNumber,
              q.timestamp == p.timestamp, q.ssrc == p.ssrc, q.csrcs == p.csrcs, q.paddingCount == p.paddingCount,
              q.payload.elementsEqual(p.payload), q.headerExtension == p.headerExtension
        else { fatalError("RTP round trip: re-parsed packet differs") }
    }

    static func checkRTCP(_ data: [UInt8], _ validation: RTCPCompoundPacket.Validation) {
        guard let c = try? RTCPCompoundPacket(parsing: data, validation: validation) else { return }
        for p in c.packets {
            _ = (p.type.description, p.ssrc, p.reports.map { $0.roundTripTime(arrivedAt: NTPTimestamp(rawValue: 0xE76F_4380_0000_0000)) })
            if case .feedback(let f) = p { _ = f.nackedSequenceNumbers }
        }
        // Padding and bodies that are not whole words cannot be written back; anything else must be.
        guard let bytes = try? c.serialized() else { return }
        guard let again = try? RTCPCompoundPacket(parsing: bytes, validation: validation) else {
            fatalError("RTCP round trip: serialized packet does not parse")
        }
        guard again.packets == c.packets else { fatalError("RTCP round trip: re-parsed packets differ") }
    }
}
