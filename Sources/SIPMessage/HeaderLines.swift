import StackCore

/// The header section's line grammar (RFC 3261 §7.3.1) over raw bytes: lines end at LF (CR LF, or
/// LF alone leniently), a line starting with SP or HTAB continues the previous field, and an empty
/// line ends the section. Indices are offsets into `p`; errors carry absolute offsets (`base + i`).
struct HeaderLines {
    enum Outcome {
        /// The empty line was found; the body starts at this absolute index.
        case terminated(Int)
        /// The bytes ended first (accepted for a datagram); the absolute end index.
        case unterminated(Int)
        case failure(SIPParseError)
    }

    let p: UnsafeBufferPointer<UInt8>
    let base: Int
    let limits: SIPParserLimits
    let framing: SIPFraming
    var sawBareLF = false

    // The field being read: name and value offsets, and its unfolded bytes once it was folded.
    private var hasPending = false
    private var pendingName = 0..<0
    private var pendingValue = 0..<0
    private var unfolded: [UInt8]? = nil

    init(p: UnsafeBufferPointer<UInt8>, base: Int, limits: SIPParserLimits, framing: SIPFraming) {
        self.p = p
        self.base = base
        self.limits = limits
        self.framing = framing
    }

    mutating func scan(from start: Int, into fields: inout SIPHeaders) -> Outcome {
        let raw = UnsafeRawBufferPointer(p)
        let n = p.count
        var i = start
        while true {
            if i >= n {
                if framing == .stream { return .failure(SIPParseError(.incompleteHeaders, at: base + i, "header section not terminated")) }
                if let e = flush(into: &fields) { return .failure(e) }
                return .unterminated(base + n)
            }
            let lf = ByteSearch.firstIndex(of: ASCII.lf, in: raw, from: i) ?? n
            var end = lf
            if end > i, p[end - 1] == ASCII.cr { end -= 1 } else if lf < n { sawBareLF = true }
            let next = lf < n ? lf + 1 : n
            if end == i {
                if let e = flush(into: &fields) { return .failure(e) }
                return .terminated(base + next)
            }
            if end - i > limits.maxLineLength {
                return .failure(SIPParseError(.lineTooLong, at: base + i, "line over \\(limits.maxLineLength) bytes"))
            }
            if ASCII.isBlank(p[i]) {
                guard hasPending else {
                    return .failure(SIPParseError(.misplacedContinuationLine, at: base + i, "continuation line without a header"))
                }
                fold(i..<end)
            } else {
                if let e = flush(into: &fields) { return .failure(e) }
                if fields.entries.count >= limits.maxHeaderCount {
                    return .failure(SIPParseError(.tooManyHeaders, at: base + i, "more than \\(limits.maxHeaderCount) header fields"))
                }
                if let e = beginField(i..<end) { return .failure(e) }
            }
            i = next
        }
    }

    /// name *(SP / HTAB) ":" *(SP / HTAB) value, with trailing white space trimmed.
    private mutating func beginField(_ r: Range<Int>) -> SIPParseError? {
        var j = r.lowerBound
        while j < r.upperBound, Grammar.isToken(p[j]) { j += 1 }
        let nameEnd = j
        guard nameEnd > r.lowerBound else { return SIPParseError(.invalidHeaderName, at: base + r.lowerBound, "invalid header name") }
        while j < r.upperBound, ASCII.isBlank(p[j]) { j += 1 }
        guard j < r.upperBound, p[j] == 0x3A else { return SIPParseError(.missingColon, at: base + j, "header line without ':'") }
        j += 1
        while j < r.upperBound, ASCII.isBlank(p[j]) { j += 1 }
        var end = r.upperBound
        while end > j, ASCII.isBlank(p[end - 1]) { end -= 1 }
        hasPending = true
        pendingName = r.lowerBound..<nameEnd
        pendingValue = j..<end
        if unfolded != nil { unfolded = nil }
        return nil
    }

    /// A continuation line: the fold and the white space around it become one SP.
    private mutating func fold(_ r: Range<Int>) {
        var a = r.lowerBound, b = r.upperBound
        while a < b, ASCII.isBlank(p[a]) { a += 1 }
        while b > a, ASCII.isBlank(p[b - 1]) { b -= 1 }
        var value = unfolded ?? Array(p[pendingValue])
        defer { unfolded = value }
        guard a < b else { return }
        if !value.isEmpty { value.append(ASCII.space) }
        // Bounded: anything past the line limit is cut here and reported when the field ends.
        let room = max(0, limits.maxLineLength + 1 - value.count)
        value.append(contentsOf: p[a..<min(b, a + room)])
    }

    private mutating func flush(into fields: inout SIPHeaders) -> SIPParseError? {
        guard hasPending else { return nil }
        hasPending = false
        let code = KnownHeaders.code(UnsafeBufferPointer(rebasing: p[pendingName]))
        if let u = unfolded {
            if u.count > limits.maxLineLength {
                return SIPParseError(.lineTooLong, at: base + pendingName.lowerBound, "header over \\(limits.maxLineLength) bytes")
            }
            fields.appendParsed(code: code, nameOffsets: pendingName, unfolded: u)
        } else {
            fields.appendParsed(code: code, nameOffsets: pendingName, valueOffsets: pendingValue)
        }
        if unfolded != nil { unfolded = nil }
        return nil
    }
}
