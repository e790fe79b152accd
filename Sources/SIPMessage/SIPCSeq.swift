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
        let (n, m) = try Scanner.scan(value.bytes, header: header) { (s) throws(SIPParseError) in
            s.skipLWS()
            let n = try s.number(limit: UInt64(UInt32.max), "sequence number")
            let gap = s.i
            s.skipLWS()
            guard s.i > gap, let m = s.token(), let method = SIPMethod.from(value.bytes[m]) else {
                throw s.error("expected method after sequence number")
            }
            try s.expectEnd()
            return (n, method)
        }
        self.init(number: UInt32(n), method: m)
    }

    public var description: String { "\(number) \(method)" }
}
