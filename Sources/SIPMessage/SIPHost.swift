import StackCore

/// The host of a SIP URI or Via sent-by: a domain name, an IPv4 address or an IPv6 reference.
public struct SIPHost: Sendable, Hashable, CustomStringConvertible {
    /// What kind of host the text is.
    public enum Kind: Sendable, Hashable { case name, ipv4, ipv6 }

    /// The kind of host.
    public let kind: Kind
    /// The host text; for IPv6 without the brackets.
    public let text: ByteString

    /// A host from parts; `text` must already be valid for `kind`.
    init(kind: Kind, text: ByteString) {
        self.kind = kind
        self.text = text
    }

    /// A host from text: a name, an IPv4 address, or an IPv6 address with or without brackets.
    public init?(_ text: String) {
        let b = ArraySlice(text.utf8)
        if let v6 = text.hasPrefix("[") && text.hasSuffix("]") ? b.dropFirst().dropLast() : (text.contains(":") ? b : nil),
            IPAddressText.ipv6(v6) != nil
        {
            self.init(kind: .ipv6, text: ByteString(v6))
        } else if let (kind, range) = Scanner.scan(b, { (s) -> (Kind, Range<Int>)? in
            guard let found = try? Self.locate(&s), s.atEnd else { return nil }
            return found
        }), kind != .ipv6 {
            self.init(kind: kind, text: ByteString(b[range]))
        } else {
            return nil
        }
    }

    /// As written in a URI: IPv6 in brackets.
    public var description: String { kind == .ipv6 ? "[\(text)]" : text.string }

    /// Host equality of RFC 3261 §19.1.4: names ignore case, addresses compare by value.
    public static func == (a: SIPHost, b: SIPHost) -> Bool {
        guard a.kind == b.kind else { return false }
        switch a.kind {
        case .name: return a.text.equalsIgnoringCase(b.text)
        case .ipv4: return IPAddressText.ipv4Value(a.text.bytes) == IPAddressText.ipv4Value(b.text.bytes)
        case .ipv6: return IPAddressText.ipv6(a.text.bytes) == IPAddressText.ipv6(b.text.bytes)
        }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        switch kind {
        case .name: for c in text { hasher.combine(ASCII.lower(c)) }
        case .ipv4: hasher.combine(IPAddressText.ipv4Value(text.bytes))
        case .ipv6: hasher.combine(IPAddressText.ipv6(text.bytes))
        }
    }

    /// Parses a host at the scanner's position: an IPv6 reference in brackets, or name/IPv4
    /// characters. Returns its kind and its range (without brackets); the scanner moves past it.
    static func locate(_ s: inout Scanner) throws(SIPParseError) -> (Kind, Range<Int>) {
        let start = s.i
        let code: SIPParseError.Kind = s.header == nil ? .invalidURI : .invalidHeaderValue
        if s.peek() == 0x5B {
            guard let close = s.firstIndex(of: 0x5D, from: start + 1),
                  s.withBuffer((start + 1)..<close, { IPAddressText.ipv6($0) != nil })
            else {
                throw SIPParseError(code, at: start, header: s.header, "invalid IPv6 reference")
            }
            s.i = close + 1
            return (.ipv6, (start + 1)..<close)
        }
        // One pass: host characters, and whether the last label starts with a digit (then only an
        // IPv4 address will do, as toplabel starts with ALPHA) or any label is empty.
        var labelStart = start
        var lastLabelStartsWithDigit = false
        var emptyLabel = false
        while let c = s.peek(), Grammar.isHostChar(c) {
            if c == 0x2E {
                if s.i == labelStart { emptyLabel = true }
                labelStart = s.i + 1
            } else if s.i == labelStart {
                lastLabelStartsWithDigit = ASCII.isDigit(c)
            }
            s.i += 1
        }
        let end = s.i
        let kind: Kind?
        if end == start {
            kind = nil
        } else if lastLabelStartsWithDigit {
            kind = s.withBuffer(start..<end, { IPAddressText.ipv4Value($0) }) != nil ? .ipv4 : nil
        } else {
            kind = emptyLabel || s[start] == 0x2D || s[end - 1] == 0x2D ? nil : .name
        }
        guard let kind else {
            s.i = start
            throw SIPParseError(code, at: start, header: s.header, "invalid host")
        }
        return (kind, start..<end)
    }
}
