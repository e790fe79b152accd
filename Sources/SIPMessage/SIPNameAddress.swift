import StackCore

/// `name-addr` or `addr-spec` with header parameters: the value of From, To, Contact, Route,
/// Record-Route, Refer-To, Referred-By, Reply-To and their kin (RFC 3261 §20, §25.1).
public struct SIPNameAddress: SIPHeaderValue, Hashable, CustomStringConvertible {
    /// The value as written.
    public let text: ByteString
    /// The URI.
    public let uri: SIPAnyURI
    /// Offsets from `text.startIndex` of the display name (start/end, -1 when absent) and parameters.
    let displayStart: Int32, displayEnd: Int32, paramsStart: Int32
    let displayQuoted: Bool
    /// True when the URI was enclosed in `<` `>` (name-addr form).
    public let hasAngleBrackets: Bool

    /// The header parameters after the address (`;tag=…`, `;expires=…`).
    public var parameters: SIPParameters {
        SIPParameters(text: text[(text.startIndex + Int(paramsStart))...], style: .header)
    }

    var displayRange: Range<Int>? {
        displayStart < 0 ? nil : (text.startIndex + Int(displayStart))..<(text.startIndex + Int(displayEnd))
    }

    /// The display name as written (quotes kept), or nil.
    public var rawDisplayName: ByteString? { displayRange.map { text[$0] } }

    /// The display name with quotes removed and quoted-pairs resolved.
    public var displayName: String? {
        guard let raw = rawDisplayName else { return nil }
        return displayQuoted ? QuotedText.unquote(raw).string : raw.string
    }

    /// The `tag` parameter (RFC 3261 §19.3).
    public var tag: ByteString? { parameters.value("tag") }

    public var description: String { text.string }

    public init(parsing value: ByteString, header: SIPHeaderName, limits: SIPParserLimits) throws(SIPParseError) {
        guard value.count < Int(Int32.max) else { throw SIPParseError(.invalidHeaderValue, at: value.startIndex, header: header, "value too long") }
        let (display, quoted, uri, angle, params) = try Scanner.scan(value.bytes, header: header) { (s) throws(SIPParseError) in
            s.skipLWS()
            var display: Range<Int>? = nil
            var quoted = false
            if s.peek() == 0x22 {
                display = try s.quotedString()
                quoted = true
                s.skipLWS()
                guard s.peek() == 0x3C else { throw s.error("expected '<' after display name") }
            } else {
                // *(token LWS) before '<' (RFC 4475 §3.1.1.6: no LWS before '<' is accepted too).
                var j = s.i
                while j < s.end, Grammar.isToken(s[j]) || ASCII.isBlank(s[j]) { j += 1 }
                if j < s.end, s[j] == 0x3C {
                    let trimmed = ListSplitter.trim(value.bytes[s.i..<j])
                    if !trimmed.isEmpty { display = trimmed.startIndex..<trimmed.endIndex }
                    s.i = j
                }
            }
            // The parts are gathered in locals and the value built once at the end: assigning the
            // stored properties one by one made the compiler copy the whole value out (two retains).
            let uri: SIPAnyURI
            let angle: Bool
            if s.consume(0x3C) {
                guard let close = s.firstIndex(of: 0x3E, from: s.i) else { throw s.error("missing '>'") }
                if close > s.i, ASCII.isBlank(s[s.i]) || ASCII.isBlank(s[close - 1]) {
                    throw s.error("white space inside '<' '>'")
                }
                uri = try Self.parseURI(value.bytes[s.i..<close], header: header, limits: limits)
                angle = true
                s.i = close + 1
            } else {
                let end = Self.addrSpecEnd(value.bytes, from: s.i)
                uri = try Self.parseURI(value.bytes[s.i..<end], header: header, limits: limits)
                // RFC 3261 §20: a URI with headers or parameters of its own must be in name-addr form.
                if case .sip(let u) = uri, u.hasHeaders {
                    throw s.error("URI with headers must be enclosed in '<' '>'")
                }
                angle = false
                s.i = end
            }
            let params = s.i
            try ParameterGrammar.check(&s, style: .header, limit: limits.maxParameters)
            return (display, quoted, uri, angle, params)
        }
        let base = value.startIndex
        let paramsStart = Int32(truncatingIfNeeded: params - base)
        self.init(text: value, uri: uri, hasAngleBrackets: angle, paramsStart: paramsStart,
                  displayStart: display.map { Int32(truncatingIfNeeded: $0.lowerBound - base) } ?? -1,
                  displayEnd: display.map { Int32(truncatingIfNeeded: $0.upperBound - base) } ?? -1,
                  displayQuoted: quoted)
    }

    init(text: ByteString, uri: SIPAnyURI, hasAngleBrackets: Bool, paramsStart: Int32, displayStart: Int32,
         displayEnd: Int32, displayQuoted: Bool) {
        self.text = text
        self.uri = uri
        self.hasAngleBrackets = hasAngleBrackets
        self.paramsStart = paramsStart
        self.displayStart = displayStart
        self.displayEnd = displayEnd
        self.displayQuoted = displayQuoted
    }

    public static func == (a: SIPNameAddress, b: SIPNameAddress) -> Bool { a.text == b.text }
    public func hash(into hasher: inout Hasher) { hasher.combine(text) }

    /// Builds a name-addr; the display name is quoted when it is not a plain token sequence.
    public init(displayName: String? = nil, uri: SIPAnyURI, parameters: [(String, String?)] = []) throws(SIPParseError) {
        var s = ""
        if let displayName, !displayName.isEmpty { s += QuotedText.quote(displayName) + " " }
        s += "<\(uri.text)>"
        for (n, v) in parameters { s += v.map { ";\(n)=\($0)" } ?? ";\(n)" }
        try self.init(parsing: ByteString(s), header: .to)
    }

    /// A copy with `tag` set (replacing any tag already present).
    public func settingTag(_ tag: String) throws(SIPParseError) -> SIPNameAddress {
        var head = displayRange.map { text[$0].string + " " } ?? ""
        head += "<\(uri.text)>"
        for p in parameters where !p.name.equalsIgnoringCase(text: "tag") {
            head += p.value.map { ";\(p.name)=\($0)" } ?? ";\(p.name)"
        }
        head += ";tag=\(tag)"
        return try SIPNameAddress(parsing: ByteString(head), header: .to)
    }

    private static func parseURI(_ b: ArraySlice<UInt8>, header: SIPHeaderName, limits: SIPParserLimits) throws(SIPParseError) -> SIPAnyURI {
        do {
            return try SIPAnyURI(parsing: ByteString(b), limits: limits)
        } catch {
            throw SIPParseError(.invalidHeaderValue, at: error.offset, header: header, "invalid URI: \(error.reason)")
        }
    }

    /// In addr-spec form header parameters start at the first ';' after the userinfo (or the
    /// scheme), and the URI also ends at white space.
    private static func addrSpecEnd(_ b: ArraySlice<UInt8>, from start: Int) -> Int {
        var end = start
        while end < b.endIndex, !ASCII.isBlank(b[end]) { end += 1 }
        var from = start
        if let at = b[start..<end].firstIndex(of: 0x40) { from = at }
        return b[from..<end].firstIndex(of: 0x3B) ?? end
    }
}
