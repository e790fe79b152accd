import RTP

/// The properties the RTP/RTCP fuzz target checks on every input; `swift test` replays them over seeds.
public enum RTPFuzzChecks {
    /// Reads `data` as an RTP packet and as an RTCP compound packet (both validations). Whatever parses
    /// must serialize to bytes that parse back to an equal packet; header extension elements must be a
    /// typed result or error. A violated property traps, which the fuzzer records as a crash.
    public static func check(_ data: [UInt8]) {
        checkRTP(data)
        for validation in [RTCPCompoundPacket.Validation.compound, .reducedSize] { checkRTCP(data, validation) }
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
