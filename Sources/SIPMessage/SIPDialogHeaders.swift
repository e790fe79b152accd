import StackCore

/// Replaces (RFC 3891 §6.1): the dialog to replace.
public struct SIPReplaces: SIPHeaderValue, Hashable {
    /// The Call-ID of the dialog.
    public let callID: ByteString
    /// The parameters, holding `to-tag`, `from-tag` and `early-only`.
    public let parameters: SIPParameters
    /// `to-tag`.
    public var toTag: ByteString? { parameters.value("to-tag") }
    /// `from-tag`.
    public var fromTag: ByteString? { parameters.value("from-tag") }
    /// True when `early-only` is present.
    public var earlyOnly: Bool { parameters.contains("early-only") }

    public init(parsing v: ByteString, header: SIPHeaderName = .replaces, limits: SIPParserLimits) throws(SIPParseError) {
        let (id, params) = try Scanner.scan(v.bytes, header: header) { (s) throws(SIPParseError) in
            s.skipLWS()
            let start = s.i
            while let c = s.peek(), Grammar.isWord(c) || c == 0x40 { s.i += 1 }
            guard s.i > start else { throw s.error("expected Call-ID") }
            return (start..<s.i, try ParameterGrammar.validate(&s, style: .header, limit: limits.maxParameters))
        }
        callID = v[id]
        parameters = SIPParameters(text: v[params], style: .header)
        guard parameters.value("to-tag") != nil, parameters.value("from-tag") != nil else {
            throw SIPParseError(.invalidHeaderValue, at: params.upperBound, header: header, "Replaces needs to-tag and from-tag")
        }
    }
}

/// RAck (RFC 3262 §7.2): the RSeq and CSeq of the reliable provisional response acknowledged.
public struct SIPRAck: SIPHeaderValue, Hashable {
    /// The RSeq being acknowledged.
    public let responseNumber: UInt32
    /// The CSeq number of the request the response answered.
    public let sequence: UInt32
    /// The method of that request.
    public let method: SIPMethod

    public init(parsing v: ByteString, header: SIPHeaderName = .rAck, limits: SIPParserLimits) throws(SIPParseError) {
        let (r, c, m) = try Scanner.scan(v.bytes, header: header) { (s) throws(SIPParseError) in
            s.skipLWS()
            let r = try s.number(limit: UInt64(UInt32.max), "response number")
            s.skipLWS()
            let c = try s.number(limit: UInt64(UInt32.max), "CSeq number")
            s.skipLWS()
            guard let m = s.token(), let method = SIPMethod.from(v.bytes[m]) else { throw s.error("expected method") }
            try s.expectEnd()
            return (r, c, method)
        }
        responseNumber = UInt32(r)
        sequence = UInt32(c)
        method = m
    }
}

/// RSeq (RFC 3262 §7.1): 1 to 2^32 − 1.
public struct SIPRSeq: SIPHeaderValue, Hashable {
    /// The response number.
    public let value: UInt32
    public init(parsing v: ByteString, header: SIPHeaderName = .rSeq, limits: SIPParserLimits) throws(SIPParseError) {
        value = UInt32(try Scanner.scan(v.bytes, header: header) { (s) throws(SIPParseError) in
            s.skipLWS()
            let n = try s.number(limit: UInt64(UInt32.max), "RSeq")
            try s.expectEnd()
            return n
        })
    }
}

/// One Reason value (RFC 3326): protocol, `cause` and `text`.
public struct SIPReason: SIPHeaderValue, Hashable {
    /// The underlying token and parameters.
    public let value: SIPTokenWithParameters
    /// `SIP`, `Q.850` or another protocol token.
    public var `protocol`: ByteString { value.token }
    /// The `cause` parameter.
    public var cause: Int? { value.parameters.value("cause")?.decimalValue().map(Int.init) }
    /// The `text` parameter, unquoted.
    public var text: String? { value.parameters["text"]?.unquotedValue?.string }
    public init(parsing v: ByteString, header: SIPHeaderName = .reason, limits: SIPParserLimits) throws(SIPParseError) {
        value = try SIPTokenWithParameters(parsing: v, header: header, limits: limits)
    }
}

/// One Warning value (RFC 3261 §20.43): a three-digit code, an agent and a quoted text.
public struct SIPWarning: SIPHeaderValue, Hashable {
    /// The warn-code (300 to 399 in use).
    public let code: Int
    /// The warn-agent (host[:port] or pseudonym).
    public let agent: ByteString
    /// The warn-text, unquoted.
    public let text: String

    public init(parsing v: ByteString, header: SIPHeaderName = .warning, limits: SIPParserLimits) throws(SIPParseError) {
        let (n, a, q) = try Scanner.scan(v.bytes, header: header) { (s) throws(SIPParseError) in
            s.skipLWS()
            let start = s.i
            let n = try s.number(limit: 999, "warn-code")
            guard s.i - start == 3 else { throw s.error("warn-code must be three digits", at: start) }
            s.skipLWS()
            let a = s.i
            while let c = s.peek(), !ASCII.isBlank(c) { s.i += 1 }
            guard s.i > a else { throw s.error("expected warn-agent") }
            let agent = a..<s.i
            s.skipLWS()
            let q = try s.quotedString()
            try s.expectEnd()
            return (n, agent, q)
        }
        code = Int(n)
        agent = v[a]
        text = QuotedText.unquote(v[q]).string
    }
}

/// A media range of Accept (RFC 3261 §20.1): `type/subtype` (either may be `*`) with parameters.
public struct SIPMediaRange: SIPHeaderValue, Hashable {
    /// The type and subtype in lower case.
    public let mediaType: String
    /// The parameters (`q`, …).
    public let parameters: SIPParameters

    /// True when this range admits `type/subtype`.
    public func matches(_ other: String) -> Bool {
        let mine = mediaType.split(separator: "/"), theirs = other.lowercased().split(separator: "/")
        guard mine.count == 2, theirs.count == 2 else { return false }
        return (mine[0] == "*" || mine[0] == theirs[0]) && (mine[1] == "*" || mine[1] == theirs[1])
    }

    public init(parsing v: ByteString, header: SIPHeaderName = .accept, limits: SIPParserLimits) throws(SIPParseError) {
        let (t, st, p) = try Scanner.scan(v.bytes, header: header) { (s) throws(SIPParseError) in
            s.skipLWS()
            let t = try s.requireToken("media type")
            guard s.consumeSeparator(0x2F) else { throw s.error("expected '/' in media range") }
            let st = try s.requireToken("media subtype")
            let p = try ParameterGrammar.validate(&s, style: .header, limit: limits.maxParameters)
            try s.expectEnd()
            return (t, st, p)
        }
        mediaType = "\(v[t])/\(v[st])".lowercased()
        parameters = SIPParameters(text: v[p], style: .header)
    }
}

/// One element of a token list: Allow, Supported, Require, Proxy-Require, Unsupported, Allow-Events.
public struct SIPOptionTag: SIPHeaderValue, Hashable, CustomStringConvertible {
    /// The token.
    public let token: ByteString
    public var description: String { token.string }
    public init(parsing v: ByteString, header: SIPHeaderName, limits: SIPParserLimits) throws(SIPParseError) {
        token = v[try Scanner.scan(v.bytes, header: header) { (s) throws(SIPParseError) in
            s.skipLWS()
            let t = try s.requireToken("token")
            try s.expectEnd()
            return t
        }]
    }
}
