import StackCore

/// A multipart body (RFC 2046 §5.1) split into its parts, each with MIME headers and bytes.
public struct SIPMultipartBody: Sendable, Hashable {
    /// One body part.
    public struct Part: Sendable, Hashable {
        /// The part's MIME header fields (Content-Type, Content-Disposition, …).
        public let headers: SIPHeaders
        /// The part's bytes, binary-safe.
        public let body: ByteString
        /// The part's Content-Type (text/plain when absent, RFC 2046 §5.1.1).
        public var contentType: SIPContentType? {
            guard let v = headers.first(.contentType) else { return nil }
            return try? SIPContentType(parsing: v, header: .contentType, limits: .default)
        }
    }

    /// The parts in order.
    public let parts: [Part]

    /// Splits `body` at the delimiters built from `boundary`; preamble and epilogue are dropped.
    public init(parsing body: ByteString, boundary: ByteString, limits: SIPParserLimits = .default) throws(SIPParseError) {
        guard !boundary.isEmpty, boundary.count <= 70 else {
            throw SIPParseError(.invalidMultipart, at: 0, "boundary must be 1 to 70 characters")
        }
        let dash = [UInt8]("--".utf8) + boundary.bytes
        let b = body.bytes
        guard var cursor = Self.find(dash, in: b, from: b.startIndex, atLineStart: true) else {
            throw SIPParseError(.invalidMultipart, at: b.startIndex, "no boundary delimiter")
        }
        var parts: [Part] = []
        while true {
            var i = cursor + dash.count
            if b[i...].starts(with: "--".utf8) { break }
            while i < b.endIndex, ASCII.isBlank(b[i]) { i += 1 }
            if i < b.endIndex, b[i] == ASCII.cr { i += 1 }
            guard i < b.endIndex, b[i] == ASCII.lf else {
                throw SIPParseError(.invalidMultipart, at: i, "boundary line not ended by CRLF")
            }
            let partStart = i + 1
            guard let next = Self.find(dash, in: b, from: partStart, atLineStart: true) else {
                throw SIPParseError(.invalidMultipart, at: partStart, "missing closing boundary")
            }
            // The CRLF before a delimiter belongs to the delimiter (RFC 2046 §5.1.1).
            var partEnd = next
            if partEnd > partStart, b[partEnd - 1] == ASCII.lf { partEnd -= 1 }
            if partEnd > partStart, b[partEnd - 1] == ASCII.cr { partEnd -= 1 }
            parts.append(try Self.part(b[partStart..<partEnd], limits: limits))
            if parts.count > limits.maxListValues { throw SIPParseError(.invalidMultipart, at: next, "too many body parts") }
            cursor = next
        }
        self.parts = parts
    }

    private static func part(_ bytes: ArraySlice<UInt8>, limits: SIPParserLimits) throws(SIPParseError) -> Part {
        var p = MessageParser(buffer: bytes, framing: .datagram, limits: limits)
        var fields = SIPHeaders(base: bytes)
        let bodyStart = bytes.first == ASCII.lf || bytes.starts(with: [ASCII.cr, ASCII.lf])
            ? (bytes.first == ASCII.lf ? bytes.startIndex + 1 : bytes.startIndex + 2)
            : try p.parseHeaders(from: bytes.startIndex, into: &fields)
        return Part(headers: fields, body: ByteString(bytes[bodyStart...]))
    }

    /// The index of `needle` in `hay` from `start`, only where it begins a line.
    private static func find(_ needle: [UInt8], in hay: ArraySlice<UInt8>, from start: Int, atLineStart: Bool) -> Int? {
        guard let first = needle.first, hay.endIndex - start >= needle.count else { return nil }
        var i = start
        while i <= hay.endIndex - needle.count {
            if hay[i] == first, hay[i..<(i + needle.count)].elementsEqual(needle),
                !atLineStart || i == hay.startIndex || hay[i - 1] == ASCII.lf
            {
                return i
            }
            i += 1
        }
        return nil
    }
}

extension SIPMessage {
    /// The body split into parts when Content-Type is `multipart/*`; nil for other bodies.
    public func multipartBody(limits: SIPParserLimits = .default) throws(SIPParseError) -> SIPMultipartBody? {
        guard let ct = contentType, ct.type.equalsIgnoringCase(text: "multipart") else { return nil }
        guard let boundary = ct.boundary else { throw SIPParseError(.invalidMultipart, at: 0, header: .contentType, "multipart without boundary") }
        return try SIPMultipartBody(parsing: body, boundary: boundary, limits: limits)
    }
}
