import StackCore

/// A `sip:` or `sips:` URI (RFC 3261 §19.1), kept as its text with the parts located in it.
///
/// The parts are offsets into `text`, so a parsed URI holds one reference to the message's bytes.
/// `==` follows the comparison rules of RFC 3261 §19.1.4; `text` gives the exact spelling.
public struct SIPURI: Sendable, Hashable, CustomStringConvertible {
    /// `sip` or `sips`.
    public enum Scheme: String, Sendable, Hashable { case sip, sips }

    /// The URI as written.
    public let text: ByteString
    /// The scheme.
    public let scheme: Scheme
    let hostKind: SIPHost.Kind
    let layout: Layout

    /// Offsets of the parts from `text.startIndex`; -1 marks an absent part.
    struct Layout: Sendable, Hashable {
        var userStart: Int32 = -1, userEnd: Int32 = -1
        var passwordStart: Int32 = -1, passwordEnd: Int32 = -1
        var hostStart: Int32 = 0, hostEnd: Int32 = 0
        var port: Int32 = -1
        var paramsStart: Int32 = 0, paramsEnd: Int32 = 0
        var headersStart: Int32 = -1
    }

    init(text: ByteString, scheme: Scheme, hostKind: SIPHost.Kind, layout: Layout) {
        self.text = text
        self.scheme = scheme
        self.hostKind = hostKind
        self.layout = layout
    }

    /// Parses exactly `text` as a SIP or SIPS URI.
    public init(parsing text: ByteString, limits: SIPParserLimits = .default) throws(SIPParseError) {
        self = try SIPURIParser.parse(text, limits: limits)
    }

    /// Builds a URI from parts, escaping the user part as needed.
    public init(scheme: Scheme = .sip, user: String? = nil, host: String, port: Int? = nil,
                parameters: [(String, String?)] = []) throws(SIPParseError)
    {
        var w = ByteWriter(capacity: 64)
        w.write(string: scheme.rawValue)
        w.write(byte: 0x3A)
        if let user {
            w.write(PercentEncoding.encode(user.utf8, allowed: Grammar.isUserChar))
            w.write(byte: 0x40)
        }
        let needsBrackets = host.contains(":") && !host.hasPrefix("[")
        w.write(string: needsBrackets ? "[\(host)]" : host)
        if let port { w.write(byte: 0x3A); w.write(decimal: port) }
        for (name, value) in parameters {
            w.write(byte: 0x3B)
            w.write(string: name)
            if let value { w.write(byte: 0x3D); w.write(string: value) }
        }
        try self.init(parsing: ByteString(bytes: w.finish()))
    }

    private func part(_ start: Int32, _ end: Int32) -> ByteString {
        let base = text.startIndex
        return text[(base + Int(start))..<(base + Int(end))]
    }

    /// The user part as written (escapes kept), or nil.
    public var user: ByteString? { layout.userStart < 0 ? nil : part(layout.userStart, layout.userEnd) }
    /// The password as written, or nil.
    public var password: ByteString? { layout.passwordStart < 0 ? nil : part(layout.passwordStart, layout.passwordEnd) }
    /// The host.
    public var host: SIPHost { SIPHost(kind: hostKind, text: part(layout.hostStart, layout.hostEnd)) }
    /// The port, when written.
    public var port: Int? { layout.port < 0 ? nil : Int(layout.port) }
    /// The uri-parameters (`;name=value`).
    public var parameters: SIPParameters { SIPParameters(text: part(layout.paramsStart, layout.paramsEnd), style: .uri) }
    /// True when the URI has a `?headers` part.
    var hasHeaders: Bool { layout.headersStart >= 0 }

    /// The headers component after `?`, escaped as written, or nil.
    public var headers: ByteString? {
        layout.headersStart < 0 ? nil : part(layout.headersStart, Int32(text.count))
    }
    /// The user part with %-escapes decoded (may contain any byte, NUL included).
    public var decodedUser: ByteString? { user.map { ByteString(bytes: PercentEncoding.decode($0.bytes)) } }
    /// The port to use: the written one, else 5061 for sips and 5060 for sip (RFC 3263 defaults).
    public var effectivePort: Int { port ?? (scheme == .sips ? 5061 : 5060) }
    /// The `transport` parameter.
    public var transport: ByteString? { parameters.value("transport") }
    /// True when the `lr` parameter is present (loose routing, RFC 3261 §19.1.1).
    public var isLooseRouting: Bool { parameters.contains("lr") }
    /// The `maddr` parameter.
    public var maddr: ByteString? { parameters.value("maddr") }

    public var description: String { text.string }
}
