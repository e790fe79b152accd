import StackCore

/// A comma-separated list of `name=value` auth-params (RFC 3261 §25.1, RFC 7616 §3).
public struct SIPAuthParameters: Sendable, Hashable, Sequence {
    /// The parameters in order; values keep their quotes.
    public let list: [SIPParameter]

    /// The value of `name` (case-insensitive) with quotes removed.
    public func value(_ name: String) -> String? {
        list.first { $0.name.equalsIgnoringCase(text: name) }?.unquotedValue?.string
    }

    public func makeIterator() -> IndexingIterator<[SIPParameter]> { list.makeIterator() }

    /// Parses `auth-param *(COMMA auth-param)`; `allowBare` accepts a lone token (e.g. qop in
    /// Authentication-Info is always `name=value`, but some challenges carry a token68).
    static func parse(_ s: inout Scanner, in text: ByteString, limit: Int) throws(SIPParseError) -> SIPAuthParameters {
        var list: [SIPParameter] = []
        s.skipLWS()
        while !s.atEnd {
            let name = try s.requireToken("auth parameter name")
            guard s.consumeSeparator(0x3D) else { throw s.error("expected '=' after auth parameter name") }
            let value: Range<Int>
            if s.peek() == 0x22 { value = try s.quotedString() } else { value = try s.requireToken("auth parameter value") }
            list.append(SIPParameter(name: text[name], value: text[value]))
            if list.count > limit { throw SIPParseError(.tooManyParameters, at: s.i, header: s.header, "too many auth parameters") }
            s.skipLWS()
            if s.atEnd { break }
            guard s.consume(0x2C) else { throw s.error("expected ',' between auth parameters") }
            s.skipLWS()
        }
        return SIPAuthParameters(list: list)
    }
}

/// WWW-Authenticate or Proxy-Authenticate (RFC 3261 §20.27/§20.44, RFC 7616 §3.3).
public struct SIPAuthChallenge: SIPHeaderValue, Hashable {
    /// The scheme (`Digest`).
    public let scheme: ByteString
    /// The parameters.
    public let parameters: SIPAuthParameters

    /// True for the Digest scheme.
    public var isDigest: Bool { scheme.equalsIgnoringCase(text: "Digest") }
    /// `realm`.
    public var realm: String? { parameters.value("realm") }
    /// `nonce`.
    public var nonce: String? { parameters.value("nonce") }
    /// `opaque`.
    public var opaque: String? { parameters.value("opaque") }
    /// `algorithm` (MD5 when absent, RFC 7616 §3.3).
    public var algorithm: String { parameters.value("algorithm") ?? "MD5" }
    /// `stale=true`: the credentials were right but the nonce expired.
    public var isStale: Bool { parameters.value("stale")?.lowercased() == "true" }
    /// The `qop` options offered (`auth`, `auth-int`).
    public var qopOptions: [String] {
        (parameters.value("qop") ?? "").split(separator: ",").map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
    }
    /// `domain` URIs.
    public var domain: [String] { (parameters.value("domain") ?? "").split(separator: " ").map(String.init) }
    /// `userhash` (RFC 7616).
    public var userhash: Bool { parameters.value("userhash")?.lowercased() == "true" }

    public init(parsing value: ByteString, header: SIPHeaderName = .wwwAuthenticate, limits: SIPParserLimits) throws(SIPParseError) {
        (scheme, parameters) = try Scanner.scan(value.bytes, header: header) { (s) throws(SIPParseError) in
            s.skipLWS()
            let scheme = value[try s.requireToken("auth scheme")]
            return (scheme, try SIPAuthParameters.parse(&s, in: value, limit: limits.maxParameters))
        }
    }
}

/// Authorization or Proxy-Authorization (RFC 3261 §20.7/§20.28, RFC 7616 §3.4).
public struct SIPAuthCredentials: SIPHeaderValue, Hashable {
    /// The scheme (`Digest`, or any other token, RFC 4475 §3.3.7).
    public let scheme: ByteString
    /// The parameters.
    public let parameters: SIPAuthParameters

    /// `username`.
    public var username: String? { parameters.value("username") }
    /// `realm`.
    public var realm: String? { parameters.value("realm") }
    /// `nonce`.
    public var nonce: String? { parameters.value("nonce") }
    /// `uri` (digest-uri).
    public var uri: String? { parameters.value("uri") }
    /// `response`.
    public var response: String? { parameters.value("response") }
    /// `algorithm`.
    public var algorithm: String? { parameters.value("algorithm") }
    /// `cnonce`.
    public var cnonce: String? { parameters.value("cnonce") }
    /// `opaque`.
    public var opaque: String? { parameters.value("opaque") }
    /// `qop`.
    public var qop: String? { parameters.value("qop") }
    /// `nc` (nonce count, eight hex digits).
    public var nonceCount: UInt32? { parameters.value("nc").flatMap { UInt32($0, radix: 16) } }

    public init(parsing value: ByteString, header: SIPHeaderName = .authorization, limits: SIPParserLimits) throws(SIPParseError) {
        (scheme, parameters) = try Scanner.scan(value.bytes, header: header) { (s) throws(SIPParseError) in
            s.skipLWS()
            let scheme = value[try s.requireToken("auth scheme")]
            return (scheme, try SIPAuthParameters.parse(&s, in: value, limit: limits.maxParameters))
        }
    }
}

/// Authentication-Info (RFC 3261 §20.6, RFC 7616 §3.5).
public struct SIPAuthenticationInfo: SIPHeaderValue, Hashable {
    /// The parameters (`nextnonce`, `qop`, `rspauth`, `cnonce`, `nc`).
    public let parameters: SIPAuthParameters
    /// `nextnonce`.
    public var nextNonce: String? { parameters.value("nextnonce") }
    /// `rspauth`.
    public var responseAuth: String? { parameters.value("rspauth") }

    public init(parsing value: ByteString, header: SIPHeaderName = .authenticationInfo, limits: SIPParserLimits) throws(SIPParseError) {
        parameters = try Scanner.scan(value.bytes, header: header) { (s) throws(SIPParseError) in
            try SIPAuthParameters.parse(&s, in: value, limit: limits.maxParameters)
        }
    }
}

extension Substring {
    func trimmingSpaces() -> String {
        String(self.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
