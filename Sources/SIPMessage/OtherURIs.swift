import StackCore

/// A `tel:` URI (RFC 3966): a global (`+…`) or local number with parameters.
public struct TelURI: Sendable, Hashable, CustomStringConvertible {
    /// The URI as written.
    public let text: ByteString
    let numberEnd: Int32

    /// The number as written, with visual separators.
    public var number: ByteString { text[(text.startIndex + 4)..<(text.startIndex + Int(numberEnd))] }
    /// The parameters (`;ext=`, `;phone-context=`, …).
    public var parameters: SIPParameters {
        SIPParameters(text: text[(text.startIndex + Int(numberEnd))...], style: .uri)
    }

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
        guard b.count > 4, ASCII.hasPrefixIgnoringCase(b, "tel:") else {
            throw SIPParseError(.invalidURI, at: b.startIndex, "not a tel URI")
        }
        let numberEnd = try Scanner.scan(b, from: b.startIndex + 4) { (s) throws(SIPParseError) in
            let start = s.i
            if s.peek() == 0x2B { s.i += 1 }
            while let c = s.peek(), c != 0x3B {
                guard ASCII.hexValue(c) != nil || c == 0x2A || c == 0x23 || "-.()".utf8.contains(c) else {
                    throw SIPParseError(.invalidURI, at: s.i, "bad character in telephone number")
                }
                s.i += 1
            }
            guard s.i > start + (b[start] == 0x2B ? 1 : 0) else { throw SIPParseError(.invalidURI, at: start, "empty number") }
            let numberEnd = s.i
            try ParameterGrammar.check(&s, style: .uri, limit: limits.maxParameters)
            return numberEnd
        }
        self.text = text
        self.numberEnd = Int32(numberEnd - b.startIndex)
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
    let schemeEnd: Int32
    /// The scheme, as written.
    public var scheme: ByteString { text[text.startIndex..<(text.startIndex + Int(schemeEnd))] }
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
        if SIPURIParser.sipScheme(text.bytes) != nil {
            self = .sip(try SIPURIParser.parse(text, limits: limits))
            return
        }
        let b = text.bytes
        var i = b.startIndex
        guard i < b.endIndex, ASCII.isAlpha(b[i]) else { throw SIPParseError(.invalidURI, at: i, "missing scheme") }
        while i < b.endIndex, Grammar.isSchemeChar(b[i]) { i += 1 }
        guard i < b.endIndex, b[i] == 0x3A else { throw SIPParseError(.invalidURI, at: i, "missing scheme") }
        if ASCII.hasPrefixIgnoringCase(b, "tel:") {
            self = .tel(try TelURI(parsing: text, limits: limits))
        } else {
            let rest = b[(i + 1)...]
            guard !rest.isEmpty, rest.allSatisfy(Grammar.isOpaqueURIChar) else {
                throw SIPParseError(.invalidURI, at: i + 1, "bad character in URI")
            }
            self = .other(AbsoluteURI(text: text, schemeEnd: Int32(i - b.startIndex)))
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
