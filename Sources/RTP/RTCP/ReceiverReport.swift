import StackCore

/// An RTCP receiver report (RFC 3550 §6.4.2): reception reports from a participant that has not sent
/// RTP since the last report.
public struct ReceiverReport: Sendable, Hashable {
    /// The reporter.
    public var ssrc: SSRC
    /// Reception reports, at most 31.
    public var reports: [RTCPReportBlock]
    /// Profile-specific extension bytes after the report blocks, kept as is.
    public var profileExtension: ArraySlice<UInt8>

    /// A report from parts.
    public init(ssrc: SSRC, reports: [RTCPReportBlock] = [], profileExtension: ArraySlice<UInt8> = []) {
        self.ssrc = ssrc
        self.reports = reports
        self.profileExtension = profileExtension
    }

    init(_ body: RTCPBody) throws(RTCPError) {
        var i = body.bytes.startIndex
        try body.need(4, at: i)
        ssrc = SSRC(body.bytes.be32(i))
        i += 4
        reports = try readReportBlocks(body, count: body.count, at: &i)
        profileExtension = body.bytes[i...]
    }

    func write(_ w: inout ByteWriter) throws(RTCPError) {
        try writeRTCPHeader(&w, type: .receiverReport, count: reports.count,
                            bodyLength: 4 + RTCPReportBlock.size * reports.count + profileExtension.count)
        w.write32(ssrc.rawValue)
        for r in reports { r.write(&w) }
        w.write(profileExtension)
    }
}
