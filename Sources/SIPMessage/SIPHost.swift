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
        } else if let (kind, range, end) = try? Self.locate(b, at: b.startIndex, header: nil), end == b.endIndex, kind != .ipv6 {
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

    /// Parses a host starting at `start`: an IPv6 reference in brackets, or name/IPv4 characters.
    /// Returns its kind, its range (without brackets) and the index after it.
    static func locate(_ b: ArraySlice<UInt8>, at start: Int, header: SIPHeaderName?) throws(SIPParseError) -> (Kind, Range<Int>, Int) {
        var i = start
        if i < b.endIndex, b[i] == 0x5B {
            var j = i + 1
            while j < b.endIndex, b[j] != 0x5D { j += 1 }
            guard j < b.endIndex, IPAddressText.ipv6(b[(i + 1)..<j]) != nil else {
                throw SIPParseError(header == nil ? .invalidURI : .invalidHeaderValue, at: i, header: header, "invalid IPv6 reference")
            }
            return (.ipv6, (i + 1)..<j, j + 1)
        }
        // One pass: host characters, and whether the last label starts with a digit (then only an
        // IPv4 address will do, as toplabel starts with ALPHA) or any label is empty.
        var labelStart = i
        var lastLabelStartsWithDigit = false
        var emptyLabel = false
        while i < b.endIndex {
            let c = b[i]
            guard Grammar.isHostChar(c) else { break }
            if c == 0x2E {
                if i == labelStart { emptyLabel = true }
                labelStart = i + 1
            } else if i == labelStart {
                lastLabelStartsWithDigit = ASCII.isDigit(c)
            }
            i += 1
        }
        let kind: Kind?
        if i == start {
            kind = nil
        } else if lastLabelStartsWithDigit {
            kind = IPAddressText.ipv4Value(b[start..<i]) != nil ? .ipv4 : nil
        } else {
            kind = emptyLabel || b[start] == 0x2D || b[i - 1] == 0x2D ? nil : .name
        }
        guard let kind else {
            throw SIPParseError(header == nil ? .invalidURI : .invalidHeaderValue, at: start, header: header, "invalid host")
        }
        return (kind, start..<i, i)
    }
}
