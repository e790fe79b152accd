import StackCore

/// One Via value (RFC 3261 §20.42): sent-protocol, sent-by and parameters.
public struct SIPVia: SIPHeaderValue, Hashable, CustomStringConvertible {
    /// The value as written.
    public let text: ByteString
    let protocolRange: Range<Int>, versionRange: Range<Int>, transportRange: Range<Int>
    /// The sent-by host.
    public let host: SIPHost
    /// The sent-by port, when written.
    public let port: Int?
    /// The via-params.
    public let parameters: SIPParameters

    /// The protocol name, normally `SIP`.
    public var protocolName: ByteString { text[protocolRange] }
    /// The protocol version, normally `2.0`.
    public var protocolVersion: ByteString { text[versionRange] }
    /// The transport token (`UDP`, `TCP`, `TLS`, `SCTP`, `WS`, `WSS` or another token), as written.
    public var transport: ByteString { text[transportRange] }
    /// The `branch` parameter.
    public var branch: ByteString? { parameters.value("branch") }
    /// The `received` parameter (brackets of an IPv6 value stripped, RFC 5118 §4.5).
    public var received: ByteString? {
        guard let r = parameters.value("received") else { return nil }
        if r.first == 0x5B, r.last == 0x5D { return r[(r.startIndex + 1)..<(r.endIndex - 1)] }
        return r
    }
    /// The `rport` parameter (RFC 3581): nil when absent, `.some(nil)` when present without a value.
    public var rport: Int?? {
        guard let p = parameters["rport"] else { return nil }
        guard let v = p.value else { return .some(nil) }
        return .some(v.decimalValue(limit: 65535).map(Int.init))
    }
    /// The `maddr` parameter.
    public var maddr: ByteString? { parameters.value("maddr") }
    /// The `ttl` parameter.
    public var ttl: Int? { parameters.value("ttl")?.decimalValue(limit: 255).map(Int.init) }
    /// True when the branch starts with the RFC 3261 magic cookie `z9hG4bK` (§8.1.1.7).
    public var hasRFC3261Branch: Bool {
        guard let b = branch, b.count >= 7 else { return false }
        return b.bytes.prefix(7).elementsEqual("z9hG4bK".utf8)
    }
    public var description: String { text.string }

    public init(parsing value: ByteString, header: SIPHeaderName = .via, limits: SIPParserLimits) throws(SIPParseError) {
        var s = Scanner(value.bytes, header: header)
        s.skipLWS()
        protocolRange = try s.requireToken("protocol name")
        guard s.consumeSeparator(0x2F) else { throw s.error("expected '/' in sent-protocol") }
        versionRange = try s.requireToken("protocol version")
        guard s.consumeSeparator(0x2F) else { throw s.error("expected '/' in sent-protocol") }
        transportRange = try s.requireToken("transport")
        let beforeSpace = s.i
        s.skipLWS()
        guard s.i > beforeSpace else { throw s.error("expected white space before sent-by") }
        (host, s.i) = try SIPHost.scan(s.bytes, at: s.i, header: header)
        var port: Int? = nil
        if s.consumeSeparator(0x3A) {
            port = Int(try s.number(limit: 65535, "port"))
        }
        self.port = port
        parameters = try ParameterGrammar.validate(&s, style: .header, limit: limits.maxParameters)
        try s.expectEnd()
        if let r = parameters["received"] {
            guard let v = r.value else { throw s.error("received without a value") }
            let inner = v.first == 0x5B && v.last == 0x5D ? v.bytes.dropFirst().dropLast() : v.bytes
            guard IPAddressText.ipv4(inner) != nil || IPAddressText.ipv6(inner) != nil else {
                throw s.error("received is not an IP address")
            }
        }
        text = value
    }

    /// Builds a Via; the branch should start with `z9hG4bK`.
    public init(transport: String, host: String, port: Int? = nil, branch: String,
                parameters: [(String, String?)] = []) throws(SIPParseError)
    {
        var s = "SIP/2.0/\(transport) "
        s += host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        if let port { s += ":\(port)" }
        s += ";branch=\(branch)"
        for (n, v) in parameters { s += v.map { ";\(n)=\($0)" } ?? ";\(n)" }
        try self.init(parsing: ByteString(s), header: .via, limits: .default)
    }
}
