import StackCore

/// The CSeq value (RFC 3261 §20.16): a sequence number and the request method.
public struct SIPCSeq: SIPHeaderValue, Hashable, CustomStringConvertible {
    /// The sequence number (at most 2^32 − 1 on receipt; §8.1.1.5 asks senders for less than 2^31).
    public var number: UInt32
    /// The method.
    public var method: SIPMethod

    /// A CSeq from parts.
    public init(number: UInt32, method: SIPMethod) {
        self.number = number
        self.method = method
    }

    public init(parsing value: ByteString, header: SIPHeaderName = .cseq, limits: SIPParserLimits) throws(SIPParseError) {
        var s = Scanner(value.bytes, header: header)
        s.skipLWS()
        number = UInt32(try s.number(limit: UInt64(UInt32.max), "sequence number"))
        let gap = s.i
        s.skipLWS()
        guard s.i > gap, let m = s.token(), let method = SIPMethod.from(s.bytes[m]) else {
            throw s.error("expected method after sequence number")
        }
        self.method = method
        try s.expectEnd()
    }

    public var description: String { "\(number) \(method)" }
}
