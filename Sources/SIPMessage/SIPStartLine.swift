import StackCore

/// `SIP/major.minor` (RFC 3261 §7.1).
public struct SIPVersion: Sendable, Hashable, CustomStringConvertible {
    /// Major version.
    public var major: Int
    /// Minor version.
    public var minor: Int
    /// A version from numbers.
    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }
    /// SIP/2.0, the only version this stack speaks.
    public static let v2 = SIPVersion(major: 2, minor: 0)
    public var description: String { "SIP/\(major).\(minor)" }

    /// True when `b` starts with `SIP/` in any case.
    @inline(__always)
    static func isSIPSlash(_ b: ArraySlice<UInt8>) -> Bool {
        let s = b.startIndex
        return b.count >= 4 && b[s] | 0x20 == 0x73 && b[s + 1] | 0x20 == 0x69 && b[s + 2] | 0x20 == 0x70 && b[s + 3] == 0x2F
    }

    /// Parses `SIP/1*DIGIT.1*DIGIT` ("SIP" in any case).
    static func parse(_ b: ArraySlice<UInt8>) -> SIPVersion? {
        guard b.count >= 7, isSIPSlash(b) else { return nil }
        let rest = b.dropFirst(4)
        guard let dot = rest.firstIndex(of: 0x2E),
            let major = ASCII.parseDecimal(rest[..<dot], limit: 999),
            let minor = ASCII.parseDecimal(rest[(dot + 1)...], limit: 999)
        else { return nil }
        return SIPVersion(major: Int(major), minor: Int(minor))
    }
}

/// The request line: method, Request-URI and version (RFC 3261 §7.1).
public struct SIPRequestLine: Sendable, Hashable {
    /// The method.
    public var method: SIPMethod
    /// The Request-URI as written.
    public var uriText: ByteString
    /// The parsed Request-URI; nil when it did not parse (the message then has a defect for it).
    public var uri: SIPAnyURI?
    /// The version.
    public var version: SIPVersion

    /// A request line from parts.
    public init(method: SIPMethod, uri: SIPAnyURI, version: SIPVersion = .v2) {
        self.method = method
        self.uri = uri
        self.uriText = uri.text
        self.version = version
    }

    init(method: SIPMethod, uriText: ByteString, uri: SIPAnyURI?, version: SIPVersion) {
        self.method = method
        self.uriText = uriText
        self.uri = uri
        self.version = version
    }

    /// The same Request-URI and version with another method (the ACK and CANCEL of RFC 3261 §9.1, §17.1.1.3).
    public func replacingMethod(_ method: SIPMethod) -> SIPRequestLine {
        SIPRequestLine(method: method, uriText: uriText, uri: uri, version: version)
    }

    public static func == (a: SIPRequestLine, b: SIPRequestLine) -> Bool {
        a.method == b.method && a.uriText == b.uriText && a.version == b.version
    }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(method)
        hasher.combine(uriText)
    }
}

/// The status line: version, status code and reason phrase (RFC 3261 §7.2).
public struct SIPStatusLine: Sendable, Hashable {
    /// The version.
    public var version: SIPVersion
    /// The status code.
    public var status: SIPStatus
    /// The reason phrase as written (UTF-8 allowed, may be empty).
    public var reason: ByteString

    /// A status line; the reason defaults to the standard phrase.
    public init(status: SIPStatus, reason: String? = nil, version: SIPVersion = .v2) {
        self.version = version
        self.status = status
        self.reason = ByteString(reason ?? status.reasonPhrase)
    }

    init(version: SIPVersion, status: SIPStatus, reason: ByteString) {
        self.version = version
        self.status = status
        self.reason = reason
    }
}

/// The first line of a message.
public enum SIPStartLine: Sendable, Hashable {
    case request(SIPRequestLine)
    case response(SIPStatusLine)
}

/// Something the parser accepted although the grammar does not allow it (RFC 4475 liberal reading).
public struct SIPParseWarning: Sendable, Hashable, CustomStringConvertible {
    /// What was accepted.
    public enum Kind: String, Sendable, Hashable {
        case bareLineFeed, extraWhitespaceInStartLine, missingSpaceBeforeReason
        case unterminatedHeaderSection, trailingBytesIgnored, leadingLineBreaksIgnored
        case duplicateContentLength
    }
    /// What was accepted.
    public var kind: Kind
    /// Where, from the first byte of the input.
    public var offset: Int
    public var description: String { "\(kind.rawValue) at byte \(offset)" }
}

/// A part of a message that did not follow its grammar but was not needed to frame the message.
///
/// The message still parses, so a user agent can answer 400 with a reason naming the part.
public struct SIPDefect: Sendable, Hashable, CustomStringConvertible {
    /// Where the damage is.
    public enum Location: Sendable, Hashable {
        case requestURI
        /// A header field, by name and its index in the header list.
        case header(SIPHeaderName, index: Int)
    }
    /// Where the damage is.
    public var location: Location
    /// What is wrong.
    public var error: SIPParseError

    public var description: String {
        switch location {
        case .requestURI: return "malformed Request-URI: \(error)"
        case .header(let name, _): return "malformed \(name.canonicalName): \(error)"
        }
    }
}
