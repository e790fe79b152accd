/// `a=rtpmap:<payload type> <encoding name>/<clock rate>[/<channels>]` (RFC 8866 §6.6).
public struct SDPRtpMap: Sendable, Hashable {
    /// The payload type (0–127).
    public var payloadType: Int
    /// The encoding name as written (`opus`, `PCMU`, `telephone-event`); compare case-insensitively.
    public var encoding: String
    /// The RTP clock rate (8000 for G.722, RFC 3551 §4.5.2).
    public var clockRate: Int
    /// The channel count (audio), when given.
    public var channels: Int?

    /// An rtpmap from parts.
    public init(payloadType: Int, encoding: String, clockRate: Int, channels: Int? = nil) {
        self.payloadType = payloadType
        self.encoding = encoding
        self.clockRate = clockRate
        self.channels = channels
    }

    /// Parses an rtpmap value; nil when it does not follow the grammar.
    public init?(_ value: String) {
        let f = value.split(separator: " ", maxSplits: 1)
        guard f.count == 2, let pt = Int(f[0]), (0...127).contains(pt) else { return nil }
        let parts = f[1].trimmingSpaces.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 2, parts.count <= 3, !parts[0].isEmpty, let rate = Int(parts[1]), rate > 0 else { return nil }
        var channels: Int?
        if parts.count == 3 {
            guard let c = Int(parts[2]), c > 0, c <= 255 else { return nil }
            channels = c
        }
        self.init(payloadType: pt, encoding: String(parts[0]), clockRate: rate, channels: channels)
    }

    /// The attribute value.
    public var value: String { "\(payloadType) \(encoding)/\(clockRate)" + (channels.map { "/\($0)" } ?? "") }
}

/// `a=fmtp:<format> <parameters>` (RFC 8866 §6.15): parameters as `name=value` pairs separated by `;`,
/// or verbatim when they are not in that form (telephone-event's `0-16`).
public struct SDPFormatParameters: Sendable, Hashable {
    /// The format (payload type number for RTP).
    public var format: String
    /// The parameters text as written.
    public var text: String

    /// Parses an fmtp value; nil when it has no format.
    public init?(_ value: String) {
        let f = value.split(separator: " ", maxSplits: 1)
        guard let format = f.first, SDPParser.isToken(format) else { return nil }
        self.format = String(format)
        self.text = f.count == 2 ? f[1].trimmingSpaces : ""
    }

    /// An fmtp from parts.
    public init(format: String, text: String) {
        self.format = format
        self.text = text
    }

    /// The `name=value` pairs (names lowercased), in order; a part without `=` has an empty value.
    public var parameters: [(name: String, value: String)] {
        text.split(separator: ";").compactMap { part in
            let p = part.trimmingSpaces
            guard !p.isEmpty else { return nil }
            guard let eq = p.firstIndex(of: "=") else { return (p.lowercased(), "") }
            return (p[..<eq].trimmingSpaces.lowercased(), p[p.index(after: eq)...].trimmingSpaces)
        }
    }

    /// The value of parameter `name` (case-insensitive).
    public subscript(name: String) -> String? {
        let n = name.lowercased()
        return parameters.first { $0.name == n }?.value
    }

    /// The events of a telephone-event fmtp (`0-15,66,70`, RFC 4733 §7.1.1); nil when malformed.
    public var eventRanges: [ClosedRange<Int>]? {
        var out: [ClosedRange<Int>] = []
        for part in text.split(separator: ",") {
            let bounds = part.trimmingSpaces.split(separator: "-", omittingEmptySubsequences: false)
            guard bounds.count <= 2, let lo = Int(bounds[0]), (0...255).contains(lo) else { return nil }
            let hi = bounds.count == 2 ? Int(bounds[1]) : lo
            guard let hi, hi >= lo, hi <= 255 else { return nil }
            out.append(lo...hi)
        }
        return out.isEmpty ? nil : out
    }

    /// The attribute value.
    public var value: String { text.isEmpty ? format : "\(format) \(text)" }
}

/// The media direction attributes (RFC 8866 §6.7, RFC 3264 §5.1).
public enum SDPDirection: String, Sendable, Hashable, CaseIterable {
    case sendrecv, sendonly, recvonly, inactive

    /// Whether this side sends.
    public var sends: Bool { self == .sendrecv || self == .sendonly }
    /// Whether this side receives.
    public var receives: Bool { self == .sendrecv || self == .recvonly }
}

/// `a=rtcp:<port> [<nettype> <addrtype> <address>]` (RFC 3605).
public struct SDPRTCPAttribute: Sendable, Hashable {
    /// The RTCP port.
    public var port: Int
    /// The connection, when given.
    public var connection: SDPConnection?

    /// Parses an rtcp value; nil when malformed.
    public init?(_ value: String) {
        let f = value.split(separator: " ")
        guard f.count == 1 || f.count == 4, let port = Int(f[0]), (0...65535).contains(port) else { return nil }
        self.port = port
        if f.count == 4 { connection = SDPConnection(networkType: String(f[1]), addressType: String(f[2]), address: String(f[3])) }
    }
}

