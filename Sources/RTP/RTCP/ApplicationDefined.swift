import StackCore

/// An RTCP application-defined packet (RFC 3550 §6.7).
public struct ApplicationDefined: Sendable, Hashable {
    /// The 5-bit subtype.
    public var subtype: UInt8
    /// The sender.
    public var ssrc: SSRC
    /// The four-character ASCII name.
    public var name: UInt32
    /// Application data, a whole number of words.
    public var data: ArraySlice<UInt8>

    /// A packet from parts.
    public init(subtype: UInt8, ssrc: SSRC, name: UInt32, data: ArraySlice<UInt8> = []) {
        self.subtype = subtype
        self.ssrc = ssrc
        self.name = name
        self.data = data
    }

    /// The name as text (each byte as a character).
    public var nameText: String { String(decoding: [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: name >> $0) }, as: UTF8.self) }

    init(_ body: RTCPBody) throws(RTCPError) {
        let b = body.bytes
        try body.need(8, at: b.startIndex)
        subtype = UInt8(body.count)
        ssrc = SSRC(b.be32(b.startIndex))
        name = b.be32(b.startIndex + 4)
        data = b[(b.startIndex + 8)...]
    }

    func write(_ w: inout ByteWriter) throws(RTCPError) {
        try writeRTCPHeader(&w, type: .application, count: Int(subtype), bodyLength: 8 + data.count)
        w.write32(ssrc.rawValue)
        w.write32(name)
        w.write(data)
    }
}
