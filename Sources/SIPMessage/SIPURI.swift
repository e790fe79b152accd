import StackCore

/// A `sip:` or `sips:` URI (RFC 3261 §19.1), kept as its text with the parts located in it.
///
/// `==` follows the comparison rules of RFC 3261 §19.1.4; `text` gives the exact spelling.
public struct SIPURI: Sendable, Hashable, CustomStringConvertible {
    /// `sip` or `sips`.
    public enum Scheme: String, Sendable, Hashable { case sip, sips }

    /// The scheme.
    public let scheme: Scheme
    /// The URI as written.
    public let text: ByteString
    let userRange: Range<Int>?
    let passwordRange: Range<Int>?
    /// The host.
    public let host: SIPHost
    /// The port, when written.
    public let port: Int?
    /// The uri-parameters (`;name=value`).
    public let parameters: SIPParameters
    /// The headers component after `?`, escaped as written, or nil.
    public let headers: ByteString?

    /// Parses exactly `text` as a SIP or SIPS URI.
    public init(parsing text: ByteString, limits: SIPParserLimits = .default) throws(SIPParseError) {
        self = try SIPURIParser.parse(text.bytes, limits: limits)
    }

    init(scheme: Scheme, text: ByteString, userRange: Range<Int>?, passwordRange: Range<Int>?, host: SIPHost,
         port: Int?, parameters: SIPParameters, headers: ByteString?)
    {
        self.scheme = scheme
        self.text = text
        self.userRange = userRange
        self.passwordRange = passwordRange
        self.host = host
        self.port = port
        self.parameters = parameters
        self.headers = headers
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

    /// The user part as written (escapes kept), or nil.
    public var user: ByteString? { userRange.map { text[$0] } }
    /// The password as written, or nil.
    public var password: ByteString? { passwordRange.map { text[$0] } }
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

/// A `tel:` URI (RFC 3966): a global (`+…`) or local number with parameters.
public struct TelURI: Sendable, Hashable, CustomStringConvertible {
    /// The URI as written.
    public let text: ByteString
    /// The number as written, with visual separators.
    public let number: ByteString
    /// The parameters (`;ext=`, `;phone-context=`, …).
    public let parameters: SIPParameters

    /// True for a global number (starts with `+`).
    public var isGlobal: Bool { number.first == 0x2B }
    /// The number without visual separators (`-`, `.`, `(`, `)`), as RFC 3966 §4 compares it.
    public var normalizedNumber: String {
        String(decoding: number.bytes.filter { !"-.()".utf8.contains($0) }.map(ASCII.lower), as: UTF8.self)
    }
    public var description: String { text.string }

    /// Parses exactly `text` as a tel URI.
    public init(parsing text: ByteString, limits: SIPParserLimits = .default) throws(SIPParseError) {
        let b = text.bytes
        guard b.count > 4, ASCII.equalsIgnoringCase(b.prefix(4), "tel:".utf8) else {
            throw SIPParseError(.invalidURI, at: b.startIndex, "not a tel URI")
        }
        var s = Scanner(b)
        s.i = b.startIndex + 4
        let start = s.i
        if s.peek() == 0x2B { s.i += 1 }
        while let c = s.peek(), c != 0x3B {
            guard ASCII.hexValue(c) != nil || c == 0x2A || c == 0x23 || "-.()".utf8.contains(c) else {
                throw SIPParseError(.invalidURI, at: s.i, "bad character in telephone number")
            }
            s.i += 1
        }
        guard s.i > start + (b[start] == 0x2B ? 1 : 0) else { throw SIPParseError(.invalidURI, at: start, "empty number") }
        self.text = text
        self.number = ByteString(b[start..<s.i])
        self.parameters = try ParameterGrammar.validate(&s, style: .uri, limit: limits.maxParameters)
    }

    /// RFC 3966 §4: numbers compare without visual separators; parameters must match as a set.
    public static func == (a: TelURI, b: TelURI) -> Bool {
        guard a.normalizedNumber == b.normalizedNumber else { return false }
        let pa = Set(a.parameters.map { ParameterKey($0) }), pb = Set(b.parameters.map { ParameterKey($0) })
        return pa == pb
    }
    public func hash(into hasher: inout Hasher) { hasher.combine(normalizedNumber) }
}

/// A URI of a scheme the stack does not interpret (RFC 3261 absoluteURI), kept opaque.
public struct AbsoluteURI: Sendable, Hashable, CustomStringConvertible {
    /// The URI as written.
    public let text: ByteString
    /// The scheme, as written.
    public let scheme: ByteString
    public var description: String { text.string }
}

/// Any URI a SIP message may carry.
public enum SIPAnyURI: Sendable, Hashable, CustomStringConvertible {
    case sip(SIPURI)
    case tel(TelURI)
    case other(AbsoluteURI)

    /// The URI as written.
    public var text: ByteString {
        switch self {
        case .sip(let u): return u.text
        case .tel(let u): return u.text
        case .other(let u): return u.text
        }
    }

    /// The SIP URI, when this is one.
    public var sipURI: SIPURI? { if case .sip(let u) = self { return u } else { return nil } }

    public var description: String { text.string }

    /// Parses exactly `text` as a URI, choosing the grammar by scheme.
    public init(parsing text: ByteString, limits: SIPParserLimits = .default) throws(SIPParseError) {
        let b = text.bytes
        var i = b.startIndex
        guard i < b.endIndex, ASCII.isAlpha(b[i]) else { throw SIPParseError(.invalidURI, at: i, "missing scheme") }
        while i < b.endIndex, Grammar.isSchemeChar(b[i]) { i += 1 }
        guard i < b.endIndex, b[i] == 0x3A else { throw SIPParseError(.invalidURI, at: i, "missing scheme") }
        let scheme = b[b.startIndex..<i]
        if ASCII.equalsIgnoringCase(scheme, "sip".utf8) || ASCII.equalsIgnoringCase(scheme, "sips".utf8) {
            self = .sip(try SIPURIParser.parse(b, limits: limits))
        } else if ASCII.equalsIgnoringCase(scheme, "tel".utf8) {
            self = .tel(try TelURI(parsing: text, limits: limits))
        } else {
            let rest = b[(i + 1)...]
            guard !rest.isEmpty, rest.allSatisfy(Grammar.isOpaqueURIChar) else {
                throw SIPParseError(.invalidURI, at: i + 1, "bad character in URI")
            }
            self = .other(AbsoluteURI(text: text, scheme: ByteString(scheme)))
        }
    }
}

/// A parameter compared by lowercased name and value.
struct ParameterKey: Hashable {
    let name: [UInt8]
    let value: [UInt8]?
    init(_ p: SIPParameter) {
        name = p.name.bytes.map(ASCII.lower)
        value = p.value.map { PercentEncoding.decode($0.bytes).map(ASCII.lower) }
    }
}
