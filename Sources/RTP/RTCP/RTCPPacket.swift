import StackCore

/// One RTCP packet of a compound packet (RFC 3550 §6).
public enum RTCPPacket: Sendable, Hashable {
    /// SR (§6.4.1).
    case senderReport(SenderReport)
    /// RR (§6.4.2).
    case receiverReport(ReceiverReport)
    /// SDES (§6.5).
    case sourceDescription(SourceDescription)
    /// BYE (§6.6).
    case goodbye(Goodbye)
    /// APP (§6.7).
    case application(ApplicationDefined)
    /// RTPFB or PSFB (RFC 4585 §6.1).
    case feedback(FeedbackMessage)
    /// XR (RFC 3611).
    case extendedReport(ExtendedReport)
    /// A packet type this module does not read: its type, count field and body, kept as is.
    case unknown(type: RTCPPacketType, count: UInt8, body: ArraySlice<UInt8>)

    /// The packet type.
    public var type: RTCPPacketType {
        switch self {
        case .senderReport: .senderReport
        case .receiverReport: .receiverReport
        case .sourceDescription: .sourceDescription
        case .goodbye: .goodbye
        case .application: .application
        case .feedback(let f): f.type
        case .extendedReport: .extendedReport
        case .unknown(let type, _, _): type
        }
    }

    /// The sender's SSRC (for SDES the first chunk's, for BYE the first source's), when the packet has one.
    public var ssrc: SSRC? {
        switch self {
        case .senderReport(let p): p.ssrc
        case .receiverReport(let p): p.ssrc
        case .sourceDescription(let p): p.chunks.first?.ssrc
        case .goodbye(let p): p.sources.first
        case .application(let p): p.ssrc
        case .feedback(let p): p.senderSSRC
        case .extendedReport(let p): p.ssrc
        case .unknown(_, _, let body): body.count >= 4 ? SSRC(body.be32(body.startIndex)) : nil
        }
    }

    /// The reception report blocks of an SR or RR; empty for other types.
    public var reports: [RTCPReportBlock] {
        switch self {
        case .senderReport(let p): p.reports
        case .receiverReport(let p): p.reports
        default: []
        }
    }

    /// Reads the body of a packet of `type` (already split off its header and padding).
    init(type: RTCPPacketType, _ body: RTCPBody) throws(RTCPError) {
        switch type {
        case .senderReport: self = .senderReport(try SenderReport(body))
        case .receiverReport: self = .receiverReport(try ReceiverReport(body))
        case .sourceDescription: self = .sourceDescription(try SourceDescription(body))
        case .goodbye: self = .goodbye(try Goodbye(body))
        case .application: self = .application(try ApplicationDefined(body))
        case .transportFeedback, .payloadFeedback: self = .feedback(try FeedbackMessage(type: type, body))
        case .extendedReport: self = .extendedReport(try ExtendedReport(body))
        default: self = .unknown(type: type, count: UInt8(body.count), body: body.bytes)
        }
    }

    /// Appends the packet, header included, to `w`.
    func write(_ w: inout ByteWriter) throws(RTCPError) {
        switch self {
        case .senderReport(let p): try p.write(&w)
        case .receiverReport(let p): try p.write(&w)
        case .sourceDescription(let p): try p.write(&w)
        case .goodbye(let p): try p.write(&w)
        case .application(let p): try p.write(&w)
        case .feedback(let p): try p.write(&w)
        case .extendedReport(let p): try p.write(&w)
        case .unknown(let type, let count, let body):
            try writeRTCPHeader(&w, type: type, count: Int(count), bodyLength: body.count)
            w.write(body)
        }
    }
}
