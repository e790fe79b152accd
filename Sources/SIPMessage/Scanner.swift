import StackCore

/// A cursor over one header value (already unfolded) with the lexical rules of RFC 3261 §25.1.
///
/// It reads the bytes through a pointer that is valid only inside ``scan(_:header:from:_:)``, so making
/// one costs no reference counting (holding the slice cost a retain and a release per value).
/// Positions are those of the slice it was made from.
struct Scanner {
    private let base: UnsafePointer<UInt8>?
    /// The position of the first byte.
    let start: Int
    /// The position after the last byte.
    private(set) var end: Int
    /// The current position.
    var i: Int
    let header: SIPHeaderName?

    private init(base: UnsafePointer<UInt8>?, start: Int, end: Int, header: SIPHeaderName?) {
        self.base = base
        self.start = start
        self.end = end
        self.i = start
        self.header = header
    }

    /// Runs `body` with a scanner over `bytes`, starting at `position` (default: the first byte).
    static func scan<R, E: Error>(_ bytes: ArraySlice<UInt8>, header: SIPHeaderName? = nil, from position: Int? = nil,
                                  _ body: (inout Scanner) throws(E) -> R) throws(E) -> R {
        try bytes.withUnsafeBufferPointer { (buffer) throws(E) -> R in
            var s = Scanner(base: buffer.baseAddress, start: bytes.startIndex, end: bytes.endIndex, header: header)
            if let position { s.i = max(s.start, min(position, s.end)) }
            return try body(&s)
        }
    }

    /// The byte at position `k`, which must lie within the scanned bytes.
    subscript(k: Int) -> UInt8 {
        precondition(k >= start && k < end, "scanner position out of range")
        return base.unsafelyUnwrapped[k &- start]
    }

    /// The byte at `k`, for callers that have just checked `k < end` (and `k >= start` holds by construction).
    @inline(__always)
    private func at(_ k: Int) -> UInt8 { base.unsafelyUnwrapped[k &- start] }

    var atEnd: Bool { i >= end }
    func peek() -> UInt8? { i < end ? at(i) : nil }

    /// The first position at or after `from` (and before `to`, default the end) holding `c`.
    func firstIndex(of c: UInt8, from: Int, to: Int? = nil) -> Int? {
        var k = max(from, start)
        let limit = min(to ?? end, end)
        while k < limit {
            if at(k) == c { return k }
            k += 1
        }
        return nil
    }

    /// Calls `body` with the bytes in `range` (positions from 0); the buffer is valid only inside it.
    func withBuffer<R>(_ range: Range<Int>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        precondition(range.lowerBound >= start && range.upperBound <= end, "scanner range out of range")
        return body(UnsafeBufferPointer(start: base.map { $0 + (range.lowerBound &- start) }, count: range.count))
    }

    /// Runs `body` with the end moved back to `k` (clamped to the bytes), then restores it.
    mutating func limited<R, E: Error>(to k: Int, _ body: (inout Scanner) throws(E) -> R) throws(E) -> R {
        let fullEnd = end
        end = max(start, min(k, fullEnd))
        i = min(i, end)
        defer { end = fullEnd }
        return try body(&self)
    }

    func error(_ reason: String, at position: Int? = nil) -> SIPParseError {
        SIPParseError(.invalidHeaderValue, at: position ?? i, header: header, reason)
    }

    /// Skips SP and HTAB (folds were already turned into SP).
    mutating func skipLWS() {
        while i < end, ASCII.isBlank(at(i)) { i += 1 }
    }

    /// Consumes `c` if it is next, without skipping white space.
    mutating func consume(_ c: UInt8) -> Bool {
        guard i < end, at(i) == c else { return false }
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
        while i < end, Grammar.isToken(at(i)) { i += 1 }
        return i > start ? start..<i : nil
    }

    /// A token, or an error naming `what`.
    mutating func requireToken(_ what: String) throws(SIPParseError) -> Range<Int> {
        guard let t = token() else { throw error("expected \(what)") }
        return t
    }

    /// 1*DIGIT as a number not above `limit`.
    mutating func number(limit: UInt64, _ what: String) throws(SIPParseError) -> UInt64 {
        let first = i
        while i < end, ASCII.isDigit(at(i)) { i += 1 }
        guard let v = withBuffer(first..<i, { ASCII.parseDecimal($0, limit: limit) }) else {
            throw error(i == first ? "expected \(what)" : "\(what) out of range", at: first)
        }
        return v
    }

    /// quoted-string: the range includes both quotes. Checks qdtext and quoted-pair.
    mutating func quotedString() throws(SIPParseError) -> Range<Int> {
        let start = i
        guard consume(0x22) else { throw error("expected quoted string") }
        while i < end {
            let c = at(i)
            if c == 0x22 { i += 1; return start..<i }
            if c == 0x5C {
                guard i + 1 < end, at(i + 1) != 0x0A, at(i + 1) != 0x0D, at(i + 1) < 0x80 else {
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
        while i < end, Grammar.isToken(at(i)) || at(i) == 0x3A || at(i) == 0x5B || at(i) == 0x5D {
            i += 1
        }
        guard i > start else { throw error("expected parameter value") }
        return start..<i
    }

    /// The position of the first byte in `range` that is neither allowed nor part of a `%HEX HEX`
    /// escape (RFC 3261 §25.1), or nil when all is well.
    func firstInvalidEscaped(in range: Range<Int>, allowed: (UInt8) -> Bool) -> Int? {
        withBuffer(range) { PercentEncoding.firstInvalid($0, allowed: allowed) }.map { $0 + range.lowerBound }
    }

    /// True when the bytes in `range` equal `other` ignoring ASCII case.
    func equalsIgnoringCase(_ range: Range<Int>, _ other: UnsafeBufferPointer<UInt8>) -> Bool {
        withBuffer(range) { ASCII.equalsIgnoringCase($0, other) }
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
