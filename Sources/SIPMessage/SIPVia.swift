import StackCore

/// One Via value (RFC 3261 §20.42): sent-protocol, sent-by and parameters.
///
/// The parts are offsets into `text`, so a parsed Via holds one reference to the message's bytes.
public struct SIPVia: SIPHeaderValue, Hashable, CustomStringConvertible {
    /// The value as written.
    public let text: ByteString
    let hostKind: SIPHost.Kind
    /// Offsets from `text.startIndex`: protocol, version, transport, host, params (start/end pairs).
    let marks: (UInt16, UInt16, UInt16, UInt16, UInt16, UInt16, UInt16, UInt16, UInt16)
    let portValue: Int32

    private func part(_ a: UInt16, _ b: UInt16) -> ByteString {
        text[(text.startIndex + Int(a))..<(text.startIndex + Int(b))]
    }

    /// The protocol name, normally `SIP`.
    public var protocolName: ByteString { part(marks.0, marks.1) }
    /// The protocol version, normally `2.0`.
    public var protocolVersion: ByteString { part(marks.2, marks.3) }
    /// The transport token (`UDP`, `TCP`, `TLS`, `SCTP`, `WS`, `WSS` or another token), as written.
    public var transport: ByteString { part(marks.4, marks.5) }
    /// The sent-by host.
    public var host: SIPHost { SIPHost(kind: hostKind, text: part(marks.6, marks.7)) }
    /// The sent-by port, when written.
    public var port: Int? { portValue < 0 ? nil : Int(portValue) }
    /// The via-params.
    public var parameters: SIPParameters {
        SIPParameters(text: text[(text.startIndex + Int(marks.8))...], style: .header)
    }
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

    public static func == (a: SIPVia, b: SIPVia) -> Bool { a.text == b.text }
    public func hash(into hasher: inout Hasher) { hasher.combine(text) }

    public init(parsing value: ByteString, header: SIPHeaderName = .via, limits: SIPParserLimits) throws(SIPParseError) {
        guard value.count <= Int(UInt16.max) else { throw SIPParseError(.invalidHeaderValue, at: value.startIndex, header: header, "Via too long") }
        let base = value.startIndex
        func o(_ i: Int) -> UInt16 { UInt16(truncatingIfNeeded: i - base) }
        let (proto, version, transport, kind, hostRange, port, paramsStart) = try Scanner.scan(value.bytes, header: header) {
            (s) throws(SIPParseError) in
            s.skipLWS()
            let proto = try s.requireToken("protocol name")
            guard s.consumeSeparator(0x2F) else { throw s.error("expected '/' in sent-protocol") }
            let version = try s.requireToken("protocol version")
            guard s.consumeSeparator(0x2F) else { throw s.error("expected '/' in sent-protocol") }
            let transport = try s.requireToken("transport")
            let beforeSpace = s.i
            s.skipLWS()
            guard s.i > beforeSpace else { throw s.error("expected white space before sent-by") }
            let (kind, hostRange) = try SIPHost.locate(&s)
            var port: Int32 = -1
            if s.consumeSeparator(0x3A) {
                port = Int32(try s.number(limit: 65535, "port"))
            }
            let paramsStart = s.i
            try ParameterGrammar.check(&s, style: .header, limit: limits.maxParameters)
            try s.expectEnd()
            return (proto, version, transport, kind, hostRange, port, paramsStart)
        }
        let received = StaticString("received").withUTF8Buffer {
            ParameterGrammar.find($0, in: value.bytes, from: paramsStart, style: .header)
        }
        if let (_, r) = received {
            guard let r else {
                throw SIPParseError(.invalidHeaderValue, at: value.endIndex, header: header, "received without a value")
            }
            let v = value.bytes[r]
            let inner = v.first == 0x5B && v.last == 0x5D ? v.dropFirst().dropLast() : v
            guard IPAddressText.ipv4Value(inner) != nil || IPAddressText.ipv6(inner) != nil else {
                throw SIPParseError(.invalidHeaderValue, at: value.endIndex, header: header, "received is not an IP address")
            }
        }
        // Built once from locals: piecewise assignment in a throwing init copied the value out.
        self.init(text: value, hostKind: kind, portValue: port,
                  marks: (o(proto.lowerBound), o(proto.upperBound), o(version.lowerBound), o(version.upperBound),
                          o(transport.lowerBound), o(transport.upperBound), o(hostRange.lowerBound), o(hostRange.upperBound),
                          o(paramsStart)))
    }

    private init(text: ByteString, hostKind: SIPHost.Kind, portValue: Int32,
                 marks: (UInt16, UInt16, UInt16, UInt16, UInt16, UInt16, UInt16, UInt16, UInt16)) {
        self.text = text
        self.hostKind = hostKind
        self.portValue = portValue
        self.marks = marks
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

extension SIPVia {
    /// A copy with parameters set: each name replaces a parameter of that name (case-insensitively) in
    /// place, or is appended. A nil value writes a bare flag (`;rport`). Used for `received` and
    /// `rport` (RFC 3261 §18.2.1, RFC 3581 §4).
    public func settingParameters(_ changes: [(String, String?)]) throws(SIPParseError) -> SIPVia {
        var s = "\(protocolName)/\(protocolVersion)/\(transport) \(host)"
        if let port { s += ":\(port)" }
        var pending = changes
        for p in parameters {
            let name = p.name.string
            if let i = pending.firstIndex(where: { $0.0.lowercased() == name.lowercased() }) {
                let (n, v) = pending.remove(at: i)
                s += v.map { ";\(n)=\($0)" } ?? ";\(n)"
            } else {
                s += p.value.map { ";\(name)=\($0)" } ?? ";\(name)"
            }
        }
        for (n, v) in pending { s += v.map { ";\(n)=\($0)" } ?? ";\(n)" }
        return try SIPVia(parsing: ByteString(s), header: .via, limits: .default)
    }
}

extension SIPVia {
    /// A copy naming another transport in its sent-protocol (`SIP/2.0/TCP`), for a request that
    /// §18.1.1 moves from UDP to TCP.
    public func replacingTransport(_ transport: String) throws(SIPParseError) -> SIPVia {
        var s = "\(protocolName)/\(protocolVersion)/\(transport) \(host)"
        if let port { s += ":\(port)" }
        s += parameters.text.string
        return try SIPVia(parsing: ByteString(s), header: .via, limits: .default)
    }
}
