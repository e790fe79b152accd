import StackCore

/// An RTCP goodbye (RFC 3550 §6.6): sources leaving the session, with an optional reason.
public struct Goodbye: Sendable, Hashable {
    /// The sources leaving, at most 31.
    public var sources: [SSRC]
    /// Why they are leaving (UTF-8, at most 255 bytes), if given.
    public var reason: ArraySlice<UInt8>?

    /// A goodbye from parts.
    public init(sources: [SSRC], reason: String? = nil) {
        self.sources = sources
        self.reason = reason.map { Array($0.utf8)[...] }
    }

    /// The reason as text.
    public var reasonText: String? { reason.map { String(decoding: $0, as: UTF8.self) } }

    init(_ body: RTCPBody) throws(RTCPError) {
        let b = body.bytes
        var i = b.startIndex
        try body.need(4 * body.count, at: i)
        sources = (0..<body.count).map { SSRC(b.be32(i + 4 * $0)) }
        i += 4 * body.count
        if i < b.endIndex {
            let length = Int(b[i])
            try body.need(1 + length, at: i)
            reason = b[(i + 1)..<(i + 1 + length)]
            i += 1 + length
            // The rest of the last word must be null.
            guard b[i...].count < 4, b[i...].allSatisfy({ $0 == 0 }) else { throw RTCPError(.invalidLength, at: body.offset(i)) }
        } else {
            reason = nil
        }
    }

    func write(_ w: inout ByteWriter) throws(RTCPError) {
        let reasonBytes = reason.map { (1 + $0.count + 3) / 4 * 4 } ?? 0
        guard (reason?.count ?? 0) <= 255 else { throw RTCPError(.doesNotFit, at: w.count) }
        try writeRTCPHeader(&w, type: .goodbye, count: sources.count, bodyLength: 4 * sources.count + reasonBytes)
        for s in sources { w.write32(s.rawValue) }
        if let reason {
            w.write(byte: UInt8(reason.count))
            w.write(reason)
            w.padToWord()
        }
    }
}