/// `a=crypto:<tag> <crypto-suite> <key-params> [<session-params>]` (RFC 4568 §9.1). The key
/// parameters (`inline:…`) stay text here; the SRTP module decodes them.
public struct SDPCrypto: Sendable, Hashable {
    /// The tag (1–999999999) that an answer echoes.
    public var tag: Int
    /// `AES_CM_128_HMAC_SHA1_80`, `AEAD_AES_128_GCM` and so on.
    public var suite: String
    /// The key parameters, `;`-separated (`inline:<key||salt>[|lifetime][|MKI:length]`).
    public var keyParameters: [String]
    /// Session parameters (`UNENCRYPTED_SRTCP`, `KDR=…`), in order.
    public var sessionParameters: [String]

    /// Parses a crypto value; nil when malformed.
    public init?(_ value: String) {
        let f = value.split(separator: " ")
        guard f.count >= 3, let tag = Int(f[0]), (1...999_999_999).contains(tag), SDPParser.isToken(f[1]) else { return nil }
        self.tag = tag
        suite = String(f[1])
        keyParameters = f[2].split(separator: ";").map(String.init)
        guard !keyParameters.isEmpty else { return nil }
        sessionParameters = f.dropFirst(3).map(String.init)
    }

    /// A crypto attribute from parts.
    public init(tag: Int, suite: String, keyParameters: [String], sessionParameters: [String] = []) {
        self.tag = tag
        self.suite = suite
        self.keyParameters = keyParameters
        self.sessionParameters = sessionParameters
    }

    /// The attribute value.
    public var value: String {
        ([String(tag), suite, keyParameters.joined(separator: ";")] + sessionParameters).joined(separator: " ")
    }
}

extension Array where Element == SDPAttribute {
    /// The value of the first attribute named `name` (case-sensitive, as RFC 8866 §5.13 names are).
    public func first(_ name: String) -> SDPAttribute? { first { $0.name == name } }
    /// The values of every attribute named `name`, in order.
    public func values(_ name: String) -> [String] { filter { $0.name == name }.map { $0.value ?? "" } }
    /// True when a property or value attribute named `name` is present.
    public func contains(_ name: String) -> Bool { contains { $0.name == name } }
    /// The last direction attribute, if any.
    public var direction: SDPDirection? { reversed().lazy.compactMap { SDPDirection(rawValue: $0.name) }.first }
}

extension SDPMediaDescription {
    /// The rtpmap attributes, keyed by payload type (malformed ones skipped).
    public var rtpMaps: [Int: SDPRtpMap] {
        var out: [Int: SDPRtpMap] = [:]
        for v in attributes.values("rtpmap") { if let m = SDPRtpMap(v), out[m.payloadType] == nil { out[m.payloadType] = m } }
        return out
    }

    /// The fmtp attributes, keyed by format.
    public var formatParameters: [String: SDPFormatParameters] {
        var out: [String: SDPFormatParameters] = [:]
        for v in attributes.values("fmtp") { if let f = SDPFormatParameters(v), out[f.format] == nil { out[f.format] = f } }
        return out
    }

    /// `a=ptime` in milliseconds (fractions allowed by RFC 8866 §6.4 are rounded down).
    public var ptime: Int? { attributes.first("ptime")?.value.flatMap(Self.milliseconds) }
    /// `a=maxptime` in milliseconds.
    public var maxptime: Int? { attributes.first("maxptime")?.value.flatMap(Self.milliseconds) }
    /// The section's own direction attribute, if any (the session's applies otherwise).
    public var direction: SDPDirection? { attributes.direction }
    /// `a=rtcp` (RFC 3605).
    public var rtcp: SDPRTCPAttribute? { attributes.first("rtcp")?.value.flatMap(SDPRTCPAttribute.init) }
    /// `a=rtcp-mux` (RFC 5761).
    public var rtcpMux: Bool { attributes.contains("rtcp-mux") }
    /// `a=crypto` lines (RFC 4568), malformed ones skipped.
    public var cryptos: [SDPCrypto] { attributes.values("crypto").compactMap(SDPCrypto.init) }
    /// `a=mid` (RFC 5888).
    public var mid: String? { attributes.first("mid")?.value }

    private static func milliseconds(_ s: String) -> Int? {
        let whole = s.split(separator: ".", maxSplits: 1).first.map(String.init) ?? s
        guard let n = Int(whole), n > 0, n <= 10_000 else { return nil }
        return n
    }
}

extension SDPSessionDescription {
    /// The direction of media section `index`: its own attribute, else the session's, else sendrecv
    /// (RFC 3264 §5.1). The old `c=0.0.0.0` hold of RFC 2543 peers is reported by ``isHold(media:)``.
    public func direction(ofMedia index: Int) -> SDPDirection {
        media[index].direction ?? attributes.direction ?? .sendrecv
    }

    /// True when media section `index` is on hold in the old RFC 2543 way (`c=IN IP4 0.0.0.0`).
    public func isHold(media index: Int) -> Bool {
        (media[index].connections.first ?? connection)?.isHoldAddress == true
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
