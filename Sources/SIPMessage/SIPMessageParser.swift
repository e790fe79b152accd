import StackCore

/// How the bytes were framed, which decides what Content-Length means (RFC 3261 §18.3).
public enum SIPFraming: Sendable, Hashable {
    /// One datagram: a missing Content-Length means "the rest"; bytes after the body are ignored.
    case datagram
    /// A message cut from a stream: Content-Length is required.
    case stream
}

extension SIPMessage {
    /// Parses one message.
    public init(parsing bytes: [UInt8], framing: SIPFraming = .datagram, limits: SIPParserLimits = .default) throws(SIPParseError) {
        var p = MessageParser(buffer: bytes[...], framing: framing, limits: limits)
        self = try p.parse()
    }

    /// Parses one message from a slice (indices in errors are the slice's).
    public init(parsing bytes: ArraySlice<UInt8>, framing: SIPFraming = .datagram, limits: SIPParserLimits = .default) throws(SIPParseError) {
        var p = MessageParser(buffer: bytes, framing: framing, limits: limits)
        self = try p.parse()
    }

    /// Parses one message from text.
    public init(parsing text: String, framing: SIPFraming = .datagram, limits: SIPParserLimits = .default) throws(SIPParseError) {
        try self.init(parsing: Array(text.utf8), framing: framing, limits: limits)
    }
}

/// The message grammar of RFC 3261 §7 over one buffer.
struct MessageParser {
    let buf: ArraySlice<UInt8>
    let framing: SIPFraming
    let limits: SIPParserLimits
    var warnings: [SIPParseWarning] = []
    var defects: [SIPDefect] = []
    var sawBareLF = false

    init(buffer: ArraySlice<UInt8>, framing: SIPFraming, limits: SIPParserLimits) {
        self.buf = buffer
        self.framing = framing
        self.limits = limits
    }

    /// A line: content range (no CR LF) and the index after its terminator; nil at the end.
    func line(from i: Int) -> (Range<Int>, next: Int, terminated: Bool) {
        let end = buf.endIndex
        let base = buf.startIndex
        let found = buf.withUnsafeBytes { ByteSearch.firstIndex(of: ASCII.lf, in: $0, from: i - base) }
        guard let offset = found else { return (i..<end, end, false) }
        let j = base + offset
        let contentEnd = j > i && buf[j - 1] == ASCII.cr ? j - 1 : j
        return (i..<contentEnd, j + 1, true)
    }

    mutating func parse() throws(SIPParseError) -> SIPMessage {
        guard buf.count <= limits.maxMessageSize else {
            throw SIPParseError(.messageTooLarge, at: buf.startIndex + limits.maxMessageSize, "message over \(limits.maxMessageSize) bytes")
        }
        var i = buf.startIndex
        // RFC 3261 §7.5: CRLFs before the start line are ignored.
        while i < buf.endIndex, buf[i] == ASCII.cr || buf[i] == ASCII.lf { i += 1 }
        if i > buf.startIndex { warnings.append(SIPParseWarning(kind: .leadingLineBreaksIgnored, offset: buf.startIndex)) }
        guard i < buf.endIndex else { throw SIPParseError(.empty, at: buf.startIndex, "no message") }
        let (first, afterFirst, _) = line(from: i)
        try checkLineLength(first)
        noteLineEnd(first, next: afterFirst)
        let startLine = try parseStartLine(first)
        var headers = SIPHeaders(base: buf)
        headers.entries.reserveCapacity(16)
        let bodyStart = try parseHeaders(from: afterFirst, into: &headers)
        let body = try frameBody(from: bodyStart, headers: headers)
        var (w, d) = ([SIPParseWarning](), [SIPDefect]())
        swap(&w, &warnings)
        swap(&d, &defects)
        return SIPMessage(startLine: consume startLine, headers: consume headers, body: ByteString(body),
                          warnings: w, defects: d, limits: limits)
    }

    func checkLineLength(_ r: Range<Int>) throws(SIPParseError) {
        if r.count > limits.maxLineLength {
            throw SIPParseError(.lineTooLong, at: r.lowerBound, "line over \(limits.maxLineLength) bytes")
        }
    }

    mutating func noteLineEnd(_ r: Range<Int>, next: Int) {
        if !sawBareLF, next > r.upperBound, next - r.upperBound == 1 {
            sawBareLF = true
            warnings.append(SIPParseWarning(kind: .bareLineFeed, offset: r.upperBound))
        }
    }

    // MARK: Headers

    /// Reads header lines up to the empty line, unfolding continuation lines (RFC 3261 §7.3.1).
    /// Returns the index of the first body byte.
    mutating func parseHeaders(from start: Int, into fields: inout SIPHeaders) throws(SIPParseError) -> Int {
        let bytes = buf
        var outcome = HeaderLines.Outcome.failure(SIPParseError(.empty, at: start))
        var bareLF = false
        let (limits, framing) = (self.limits, self.framing)
        bytes.withUnsafeBufferPointer { p in
            var lines = HeaderLines(p: p, base: bytes.startIndex, limits: limits, framing: framing)
            outcome = lines.scan(from: start - bytes.startIndex, into: &fields)
            bareLF = lines.sawBareLF
        }
        if bareLF, !sawBareLF {
            sawBareLF = true
            warnings.append(SIPParseWarning(kind: .bareLineFeed, offset: start))
        }
        switch outcome {
        case .terminated(let next):
            return next
        case .unterminated(let end):
            warnings.append(SIPParseWarning(kind: .unterminatedHeaderSection, offset: end))
            return end
        case .failure(let error):
            throw error
        }
    }

    // MARK: Body

    mutating func frameBody(from start: Int, headers: SIPHeaders) throws(SIPParseError) -> ArraySlice<UInt8> {
        var declared: Int? = nil
        for e in headers.entries where e.code == HeaderCode.contentLength {
            let value = headers.valueBytes(e)
            guard let n = ASCII.parseDecimal(value, limit: UInt64(limits.maxMessageSize)) else {
                let digits = value.allSatisfy(ASCII.isDigit) && !value.isEmpty
                throw SIPParseError(digits ? .messageTooLarge : .invalidContentLength, at: value.startIndex,
                                    header: .contentLength, digits ? "Content-Length over the message limit" : "Content-Length is not a number")
            }
            if let d = declared {
                guard d == Int(n) else {
                    throw SIPParseError(.conflictingContentLength, at: value.startIndex, header: .contentLength, "conflicting Content-Length values")
                }
                warnings.append(SIPParseWarning(kind: .duplicateContentLength, offset: value.startIndex))
            }
            declared = Int(n)
        }
        let available = buf.endIndex - start
        guard let length = declared else {
            if framing == .stream { throw SIPParseError(.missingContentLength, at: start, "no Content-Length on a stream") }
            return buf[start...]
        }
        guard length <= available else {
            throw SIPParseError(.bodyTruncated, at: buf.endIndex, "body has \(available) of \(length) bytes")
        }
        if length < available {
            warnings.append(SIPParseWarning(kind: .trailingBytesIgnored, offset: start + length))
        }
        return buf[start..<(start + length)]
    }
}
