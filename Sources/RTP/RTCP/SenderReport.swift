import StackCore

/// An RTCP sender report (RFC 3550 §6.4.1): the sender's clocks and counts, plus reception reports.
public struct SenderReport: Sendable, Hashable {
    /// The sender.
    public var ssrc: SSRC
    /// The wall-clock time the report was sent.
    public var ntpTimestamp: NTPTimestamp
    /// The same instant in the RTP clock of the sender's media.
    public var rtpTimestamp: RTPTimestamp
    /// RTP packets sent since the sender started (or changed SSRC).
    public var packetCount: UInt32
    /// Payload octets sent in those packets.
    public var octetCount: UInt32
    /// Reception reports, at most 31.
    public var reports: [RTCPReportBlock]
    /// Profile-specific extension bytes after the report blocks (a whole number of words), kept as is.
    public var profileExtension: ArraySlice<UInt8>

    /// A report from parts.
    public init(ssrc: SSRC, ntpTimestamp: NTPTimestamp, rtpTimestamp: RTPTimestamp, packetCount: UInt32,
                octetCount: UInt32, reports: [RTCPReportBlock] = [], profileExtension: ArraySlice<UInt8> = [])
    {
        self.ssrc = ssrc
        self.ntpTimestamp = ntpTimestamp
        self.rtpTimestamp = rtpTimestamp
        self.packetCount = packetCount
        self.octetCount = octetCount
        self.reports = reports
        self.profileExtension = profileExtension
    }

    init(_ body: RTCPBody) throws(RTCPError) {
        var i = body.bytes.startIndex
        try body.need(24, at: i)
        let b = body.bytes
        ssrc = SSRC(b.be32(i))
        ntpTimestamp = NTPTimestamp(rawValue: UInt64(b.be32(i + 4)) << 32 | UInt64(b.be32(i + 8)))
        rtpTimestamp = RTPTimestamp(b.be32(i + 12))
        packetCount = b.be32(i + 16)
        octetCount = b.be32(i + 20)
        i += 24
        reports = try readReportBlocks(body, count: body.count, at: &i)
        profileExtension = b[i...]
    }

    func write(_ w: inout ByteWriter) throws(RTCPError) {
        try writeRTCPHeader(&w, type: .senderReport, count: reports.count,
                            bodyLength: 24 + RTCPReportBlock.size * reports.count + profileExtension.count)
        w.write32(ssrc.rawValue)
        w.write32(ntpTimestamp.seconds)
        w.write32(ntpTimestamp.fraction)
        w.write32(rtpTimestamp.rawValue)
        w.write32(packetCount)
        w.write32(octetCount)
        for r in reports { r.write(&w) }
        w.write(profileExtension)
    }
}
