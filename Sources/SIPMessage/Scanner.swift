import StackCore

/// A cursor over one header value (already unfolded) with the lexical rules of RFC 3261 §25.1.
struct Scanner {
    let bytes: ArraySlice<UInt8>
    var i: Int
    let header: SIPHeaderName?

    init(_ bytes: ArraySlice<UInt8>, header: SIPHeaderName? = nil) {
        self.bytes = bytes
        self.i = bytes.startIndex
        self.header = header
    }

    var end: Int { bytes.endIndex }
    var atEnd: Bool { i >= bytes.endIndex }
    func peek() -> UInt8? { i < bytes.endIndex ? bytes[i] : nil }

    func error(_ reason: String, at position: Int? = nil) -> SIPParseError {
        SIPParseError(.invalidHeaderValue, at: position ?? i, header: header, reason)
    }

    /// Skips SP and HTAB (folds were already turned into SP).
    mutating func skipLWS() {
        while i < end, ASCII.isBlank(bytes[i]) { i += 1 }
    }

    /// Consumes `c` if it is next, without skipping white space.
    mutating func consume(_ c: UInt8) -> Bool {
        guard i < end, bytes[i] == c else { return false }
        i += 1
        return true
    }

    /// SWS c SWS (the SEMI, COLON, EQUAL, SLASH, COMMA separators of §25.1).
    mutating func consumeSeparator(_ c: UInt8) -> Bool {
        let save = i
        skipLWS()
        if consume(c) { skipLWS(); return true }
        i = save
        return false
    }

    /// 1*token, or nil (nothing consumed).
    mutating func token() -> Range<Int>? {
        let start = i
        while i < end, Grammar.isToken(bytes[i]) { i += 1 }
        return i > start ? start..<i : nil
    }

    /// A token, or an error naming `what`.
    mutating func requireToken(_ what: String) throws(SIPParseError) -> Range<Int> {
        guard let t = token() else { throw error("expected \(what)") }
        return t
    }

    /// 1*DIGIT as a number not above `limit`.
    mutating func number(limit: UInt64, _ what: String) throws(SIPParseError) -> UInt64 {
        let start = i
        while i < end, ASCII.isDigit(bytes[i]) { i += 1 }
        guard let v = ASCII.parseDecimal(bytes[start..<i], limit: limit) else {
            throw error(i == start ? "expected \(what)" : "\(what) out of range", at: start)
        }
        return v
    }

    /// quoted-string: the range includes both quotes. Checks qdtext and quoted-pair.
    mutating func quotedString() throws(SIPParseError) -> Range<Int> {
        let start = i
        guard consume(0x22) else { throw error("expected quoted string") }
        while i < end {
            let c = bytes[i]
            if c == 0x22 { i += 1; return start..<i }
            if c == 0x5C {
                guard i + 1 < end, bytes[i + 1] != 0x0A, bytes[i + 1] != 0x0D, bytes[i + 1] < 0x80 else {
                    throw error("bad quoted-pair", at: i)
                }
                i += 2
                continue
            }
            // qdtext: LWS / %x21 / %x23-5B / %x5D-7E / UTF8-NONASCII
            guard c == 0x20 || c == 0x09 || c >= 0x21 else { throw error("control character in quoted string", at: i) }
            i += 1
        }
        throw error("unterminated quoted string", at: start)
    }

    /// gen-value = token / host / quoted-string (hosts may be IPv6 references or bare IPv6).
    mutating func genericValue() throws(SIPParseError) -> Range<Int> {
        if peek() == 0x22 { return try quotedString() }
        let start = i
        while i < end, Grammar.isToken(bytes[i]) || bytes[i] == 0x3A || bytes[i] == 0x5B || bytes[i] == 0x5D {
            i += 1
        }
        guard i > start else { throw error("expected parameter value") }
        return start..<i
    }

    /// Throws unless only white space is left.
    mutating func expectEnd() throws(SIPParseError) {
        skipLWS()
        if !atEnd { throw error("unexpected character") }
    }
}

/// Splits a header value at the commas that separate list elements: not inside a quoted string,
/// angle brackets or a URI; elements are trimmed of white space.
enum ListSplitter {
    static func split(_ value: ArraySlice<UInt8>, header: SIPHeaderName?, limit: Int) throws(SIPParseError) -> [ArraySlice<UInt8>] {
        var parts: [ArraySlice<UInt8>] = []
        try forEach(value, header: header, limit: limit) { parts.append($0) }
        return parts
    }

    /// Calls `body` with each element, without collecting them.
    static func forEach(_ value: ArraySlice<UInt8>, header: SIPHeaderName?, limit: Int,
                        _ body: (ArraySlice<UInt8>) throws(SIPParseError) -> Void) throws(SIPParseError) {
        var count = 0
        var start = value.startIndex
        var i = start
        var inQuote = false, inAngle = false
        while i < value.endIndex {
            let c = value[i]
            if inQuote {
                if c == 0x5C { i += 1 } else if c == 0x22 { inQuote = false }
            } else if c == 0x22 { inQuote = true
            } else if c == 0x3C { inAngle = true
            } else if c == 0x3E { inAngle = false
            } else if c == 0x2C && !inAngle {
                count += 1
                if count >= limit { throw SIPParseError(.tooManyParameters, at: i, header: header, "too many list values") }
                try body(trim(value[start..<i]))
                start = i + 1
            }
            i += 1
        }
        try body(trim(value[start..<min(i, value.endIndex)]))
    }

    static func trim(_ s: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var a = s.startIndex, b = s.endIndex
        while a < b, ASCII.isBlank(s[a]) { a += 1 }
        while b > a, ASCII.isBlank(s[b - 1]) { b -= 1 }
        return s[a..<b]
    }
}
