import StackCore

/// One Contact value (RFC 3261 §20.10): an address with `expires` and `q` parameters.
public struct SIPContact: SIPHeaderValue, Hashable, CustomStringConvertible {
    /// The address and its parameters.
    public let address: SIPNameAddress

    /// The `expires` parameter in seconds; values over 2^32 − 1 are clamped to it.
    public var expires: UInt32? {
        guard let v = address.parameters.value("expires") else { return nil }
        if let n = v.decimalValue(limit: UInt64(UInt32.max)) { return UInt32(n) }
        return v.allSatisfy(ASCII.isDigit) ? UInt32.max : nil
    }

    /// The `q` parameter (qvalue, 0 to 1).
    public var q: Double? { qThousandths.map { Double($0) / 1000 } }

    /// The `q` parameter in thousandths (0 to 1000), exact for comparisons and sorting.
    public var qThousandths: Int? { address.parameters.value("q").flatMap(Self.qvalue) }

    public var description: String { address.description }

    public init(parsing value: ByteString, header: SIPHeaderName = .contact, limits: SIPParserLimits) throws(SIPParseError) {
        address = try SIPNameAddress(parsing: value, header: header, limits: limits)
        let params = address.parameters
        if let q = params.value(static: "q") ?? nil, Self.qvalue(q) == nil {
            throw SIPParseError(.invalidHeaderValue, at: q.startIndex, header: header, "invalid q value")
        }
        if let e = params.value(static: "expires") ?? nil, !e.allSatisfy(ASCII.isDigit) || e.isEmpty {
            throw SIPParseError(.invalidHeaderValue, at: e.startIndex, header: header, "invalid expires value")
        }
    }

    /// qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
    static func qvalue(_ v: ByteString) -> Int? {
        let b = Array(v.bytes)
        guard let first = b.first, first == 0x30 || first == 0x31 else { return nil }
        if b.count == 1 { return first == 0x31 ? 1000 : 0 }
        guard b[1] == 0x2E, b.count <= 5 else { return nil }
        let frac = b[2...]
        guard frac.allSatisfy(ASCII.isDigit) else { return nil }
        if first == 0x31 { return frac.allSatisfy { $0 == 0x30 } ? 1000 : nil }
        var value = 0, scale = 100
        for d in frac { value += Int(d - 0x30) * scale; scale /= 10 }
        return value
    }
}

/// The Contact header of a message: `*` (REGISTER removing all bindings) or a list of addresses.
public enum SIPContactList: Sendable, Hashable {
    /// `Contact: *`
    case wildcard
    /// One or more contacts.
    case addresses([SIPContact])

    /// The contacts, empty for the wildcard.
    public var contacts: [SIPContact] {
        if case .addresses(let list) = self { return list }
        return []
    }
}
