import RTP
import Testing

/// RTCP packets (RFC 3550 §6, RFC 4585 §6.1, RFC 3611), byte by byte, and the compound checks of §A.2.
@Suite struct RTCPPacketTests {
    static let senderReportWithCNAME = hex("""
        80 c8 00 06   // v=2, p=0, rc=0, SR (200), length 6 words
        12 34 56 78   // sender SSRC
        e7 6f 43 80   // NTP seconds
        80 00 00 00   // NTP fraction: one half
        00 00 a0 00   // RTP timestamp 40960
        00 00 00 64   // 100 packets
        00 00 3e 80   // 16000 octets
        81 ca 00 05   // v=2, p=0, sc=1, SDES (202), length 5 words
        12 34 56 78   // chunk SSRC
        01 0b 75 73   // CNAME, 11 bytes: "us
        65 72 40 68   // er@h
        6f 73 74 2e   // ost.
        78 00 00 00   // x", end of items, padding to the word
        """)

    @Test func senderReportAndCNAME() throws {
        let c = try RTCPCompoundPacket(parsing: Self.senderReportWithCNAME)
        #expect(c.packets.count == 2 && c.warnings.isEmpty)
        guard case .senderReport(let sr) = c.packets[0], case .sourceDescription(let sdes) = c.packets[1] else {
            Issue.record("\(c.packets)")
            return
        }
        #expect(sr.ssrc == SSRC(0x1234_5678) && sr.ntpTimestamp == NTPTimestamp(seconds: 0xE76F_4380, fraction: 0x8000_0000))
        #expect(sr.rtpTimestamp == RTPTimestamp(40960) && sr.packetCount == 100 && sr.octetCount == 16000 && sr.reports.isEmpty)
        #expect(sdes.chunks.count == 1 && sdes.chunks[0].ssrc == SSRC(0x1234_5678) && sdes.chunks[0].cname == "user@host.x")
        #expect(try c.serialized() == Self.senderReportWithCNAME)
        #expect(c.packets.map(\.type.description) == ["SR", "SDES"] && c.packets.map(\.ssrc) == [SSRC(0x1234_5678), SSRC(0x1234_5678)])
        // Built from parts, the same bytes.
        let built = RTCPCompoundPacket([.senderReport(SenderReport(ssrc: SSRC(0x1234_5678), ntpTimestamp: sr.ntpTimestamp,
                                                                    rtpTimestamp: RTPTimestamp(40960), packetCount: 100, octetCount: 16000)),
                                        .sourceDescription(SourceDescription(ssrc: SSRC(0x1234_5678), cname: "user@host.x"))])
        #expect(try built.serialized() == Self.senderReportWithCNAME)
    }

    static let receiverReport = hex("""
        81 c9 00 07   // v=2, p=0, rc=1, RR (201), length 7 words
        00 00 00 01   // reporter SSRC
        12 34 56 78   // report block: source SSRC
        19 ff ff ff   // fraction lost 25/256; cumulative lost -1 (a duplicate)
        00 01 00 05   // extended highest sequence: 1 wrap, sequence 5
        00 00 00 2a   // jitter 42
        b7 05 20 00   // LSR: 46853.125 s (the RFC 3550 §6.4.1 example)
        00 05 40 00   // DLSR: 5.25 s
        """)

