import StackCore

/// A SIP request or response (RFC 3261 §7): start line, header fields in order, and a body.
///
/// Parsed messages share the received bytes; the headers most layers need (Via, From, To, Call-ID,
/// CSeq, Contact, Max-Forwards, Content-Type, Content-Length) are parsed once, when the message is
/// read or a header changes. Equality compares the start line, the header fields other than
/// Content-Length (which is framing, derived from the body) and the body.
public struct SIPMessage: Sendable, Hashable {
    /// The request or status line.
    public var startLine: SIPStartLine
    /// The header fields in order. Change them through the mutating methods, which keep the typed
    /// views current.
    public private(set) var headers: SIPHeaders
    /// The body bytes (Content-Length is computed from them when serializing).
    public var body: ByteString
    /// What the parser accepted leniently.
    public internal(set) var warnings: [SIPParseWarning]
    /// Parts that did not parse; the message is usable but a UA should answer 400 (see `checkRequest`).
    public internal(set) var defects: [SIPDefect]
    var hotBox: HotHeadersBox
    var hot: HotHeaders { hotBox.value }

    /// A message from parts; the typed views are computed from the headers.
    public init(startLine: SIPStartLine, headers: SIPHeaders = SIPHeaders(), body: ByteString = .empty) {
        self.init(startLine: startLine, headers: headers, body: body, warnings: [], defects: [], limits: .default)
    }

    init(startLine: SIPStartLine, headers: SIPHeaders, body: ByteString, warnings: [SIPParseWarning],
         defects: [SIPDefect], limits: SIPParserLimits)
    {
        // The index is built before any stored property is set: an inout access to `self.defects`
        // in the middle of the init made the compiler copy the whole message out.
        var defects = defects
        let box = Self.index(headers, limits: limits, defects: &defects)
        self.startLine = startLine
        self.headers = headers
        self.body = body
        self.warnings = warnings
        self.defects = defects
        hotBox = box
    }

    /// True for a request.
    public var isRequest: Bool { if case .request = startLine { return true } else { return false } }
    /// The request line, for a request.
    public var requestLine: SIPRequestLine? { if case .request(let r) = startLine { return r } else { return nil } }
    /// The status line, for a response.
    public var statusLine: SIPStatusLine? { if case .response(let r) = startLine { return r } else { return nil } }
    /// The method of a request, or nil for a response.
    public var method: SIPMethod? { requestLine?.method }
    /// The status of a response, or nil for a request.
    public var status: SIPStatus? { statusLine?.status }
    /// The Request-URI of a request when it parsed.
    public var requestURI: SIPAnyURI? { requestLine?.uri }

    public static func == (a: SIPMessage, b: SIPMessage) -> Bool {
        guard a.startLine == b.startLine, a.body == b.body else { return false }
        return a.headers.lazy.filter { $0.name != .contentLength }
            .elementsEqual(b.headers.lazy.filter { $0.name != .contentLength })
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(startLine)
        hasher.combine(body)
        for f in headers where f.name != .contentLength { hasher.combine(f) }
    }

    // MARK: Changing headers

    /// Appends a header field.
    public mutating func appendHeader(_ name: SIPHeaderName, _ value: String) {
        headers.append(SIPHeaderField(name: name, value: ByteString(value)))
        reindex()
    }

    /// Inserts a header field before all others of the same name, or at the end (e.g. a new top Via).
    public mutating func prependHeader(_ name: SIPHeaderName, _ value: String) {
        var fields = headers.fields
        let field = SIPHeaderField(name: name, value: ByteString(value))
        fields.insert(field, at: fields.firstIndex { $0.name == name } ?? fields.endIndex)
        replaceHeaders(fields)
    }

    /// Replaces every field named `name` by one field with `value`, in the place of the first.
    public mutating func setHeader(_ name: SIPHeaderName, _ value: String) {
        var fields = headers.fields
        let field = SIPHeaderField(name: name, value: ByteString(value))
        if let i = fields.firstIndex(where: { $0.name == name }) {
            fields[i] = field
            fields = fields.enumerated().filter { $0.offset == i || $0.element.name != name }.map(\.element)
        } else {
            fields.append(field)
        }
        replaceHeaders(fields)
    }

    /// Removes every field named `name`.
    public mutating func removeHeaders(_ name: SIPHeaderName) {
        replaceHeaders(headers.fields.filter { $0.name != name })
    }

    /// Removes the first value of a list header such as Via or Route (RFC 3261 §16.7, §12.2.1.1).
    public mutating func removeFirstValue(_ name: SIPHeaderName) {
        var fields = headers.fields
        guard let i = fields.firstIndex(where: { $0.name == name }) else { return }
        let parts = (try? ListSplitter.split(fields[i].value.bytes, header: name, limit: .max)) ?? []
        if parts.count <= 1 {
            fields.remove(at: i)
        } else {
            let rest = parts.dropFirst().map { String(decoding: $0, as: UTF8.self) }.joined(separator: ", ")
            fields[i].value = ByteString(rest)
        }
        replaceHeaders(fields)
    }

    /// Replaces the top Via value (the first value of the first Via field) by `via`, keeping the others.
    /// Does nothing when that value is not ``topVia`` (it was damaged and skipped by the parser).
    public mutating func replaceTopVia(_ via: SIPVia) {
        var fields = headers.fields
        guard let i = fields.firstIndex(where: { $0.name == .via }) else { return }
        let parts = (try? ListSplitter.split(fields[i].value.bytes, header: .via, limit: .max)) ?? []
        guard let first = parts.first, let top = topVia, first.elementsEqual(top.text.bytes) else { return }
        let rest = parts.dropFirst().map { String(decoding: $0, as: UTF8.self) }
        fields[i].value = ByteString(([via.text.string] + rest).joined(separator: ", "))
        replaceHeaders(fields)
    }

    private mutating func replaceHeaders(_ fields: [SIPHeaderField]) {
        headers = SIPHeaders(fields: fields)
        reindex()
    }

    /// Recomputes the typed views and header defects after a change.
    mutating func reindex(limits: SIPParserLimits = .default) {
        defects.removeAll { if case .header = $0.location { return true } else { return false } }
        hotBox = Self.index(headers, limits: limits, defects: &defects)
    }

    /// Parses the hot headers into their typed views; damage is appended to `defects`.
    static func index(_ headers: SIPHeaders, limits: SIPParserLimits, defects: inout [SIPDefect]) -> HotHeadersBox {
        var hot = HotHeaders()
        for index in headers.entries.indices {
            let e = headers.entries[index]
            guard HotHeaders.isHot(e.code) else { continue }
            hot.absorb(code: e.code, value: ByteString(headers.valueBytes(e)), index: index, limits: limits, defects: &defects)
        }
        return HotHeadersBox(consume hot)
    }
}
