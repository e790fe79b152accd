import StackCore

/// An RTCP feedback message (RFC 4585 §6.1), transport-layer (RTPFB) or payload-specific (PSFB).
public struct FeedbackMessage: Sendable, Hashable {
    /// Transport-layer (205) or payload-specific (206).
    public var type: RTCPPacketType
    /// The feedback message type (FMT), e.g. 1 for a generic NACK in RTPFB or PLI in PSFB.
    public var format: UInt8
    /// The sender of the feedback.
    public var senderSSRC: SSRC
    /// The media source it concerns.
    public var mediaSSRC: SSRC
    /// The feedback control information, a whole number of words, kept as is.
    public var controlInformation: ArraySlice<UInt8>

    /// A message from parts.
    public init(type: RTCPPacketType, format: UInt8, senderSSRC: SSRC, mediaSSRC: SSRC, controlInformation: ArraySlice<UInt8> = []) {
        self.type = type
        self.format = format
        self.senderSSRC = senderSSRC
        self.mediaSSRC = mediaSSRC
        self.controlInformation = controlInformation
    }

    /// The sequence numbers a generic NACK asks for (RFC 4585 §6.2.1: a PID and a bitmask of the 16
    /// following); empty for other messages.
    public var nackedSequenceNumbers: [SequenceNumber] {
        guard type == .transportFeedback, format == 1 else { return [] }
        var out: [SequenceNumber] = []
        var i = controlInformation.startIndex
        while controlInformation.endIndex - i >= 4 {
            let pid = SequenceNumber(controlInformation.be16(i))
            let mask = controlInformation.be16(i + 2)
            out.append(pid)
            for bit in 0..<16 where mask & (1 << bit) != 0 { out.append(pid.advanced(by: bit + 1)) }
            i += 4
        }
        return out
    }

    init(type: RTCPPacketType, _ body: RTCPBody) throws(RTCPError) {
        let b = body.bytes
        try body.need(8, at: b.startIndex)
        self.type = type
        format = UInt8(body.count)
        senderSSRC = SSRC(b.be32(b.startIndex))
        mediaSSRC = SSRC(b.be32(b.startIndex + 4))
        controlInformation = b[(b.startIndex + 8)...]
    }

    func write(_ w: inout ByteWriter) throws(RTCPError) {
        try writeRTCPHeader(&w, type: type, count: Int(format), bodyLength: 8 + controlInformation.count)
        w.write32(senderSSRC.rawValue)
        w.write32(mediaSSRC.rawValue)
        w.write(controlInformation)
    }
}
