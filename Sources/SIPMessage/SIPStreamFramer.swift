import StackCore

/// Cuts messages out of a byte stream (TCP, TLS) by Content-Length (RFC 3261 §18.3), and
/// recognises the RFC 5626 §3.5.1 keep-alives. The buffer is bounded by the message size limit.
public struct SIPStreamFramer: Sendable {
    /// Which end of the connection this is, which decides how bare line breaks read (RFC 5626 §3.5.1).
    public enum Role: Sendable {
        /// Accepted the connection: a CRLF CRLF is a ping that wants a CRLF pong.
        case acceptor
        /// Opened the connection: a lone CRLF is the pong to our ping.
        case initiator
    }

    /// What the stream carried next.
    public enum Event: Sendable, Hashable {
        case message(SIPMessage)
        /// CRLF CRLF from the peer; answer with a CRLF.
        case ping
        /// A CRLF answering our ping.
        case pong
    }

    private static let ping: [UInt8] = [ASCII.cr, ASCII.lf, ASCII.cr, ASCII.lf]
    private var buffer: [UInt8] = []
    private var head = 0
    private var scanFrom = 0
    private var headerEnd: Int? = nil
    private var bodyLength = 0
    private let limits: SIPParserLimits
    private let role: Role

    /// A framer for one connection.
    public init(role: Role, limits: SIPParserLimits = .default) {
        self.role = role
        self.limits = limits
    }

    /// How many bytes wait in the buffer.
    public var bufferedCount: Int { buffer.count - head }

    /// Adds received bytes. Throws when more is buffered than one message may hold; the connection
    /// should then be closed, as framing cannot recover (RFC 4475 §3.1.2.2).
    public mutating func append(_ bytes: some Collection<UInt8>) throws(SIPParseError) {
        if head > 0, head >= buffer.count / 2 {
            buffer.removeFirst(head)
            scanFrom -= head
            if let h = headerEnd { headerEnd = h - head }
            head = 0
        }
        guard bufferedCount + bytes.count <= limits.maxMessageSize + 4 else {
            throw SIPParseError(.messageTooLarge, at: bufferedCount, "stream buffer over \(limits.maxMessageSize) bytes")
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next complete message or keep-alive, or nil when more bytes are needed.
    public mutating func next() throws(SIPParseError) -> Event? {
        if headerEnd == nil {
            if let keepAlive = takeKeepAlive() { return keepAlive }
            guard bufferedCount > 0 else { return nil }
            guard let end = findHeaderEnd() else {
                if bufferedCount > limits.maxMessageSize {
                    throw SIPParseError(.messageTooLarge, at: 0, "header section over \(limits.maxMessageSize) bytes")
                }
                return nil
            }
            bodyLength = try contentLength(in: head..<end)
            guard end - head + bodyLength <= limits.maxMessageSize else {
                throw SIPParseError(.messageTooLarge, at: 0, "message over \(limits.maxMessageSize) bytes")
            }
            headerEnd = end
        }
        guard let end = headerEnd, buffer.count >= end + bodyLength else { return nil }
        let bytes = Array(buffer[head..<(end + bodyLength)])
        head = end + bodyLength
        scanFrom = head
        headerEnd = nil
        return .message(try SIPMessage(parsing: bytes, framing: .stream, limits: limits))
    }

    /// CR LF between messages: pings, pongs, or line breaks to skip (RFC 3261 §7.5).
    private mutating func takeKeepAlive() -> Event? {
        while bufferedCount >= 2, buffer[head] == ASCII.cr, buffer[head + 1] == ASCII.lf {
            switch role {
            case .initiator:
                head += 2
                scanFrom = max(scanFrom, head)
                return .pong
            case .acceptor:
                if bufferedCount < 4 {
                    // Possibly the first half of a ping: wait for the rest.
                    if Self.ping.starts(with: buffer[head...]) { return nil }
                } else if buffer[head + 2] == ASCII.cr, buffer[head + 3] == ASCII.lf {
                    head += 4
                    scanFrom = max(scanFrom, head)
                    return .ping
                }
                head += 2
                scanFrom = max(scanFrom, head)
            }
        }
        if bufferedCount == 1, buffer[head] == ASCII.cr { return nil }
        while bufferedCount > 0, buffer[head] == ASCII.lf { head += 1 }
        scanFrom = max(scanFrom, head)
        return nil
    }

    /// The index after the empty line ending the header section (CRLF CRLF, or LF LF leniently).
    private mutating func findHeaderEnd() -> Int? {
        var i = max(scanFrom, head)
        while i < buffer.count {
            if buffer[i] == ASCII.lf {
                if i + 1 < buffer.count, buffer[i + 1] == ASCII.lf { return i + 2 }
                if i + 2 < buffer.count, buffer[i + 1] == ASCII.cr, buffer[i + 2] == ASCII.lf { return i + 3 }
                if i + 2 >= buffer.count { scanFrom = i; return nil }
            }
            i += 1
        }
        scanFrom = max(head, buffer.count - 2)
        return nil
    }

    /// Content-Length from the header lines (long or compact name); required on a stream.
    private func contentLength(in r: Range<Int>) throws(SIPParseError) -> Int {
        var found: Int? = nil
        var i = r.lowerBound
        while i < r.upperBound {
            var e = i
            while e < r.upperBound, buffer[e] != ASCII.lf { e += 1 }
            if let v = try lengthValue(buffer[i..<e], at: i) {
                if let f = found, f != v { throw SIPParseError(.conflictingContentLength, at: i, header: .contentLength, "conflicting Content-Length values") }
                found = v
            }
            i = e + 1
        }
        guard let found else { throw SIPParseError(.missingContentLength, at: r.upperBound, "no Content-Length on a stream") }
        return found
    }

    private func lengthValue(_ line: ArraySlice<UInt8>, at offset: Int) throws(SIPParseError) -> Int? {
        guard let colon = line.firstIndex(of: 0x3A) else { return nil }
        let name = ListSplitter.trim(line[..<colon])
        guard ASCII.equalsIgnoringCase(name, "content-length".utf8) || ASCII.equalsIgnoringCase(name, "l".utf8) else { return nil }
        var value = ListSplitter.trim(line[(colon + 1)...])
        if value.last == ASCII.cr { value = ListSplitter.trim(value.dropLast()) }
        guard let n = ASCII.parseDecimal(value, limit: UInt64(limits.maxMessageSize)) else {
            throw SIPParseError(.invalidContentLength, at: offset, header: .contentLength, "Content-Length is not a number within the limit")
        }
        return Int(n)
    }
}
