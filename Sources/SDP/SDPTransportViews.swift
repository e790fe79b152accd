/// `a=candidate` (RFC 8839 §5.1): an ICE candidate.
public struct SDPCandidate: Sendable, Hashable {
    /// The foundation.
    public var foundation: String
    /// The component (1 RTP, 2 RTCP).
    public var component: Int
    /// `UDP` or `TCP` as written.
    public var transport: String
    /// The priority.
    public var priority: UInt32
    /// The connection address (an IP address or an mDNS name).
    public var address: String
    /// The port.
    public var port: Int
    /// `host`, `srflx`, `prflx` or `relay`.
    public var type: String
    /// `raddr`, when given.
    public var relatedAddress: String?
    /// `rport`, when given.
    public var relatedPort: Int?
    /// Extension name/value pairs (`tcptype`, `generation`, …), in order.
    public var extensions: [(String, String)]

    /// Parses a candidate value; nil when malformed.
    public init?(_ value: String) {
        let f = value.split(separator: " ").map(String.init)
        guard f.count >= 8, f[6] == "typ", !f[0].isEmpty, let component = Int(f[1]), (1...256).contains(component),
              let priority = UInt32(f[3]), let port = Int(f[5]), (0...65535).contains(port) else { return nil }
        foundation = f[0]
        self.component = component
        transport = f[2]
        self.priority = priority
        address = f[4]
        self.port = port
        type = f[7]
        extensions = []
        var i = 8
        while i + 1 < f.count {
            switch f[i] {
            case "raddr": relatedAddress = f[i + 1]
            case "rport":
                guard let p = Int(f[i + 1]), (0...65535).contains(p) else { return nil }
                relatedPort = p
            default: extensions.append((f[i], f[i + 1]))
            }
            i += 2
        }
        guard i == f.count else { return nil }
    }

    public static func == (a: SDPCandidate, b: SDPCandidate) -> Bool {
        a.foundation == b.foundation && a.component == b.component && a.transport == b.transport && a.priority == b.priority
            && a.address == b.address && a.port == b.port && a.type == b.type && a.relatedAddress == b.relatedAddress
            && a.relatedPort == b.relatedPort && a.extensions.elementsEqual(b.extensions, by: { $0 == $1 })
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(foundation)
        hasher.combine(component)
        hasher.combine(address)
        hasher.combine(port)
    }
}

/// `a=fingerprint:<hash function> <fingerprint>` (RFC 8122 §5).
public struct SDPFingerprint: Sendable, Hashable {
    /// `sha-256` and so on (lowercased).
    public var hashFunction: String
    /// The bytes of the fingerprint.
    public var bytes: [UInt8]

    /// Parses a fingerprint value (hex pairs separated by colons); nil when malformed.
    public init?(_ value: String) {
        let f = value.split(separator: " ")
        guard f.count == 2 else { return nil }
        var out: [UInt8] = []
        for pair in f[1].split(separator: ":", omittingEmptySubsequences: false) {
            guard pair.count == 2, let b = UInt8(pair, radix: 16) else { return nil }
            out.append(b)
        }
        hashFunction = f[0].lowercased()
        bytes = out
    }
}

/// `a=setup` (RFC 4145 §4, RFC 8842): which side opens the TCP or DTLS association.
public enum SDPSetupRole: String, Sendable, Hashable, CaseIterable {
    case active, passive, actpass, holdconn
}

/// `a=group:<semantics> <mid> …` (RFC 5888), such as BUNDLE.
public struct SDPGroup: Sendable, Hashable {
    /// `BUNDLE`, `LS`, `FID`, …
    public var semantics: String
    /// The identification tags, in order.
    public var mids: [String]

    /// Parses a group value; nil when malformed.
    public init?(_ value: String) {
        let f = value.split(separator: " ").map(String.init)
        guard let s = f.first, SDPParser.isToken(s) else { return nil }
        semantics = s
        mids = Array(f.dropFirst())
    }
}