    @Test func receiverReportAndRoundTripTime() throws {
        let c = try RTCPCompoundPacket(parsing: Self.receiverReport)
        guard case .receiverReport(let rr) = try #require(c.packets.first) else { return }
        let block = try #require(rr.reports.first)
        #expect(rr.ssrc == SSRC(1) && block.ssrc == SSRC(0x1234_5678) && block.fractionLost == 25 && block.cumulativeLost == -1)
        #expect(block.extendedHighestSequence == 0x1_0005 && block.jitter == 42)
        #expect(c.warnings == [.missingCNAME] && c.packets[0].reports == [block])
        // §6.4.1: arriving at 46864.5 s, the round trip is 46864.5 − 46853.125 − 5.25 = 6.125 s.
        #expect(block.roundTripTime(arrivedAt: NTPTimestamp(seconds: 0xB710, fraction: 0x8000_0000)) == .milliseconds(6125))
        #expect(block.roundTripTime(arrivedAt: NTPTimestamp(seconds: 0xB700, fraction: 0)) == nil)
        var none = block
        none.lastSenderReport = 0
        #expect(none.roundTripTime(arrivedAt: NTPTimestamp(seconds: 0xB710, fraction: 0)) == nil)
        #expect(try c.serialized() == Self.receiverReport)
        // Cumulative loss is 24-bit signed: building clamps.
        #expect(RTCPReportBlock(ssrc: SSRC(1), fractionLost: 0, cumulativeLost: 1 << 30, extendedHighestSequence: 0, jitter: 0,
                                lastSenderReport: 0, delaySinceLastSenderReport: 0).cumulativeLost == 0x7F_FFFF)
    }

    @Test func goodbyeWithReason() throws {
        let bytes = hex("""
            80 c9 00 01   // an empty RR first, as a compound packet must start with a report
            12 34 56 78   // reporter SSRC
            81 cb 00 03   // v=2, p=0, sc=1, BYE (203), length 3 words
            12 34 56 78   // the source leaving
            06 63 61 6d   // reason, 6 bytes: "cam
            65 72 61 00   // era", padding
            """)
        let c = try RTCPCompoundPacket(parsing: bytes)
        guard case .goodbye(let bye) = c.packets[1] else { Issue.record("\(c.packets)"); return }
        #expect(bye.sources == [SSRC(0x1234_5678)] && bye.reasonText == "camera")
        #expect(try c.serialized() == bytes && Goodbye(sources: [SSRC(0x1234_5678)], reason: "camera") == bye)
    }

    @Test func applicationDefinedAndFeedbackInReducedSize() throws {
        let bytes = hex("""
            83 cc 00 03   // v=2, subtype 3, APP (204), length 3 words
            12 34 56 78   // SSRC
            71 6f 73 21   // name "qos!"
            01 02 03 04   // application data
            81 cd 00 03   // v=2, FMT 1 (generic NACK), RTPFB (205), length 3 words
            00 00 00 01   // sender SSRC
            12 34 56 78   // media SSRC
            00 64 00 05   // PID 100, BLP 0b101: also 101 and 103
            """)
        #expect(throws: RTCPError(.invalidCompound, at: 1)) { try RTCPCompoundPacket(parsing: bytes) }
        let c = try RTCPCompoundPacket(parsing: bytes, validation: .reducedSize)
        #expect(c.warnings.isEmpty)
        guard case .application(let app) = c.packets[0], case .feedback(let nack) = c.packets[1] else { Issue.record("\(c.packets)"); return }
        #expect(app.subtype == 3 && app.nameText == "qos!" && Array(app.data) == [1, 2, 3, 4])
        #expect(nack.format == 1 && nack.mediaSSRC == SSRC(0x1234_5678) && nack.nackedSequenceNumbers.map(\.rawValue) == [100, 101, 103])
        #expect(try c.serialized() == bytes && c.packets.map(\.type.description) == ["APP", "RTPFB"])
    }

    static let extendedReport = hex("""
        80 c9 00 01   // an empty RR first
        00 00 00 01   // reporter SSRC
        80 cf 00 11   // v=2, XR (207), length 17 words
        00 00 00 01   // sender SSRC
        04 00 00 02   // block: receiver reference time (4), length 2 words
        e7 6f 43 80   // NTP seconds
        00 00 00 00   // NTP fraction
        05 00 00 03   // block: DLRR (5), length 3 words
        12 34 56 78   // receiver SSRC
        b7 05 20 00   // its last reference time (middle 32 bits)
        00 05 40 00   // delay since then: 5.25 s
        07 00 00 08   // block: VoIP metrics (7), length 8 words
        12 34 56 78   // source SSRC
        0c 00 40 08   // loss 12/256, discard 0, burst density 64/256, gap density 8/256
        00 78 05 dc   // burst duration 120 ms, gap duration 1500 ms
        00 96 00 28   // round trip 150 ms, end system delay 40 ms
        ec b0 7f 10   // signal -20 dBm0, noise -80 dBm0, RERL unavailable, Gmin 16
        5d 7f 29 27   // R 93, external R unavailable, MOS-LQ 4.1, MOS-CQ 3.9
        aa 00 00 3c   // receiver configuration, reserved, jitter buffer nominal 60 ms
        00 78 00 c8   // jitter buffer maximum 120 ms, absolute maximum 200 ms
        """)

    @Test func extendedReportWithVoIPMetrics() throws {
        let c = try RTCPCompoundPacket(parsing: Self.extendedReport)
        guard case .extendedReport(let xr) = c.packets[1] else { Issue.record("\(c.packets)"); return }
        #expect(xr.blocks.count == 3 && xr.blocks[0] == .receiverReferenceTime(NTPTimestamp(seconds: 0xE76F_4380, fraction: 0)))
        #expect(xr.blocks[1] == .delaySinceLastReceiverReport([.init(ssrc: SSRC(0x1234_5678), lastReceiverReport: 0xB705_2000,
                                                                      delaySinceLastReceiverReport: 0x0005_4000)]))
        let m = try #require(xr.voipMetrics.first)
        #expect(m.lossRate == 12 && m.burstDensity == 64 && m.gapDensity == 8 && m.burstDuration == 120 && m.gapDuration == 1500)
        #expect(m.roundTripDelay == 150 && m.endSystemDelay == 40 && m.signalLevel == -20 && m.noiseLevel == -80)
        #expect(m.residualEchoReturnLoss == 127 && m.gmin == 16 && m.rFactor == 93 && m.externalRFactor == 127)
        #expect(m.mosLQ == 41 && m.mosCQ == 39 && m.receiverConfiguration == 0xAA)
        #expect(m.jitterBufferNominal == 60 && m.jitterBufferMaximum == 120 && m.jitterBufferAbsoluteMaximum == 200)
        #expect(try c.serialized() == Self.extendedReport)
        // An unknown block type is kept as is.
        var other = xr
        other.blocks = [.other(type: 42, typeSpecific: 9, contents: [1, 2, 3, 4])]
        let again = try RTCPCompoundPacket(parsing: try RTCPCompoundPacket([.extendedReport(other)]).serialized(), validation: .reducedSize)
        #expect(again.packets == [.extendedReport(other)])
    }

    @Test(arguments: [
        ([UInt8](), RTCPError(.truncated, at: 0)),
        (hex("40 c9 00 01 00 00 00 01"), RTCPError(.unsupportedVersion, at: 0)),
        (hex("80 c9 00 07 00 00 00 01"), RTCPError(.truncated, at: 8)),
        (hex("80 c9 00 01 00 00 00 01 80"), RTCPError(.truncated, at: 9)),
        (hex("81 c9 00 01 00 00 00 01"), RTCPError(.invalidLength, at: 8)),
        (hex("a0 c9 00 01 00 00 00 04 80 c9 00 01 00 00 00 01"), RTCPError(.invalidPadding, at: 0)),
        (hex("a0 c9 00 01 00 00 00 00"), RTCPError(.invalidPadding, at: 7)),
        (hex("a0 c9 00 01 00 00 00 05"), RTCPError(.invalidPadding, at: 7)),
        (hex("80 ca 00 01 00 00 00 01"), RTCPError(.invalidCompound, at: 1)),
        (hex("80 c9 00 00"), RTCPError(.invalidLength, at: 4)),
        // SDES: an item longer than the packet; non-null bytes after the end of items; a missing end.
        (hex("80 c9 00 01 00 00 00 01 81 ca 00 02 00 00 00 01 01 09 41 00"), RTCPError(.invalidItem, at: 16)),
        (hex("80 c9 00 01 00 00 00 01 81 ca 00 02 00 00 00 01 01 00 00 07"), RTCPError(.invalidItem, at: 19)),
        (hex("80 c9 00 01 00 00 00 01 81 ca 00 02 00 00 00 01 01 01 41 42"), RTCPError(.invalidItem, at: 19)),
        (hex("80 c9 00 01 00 00 00 01 81 ca 00 01 00 00 00 01"), RTCPError(.invalidItem, at: 16)),
        // BYE: a reason longer than the packet; XR: a block longer than the packet, a VoIP block of the wrong size.
        (hex("80 c9 00 01 00 00 00 01 81 cb 00 02 00 00 00 01 09 41 00 00"), RTCPError(.invalidLength, at: 16)),
        (hex("80 c9 00 01 00 00 00 01 80 cf 00 02 00 00 00 01 07 00 00 08"), RTCPError(.invalidItem, at: 18)),
        (hex("80 c9 00 01 00 00 00 01 80 cf 00 03 00 00 00 01 07 00 00 01 00 00 00 00"), RTCPError(.invalidItem, at: 18)),
        // APP and feedback too short for their fixed part.
        (hex("80 c9 00 01 00 00 00 01 80 cc 00 01 00 00 00 01"), RTCPError(.invalidLength, at: 12)),
        (hex("80 c9 00 01 00 00 00 01 81 cd 00 01 00 00 00 01"), RTCPError(.invalidLength, at: 12)),
    ])
    func malformedPacketsAreTypedErrors(bytes: [UInt8], error: RTCPError) {
        #expect(throws: error) { try RTCPCompoundPacket(parsing: bytes) }
    }

    @Test func paddingOnTheLastPacketAndUnknownTypes() throws {
        let bytes = hex("""
            80 c9 00 01 00 00 00 01   // RR
            a0 d2 00 02 00 00 00 09   // v=2, p=1, type 210 (unknown), length 2 words
            00 00 00 04               // four octets of padding, the count last
            """)
        let c = try RTCPCompoundPacket(parsing: bytes)
        #expect(c.packets[1] == .unknown(type: RTCPPacketType(rawValue: 210), count: 0, body: [0, 0, 0, 9]))
        #expect(c.warnings == [.unknownPacketType(RTCPPacketType(rawValue: 210), at: 8), .missingCNAME])
        #expect(c.packets[1].ssrc == SSRC(9))
    }

    @Test func packetCountIsBounded() {
        let rr = hex("80 c9 00 01 00 00 00 01")
        let many = Array((0..<(RTCPCompoundPacket.maximumPackets + 1)).map { _ in rr }.joined())
        #expect(throws: RTCPError(.invalidLength, at: 8 * RTCPCompoundPacket.maximumPackets)) { try RTCPCompoundPacket(parsing: many) }
    }

    @Test func unencodablePacketsAreTypedErrors() {
        let longText = SourceDescription(chunks: [.init(ssrc: SSRC(1), items: [.init(type: 1, String(repeating: "a", count: 256))])])
        #expect(throws: RTCPError(.doesNotFit, at: 0)) { try RTCPCompoundPacket([.sourceDescription(longText)]).serialized() }
        let manyReports = ReceiverReport(ssrc: SSRC(1), reports: Array(repeating: RTCPReportBlock(
            ssrc: SSRC(2), fractionLost: 0, cumulativeLost: 0, extendedHighestSequence: 0, jitter: 0, lastSenderReport: 0,
            delaySinceLastSenderReport: 0), count: 32))
        #expect(throws: RTCPError(.doesNotFit, at: 0)) { try RTCPCompoundPacket([.receiverReport(manyReports)]).serialized() }
        let oddData = ApplicationDefined(subtype: 0, ssrc: SSRC(1), name: 0x7177_6572, data: [1, 2, 3])
        #expect(throws: RTCPError(.doesNotFit, at: 0)) { try RTCPCompoundPacket([.application(oddData)]).serialized() }
    }
}
