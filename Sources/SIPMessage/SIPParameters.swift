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
        ParameterGrammar.find(name, in: text.bytes, from: text.startIndex, style: style)
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

    public func makeIterator() -> Iterator { Iterator(text: text, style: style, position: text.startIndex) }

    /// Walks the parameters in order.
    public struct Iterator: IteratorProtocol {
        let text: ByteString
        let style: Style
        var position: Int
        public mutating func next() -> SIPParameter? {
            let style = style
            let found = Scanner.scan(text.bytes, from: position) { s in
                let ranges = try? ParameterGrammar.nextRanges(&s, style: style)
                return (ranges, s.i)
            }
            guard let (name, value) = found.0 else {
                position = text.endIndex
                return nil
            }
            position = found.1
            return SIPParameter(name: text[name], value: value.map { text[$0] })
        }
    }

    /// Two parameter lists are equal when they hold the same text.
    public static func == (a: SIPParameters, b: SIPParameters) -> Bool { a.text == b.text }
    public func hash(into hasher: inout Hasher) { hasher.combine(text) }
}

/// The grammar of parameter lists, shared by validation and iteration.
enum ParameterGrammar {
    /// The ranges of the first parameter named `name` (case-insensitive) in `bytes` from `position`;
    /// nil when there is none or the text stops parsing before it.
    static func find(_ name: UnsafeBufferPointer<UInt8>, in bytes: ArraySlice<UInt8>, from position: Int,
                     style: SIPParameters.Style) -> (name: Range<Int>, value: Range<Int>?)? {
        Scanner.scan(bytes, from: position) { s in
            while let (n, v) = try? nextRanges(&s, style: style) {
                if s.equalsIgnoringCase(n, name) { return (n, v) }
            }
            return nil
        }
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
        if style == .uri {
            try checkURI(&s, limit: limit)
            return
        }
        var count = 0
        while try nextRanges(&s, style: style) != nil {
            count += 1
            if count > limit { throw SIPParseError(.tooManyParameters, at: s.i, header: s.header, "too many parameters") }
        }
    }

    /// `check` for uri-parameters, whose names and values also must be paramchar or escapes.
    private static func checkURI(_ s: inout Scanner, limit: Int) throws(SIPParseError) {
        var count = 0
        while let (name, value) = try nextRanges(&s, style: .uri) {
            count += 1
            if count > limit { throw SIPParseError(.tooManyParameters, at: s.i, header: s.header, "too many parameters") }
            if let bad = s.firstInvalidEscaped(in: name, allowed: Grammar.isParamChar) {
                throw SIPParseError(.invalidURI, at: bad, "bad character in URI parameter")
            }
            if let value, let bad = s.firstInvalidEscaped(in: value, allowed: Grammar.isParamChar) {
                throw SIPParseError(.invalidURI, at: bad, "bad character in URI parameter")
            }
        }
    }

    /// `check`, returning the range of the parameters' text (from the first `;`).
    static func validate(_ s: inout Scanner, style: SIPParameters.Style, limit: Int) throws(SIPParseError) -> Range<Int> {
        let start = s.i
        try check(&s, style: style, limit: limit)
        return start..<s.i
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
