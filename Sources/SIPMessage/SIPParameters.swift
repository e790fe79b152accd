import StackCore

/// One `name[=value]` parameter. The value is as written (a quoted string keeps its quotes).
public struct SIPParameter: Sendable, Hashable {
    /// The parameter name.
    public let name: ByteString
    /// The value, or nil for a parameter without `=`.
    public let value: ByteString?

    /// The value with surrounding quotes removed and quoted-pairs resolved.
    public var unquotedValue: ByteString? { value.map(QuotedText.unquote) }
}

/// The `;`-separated parameters of a header value or a URI, kept as their text and read on demand.
///
/// Parsing checks the grammar once; lookups scan the short text again rather than storing an array,
/// so a parsed header costs no allocation for its parameters.
public struct SIPParameters: Sendable, Hashable, Sequence {
    /// Which grammar the text follows.
    enum Style: Sendable, Hashable {
        /// generic-param with SWS around `;` and `=` (RFC 3261 §25.1 header parameters).
        case header
        /// uri-parameter: paramchar only, no white space, escapes allowed (§19.1.1).
        case uri
    }

    /// The text from the first `;` to the end of the parameters (empty when there are none).
    public let text: ByteString
    let style: Style

    init(text: ByteString, style: Style) {
        self.text = text
        self.style = style
    }

    /// No parameters.
    public static let none = SIPParameters(text: .empty, style: .header)

    /// True when there are no parameters.
    public var isEmpty: Bool { text.isEmpty }

    /// The first parameter named `name` (case-insensitive).
    public subscript(name: String) -> SIPParameter? {
        var name = name
        guard let found = name.withUTF8({ find($0) }) else { return nil }
        return SIPParameter(name: ByteString(text.bytes[found.name]), value: found.value.map { ByteString(text.bytes[$0]) })
    }

    /// The value of `name` looked up by an ASCII literal (the fast path the parser itself uses).
    func value(static name: StaticString) -> ByteString?? {
        guard let found = name.withUTF8Buffer({ find($0) }) else { return nil }
        return .some(found.value.map { ByteString(text.bytes[$0]) })
    }

    /// The ranges in `text` of the first parameter named `name`; scanned by ranges so that a
    /// lookup makes no values for the parameters it passes over.
    private func find(_ name: UnsafeBufferPointer<UInt8>) -> (name: Range<Int>, value: Range<Int>?)? {
        var s = Scanner(text.bytes)
        while let (n, v) = try? ParameterGrammar.nextRanges(&s, style: style) {
            if ASCII.equalsIgnoringCase(text.bytes[n], name) { return (n, v) }
        }
        return nil
    }

    /// The first parameter.
    public var first: SIPParameter? {
        var it = makeIterator()
        return it.next()
    }

    /// True when a parameter named `name` is present, with or without a value.
    public func contains(_ name: String) -> Bool { self[name] != nil }

    /// The value of the parameter named `name`; nil when absent or valueless.
    public func value(_ name: String) -> ByteString? { self[name]?.value }

    public func makeIterator() -> Iterator { Iterator(scanner: Scanner(text.bytes), style: style) }

    /// Walks the parameters in order.
    public struct Iterator: IteratorProtocol {
        var scanner: Scanner
        let style: Style
        public mutating func next() -> SIPParameter? {
            try? ParameterGrammar.next(&scanner, style: style)
        }
    }

    /// Two parameter lists are equal when they hold the same text.
    public static func == (a: SIPParameters, b: SIPParameters) -> Bool { a.text == b.text }
    public func hash(into hasher: inout Hasher) { hasher.combine(text) }
}

/// The grammar of parameter lists, shared by validation and iteration.
enum ParameterGrammar {
    /// Reads one parameter at the scanner (which sits on `;` or white space before it); nil at the end.
    static func next(_ s: inout Scanner, style: SIPParameters.Style) throws(SIPParseError) -> SIPParameter? {
        guard let (name, value) = try nextRanges(&s, style: style) else { return nil }
        return SIPParameter(name: ByteString(s.bytes[name]), value: value.map { ByteString(s.bytes[$0]) })
    }

    /// The ranges of the next parameter's name and value.
    static func nextRanges(_ s: inout Scanner, style: SIPParameters.Style) throws(SIPParseError) -> (Range<Int>, Range<Int>?)? {
        switch style {
        case .header:
            s.skipLWS()
            if s.atEnd { return nil }
            guard s.consume(0x3B) else { throw s.error("expected ';'") }
            s.skipLWS()
            let name = try s.requireToken("parameter name")
            guard s.consumeSeparator(0x3D) else { return (name, nil) }
            return (name, try s.genericValue())
        case .uri:
            if s.atEnd { return nil }
            guard s.consume(0x3B) else { throw s.error("expected ';'") }
            let name = uriRun(&s)
            guard !name.isEmpty else { throw s.error("empty URI parameter") }
            guard s.consume(0x3D) else { return (name, nil) }
            let value = uriRun(&s)
            guard !value.isEmpty else { throw s.error("empty URI parameter value") }
            return (name, value)
        }
    }

    private static func uriRun(_ s: inout Scanner) -> Range<Int> {
        let start = s.i
        while let c = s.peek(), c != 0x3B, c != 0x3D, c != 0x3F { s.i += 1 }
        return start..<s.i
    }

    /// Checks the parameters from the scanner's position to its end (or the first byte that cannot
    /// continue them), counting them against `limit`.
    static func check(_ s: inout Scanner, style: SIPParameters.Style, limit: Int) throws(SIPParseError) {
        var count = 0
        while let (name, value) = try nextRanges(&s, style: style) {
            count += 1
            if count > limit { throw SIPParseError(.tooManyParameters, at: s.i, header: s.header, "too many parameters") }
            if style == .uri {
                if let bad = PercentEncoding.firstInvalid(s.bytes[name], allowed: Grammar.isParamChar) {
                    throw SIPParseError(.invalidURI, at: bad, "bad character in URI parameter")
                }
                if let value, let bad = PercentEncoding.firstInvalid(s.bytes[value], allowed: Grammar.isParamChar) {
                    throw SIPParseError(.invalidURI, at: bad, "bad character in URI parameter")
                }
            }
        }
    }

    /// `check`, returning the parameters' text (from the first `;`).
    static func validate(_ s: inout Scanner, style: SIPParameters.Style, limit: Int) throws(SIPParseError) -> SIPParameters {
        let start = s.i
        try check(&s, style: style, limit: limit)
        return SIPParameters(text: ByteString(s.bytes[start..<s.i]), style: style)
    }
}

/// quoted-string helpers.
enum QuotedText {
    /// Removes the quotes of a quoted-string and resolves quoted-pairs; other text is returned as is.
    static func unquote(_ v: ByteString) -> ByteString {
        guard v.count >= 2, v.first == 0x22, v.last == 0x22 else { return v }
        let inner = v.bytes.dropFirst().dropLast()
        guard inner.contains(0x5C) else { return ByteString(inner) }
        var out: [UInt8] = []
        var escaped = false
        for c in inner {
            if escaped { out.append(c); escaped = false } else if c == 0x5C { escaped = true } else { out.append(c) }
        }
        return ByteString(bytes: out)
    }

    /// Quotes text for a quoted-string, escaping `"` and `\`.
    static func quote(_ text: String) -> String {
        var s = "\""
        for ch in text.unicodeScalars {
            if ch == "\"" || ch == "\\" { s.append("\\") }
            s.unicodeScalars.append(ch)
        }
        return s + "\""
    }
}