/// `a=ssrc:<ssrc-id> <attribute>[:<value>]` (RFC 5576 §4.1).
public struct SDPSourceAttribute: Sendable, Hashable {
    /// The synchronization source.
    public var ssrc: UInt32
    /// The source attribute (`cname`, `msid`, …) and its value.
    public var attribute: SDPAttribute

    /// Parses an ssrc value; nil when malformed.
    public init?(_ value: String) {
        let f = value.split(separator: " ", maxSplits: 1)
        guard f.count == 2, let ssrc = UInt32(f[0]) else { return nil }
        self.ssrc = ssrc
        guard let a = try? SDPParser.attribute(String(f[1]), line: 0) else { return nil }
        attribute = a
    }
}

/// `a=extmap:<id>[/<direction>] <uri> [<attributes>]` (RFC 8285 §8).
public struct SDPExtensionMap: Sendable, Hashable {
    /// The local identifier (1–14 one-byte, up to 255 two-byte).
    public var id: Int
    /// The direction, when given.
    public var direction: SDPDirection?
    /// The extension URI.
    public var uri: String
    /// Extension attributes, verbatim.
    public var attributes: String?

    /// Parses an extmap value; nil when malformed.
    public init?(_ value: String) {
        let f = value.split(separator: " ", maxSplits: 2)
        guard f.count >= 2 else { return nil }
        let idParts = f[0].split(separator: "/", omittingEmptySubsequences: false)
        guard idParts.count <= 2, let id = Int(idParts[0]), (1...255).contains(id) else { return nil }
        if idParts.count == 2 {
            guard let d = SDPDirection(rawValue: String(idParts[1])) else { return nil }
            direction = d
        }
        self.id = id
        uri = String(f[1])
        attributes = f.count == 3 ? String(f[2]) : nil
    }
}

extension SDPMediaDescription {
    /// The section's own `a=ice-ufrag` (RFC 8839); ``SDPSessionDescription/iceUsernameFragment(media:)`` falls back to the session's.
    public var iceUsernameFragment: String? { attributes.first("ice-ufrag")?.value }
    /// `a=ice-pwd` (RFC 8839).
    public var icePassword: String? { attributes.first("ice-pwd")?.value }
    /// `a=candidate` lines, malformed ones skipped.
    public var candidates: [SDPCandidate] { attributes.values("candidate").compactMap(SDPCandidate.init) }
    /// `a=fingerprint` lines (RFC 8122), malformed ones skipped.
    public var fingerprints: [SDPFingerprint] { attributes.values("fingerprint").compactMap(SDPFingerprint.init) }
    /// `a=setup` (RFC 4145).
    public var setup: SDPSetupRole? { attributes.first("setup")?.value.flatMap(SDPSetupRole.init) }
    /// `a=ssrc` lines (RFC 5576).
    public var sources: [SDPSourceAttribute] { attributes.values("ssrc").compactMap(SDPSourceAttribute.init) }
    /// `a=extmap` lines (RFC 8285).
    public var extensionMaps: [SDPExtensionMap] { attributes.values("extmap").compactMap(SDPExtensionMap.init) }
}

extension SDPSessionDescription {
    /// `a=group` lines at session level (RFC 5888).
    public var groups: [SDPGroup] { attributes.values("group").compactMap(SDPGroup.init) }

    /// The ICE username fragment of media section `index`, or the session's (RFC 8839 §5.4).
    public func iceUsernameFragment(media index: Int) -> String? {
        media[index].iceUsernameFragment ?? attributes.first("ice-ufrag")?.value
    }

    /// The ICE password of media section `index`, or the session's.
    public func icePassword(media index: Int) -> String? {
        media[index].icePassword ?? attributes.first("ice-pwd")?.value
    }

    /// The fingerprints of media section `index`, or the session's (RFC 8122 §5).
    public func fingerprints(media index: Int) -> [SDPFingerprint] {
        let own = media[index].fingerprints
        return own.isEmpty ? attributes.values("fingerprint").compactMap(SDPFingerprint.init) : own
    }
}
