/// An SDP session description (RFC 8866): session-level lines and media sections, with attribute
/// order kept and unknown attributes kept verbatim.
public struct SDPSessionDescription: Sendable, Hashable {
    /// `v=` (always 0).
    public var version = 0
    /// `o=`.
    public var origin: SDPOrigin
    /// `s=` (`-` when the description had none, with a warning).
    public var sessionName: String
    /// `i=`.
    public var information: String?
    /// `u=`.
    public var uri: String?
    /// `e=` lines.
    public var emails: [String] = []
    /// `p=` lines.
    public var phones: [String] = []
    /// Session-level `c=`.
    public var connection: SDPConnection?
    /// Session-level `b=` lines.
    public var bandwidths: [SDPBandwidth] = []
    /// `t=` lines with their `r=` lines.
    public var timings: [SDPTiming] = [SDPTiming()]
    /// `z=`, verbatim.
    public var timeZones: String?
    /// Session-level `k=`, verbatim (obsolete, RFC 8866 §5.12).
    public var key: String?
    /// Session-level `a=` lines, in order.
    public var attributes: [SDPAttribute] = []
    /// `m=` sections, in order.
    public var media: [SDPMediaDescription] = []
    /// What the parser accepted leniently.
    public var warnings: [SDPWarning] = []

    /// A description with an origin and a session name.
    public init(origin: SDPOrigin, sessionName: String = "-") {
        self.origin = origin
        self.sessionName = sessionName
    }

    public static func == (a: SDPSessionDescription, b: SDPSessionDescription) -> Bool {
        a.version == b.version && a.origin == b.origin && a.sessionName == b.sessionName && a.information == b.information
            && a.uri == b.uri && a.emails == b.emails && a.phones == b.phones && a.connection == b.connection
            && a.bandwidths == b.bandwidths && a.timings == b.timings && a.timeZones == b.timeZones && a.key == b.key
            && a.attributes == b.attributes && a.media == b.media
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(origin)
        hasher.combine(sessionName)
        hasher.combine(media)
    }
}

/// `o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>` (RFC 8866 §5.2).
public struct SDPOrigin: Sendable, Hashable {
    /// The user name (`-` when none).
    public var username: String
    /// The session identifier (digits; kept as text, it may exceed 64 bits).
    public var sessionID: String
    /// The version, incremented when the session changes (RFC 3264 §8).
    public var sessionVersion: UInt64
    /// `IN`.
    public var networkType: String
    /// `IP4` or `IP6`.
    public var addressType: String
    /// The address or name of the originator.
    public var address: String

    /// An origin from parts.
    public init(username: String = "-", sessionID: String, sessionVersion: UInt64, networkType: String = "IN",
                addressType: String, address: String)
    {
        self.username = username
        self.sessionID = sessionID
        self.sessionVersion = sessionVersion
        self.networkType = networkType
        self.addressType = addressType
        self.address = address
    }
}

/// `c=<nettype> <addrtype> <connection-address>` (RFC 8866 §5.7), with the multicast TTL and count.
public struct SDPConnection: Sendable, Hashable {
    /// `IN`.
    public var networkType: String
    /// `IP4` or `IP6`.
    public var addressType: String
    /// The address (without `/ttl/count`); `0.0.0.0` is the old RFC 2543 form of hold.
    public var address: String
    /// The IPv4 multicast TTL.
    public var ttl: Int?
    /// The number of multicast addresses.
    public var count: Int?

    /// A unicast connection.
    public init(networkType: String = "IN", addressType: String, address: String, ttl: Int? = nil, count: Int? = nil) {
        self.networkType = networkType
        self.addressType = addressType
        self.address = address
        self.ttl = ttl
        self.count = count
    }

    /// True for `c=IN IP4 0.0.0.0`, which RFC 2543 endpoints send to put a call on hold (RFC 3264 §8.4).
    public var isHoldAddress: Bool { addressType == "IP4" && address == "0.0.0.0" }
}

/// `b=<bwtype>:<bandwidth>` (RFC 8866 §5.8).
public struct SDPBandwidth: Sendable, Hashable {
    /// `AS`, `CT`, `TIAS`, `RS`, `RR` or another token.
    public var type: String
    /// The value (kbit/s for AS and CT, bit/s for TIAS).
    public var value: UInt64

    /// A bandwidth line from parts.
    public init(type: String, value: UInt64) {
        self.type = type
        self.value = value
    }
}

/// `t=<start> <stop>` with its `r=` lines (RFC 8866 §5.9, §5.10).
public struct SDPTiming: Sendable, Hashable {
    /// NTP start time (0: unbounded).
    public var start: UInt64 = 0
    /// NTP stop time (0: unbounded).
    public var stop: UInt64 = 0
    /// `r=` lines, verbatim.
    public var repeats: [String] = []

    /// `t=0 0` unless given.
    public init(start: UInt64 = 0, stop: UInt64 = 0, repeats: [String] = []) {
        self.start = start
        self.stop = stop
        self.repeats = repeats
    }
}

/// `a=<name>[:<value>]` (RFC 8866 §5.13): a property attribute has no value.
public struct SDPAttribute: Sendable, Hashable, CustomStringConvertible {
    /// The attribute name.
    public var name: String
    /// The value after the colon, verbatim; nil for a property attribute.
    public var value: String?

    /// An attribute from parts.
    public init(_ name: String, _ value: String? = nil) {
        self.name = name
        self.value = value
    }

    public var description: String { value.map { "\(name):\($0)" } ?? name }
}

/// One `m=` section (RFC 8866 §5.14) and its lines.
public struct SDPMediaDescription: Sendable, Hashable {
    /// `audio`, `video`, `text`, `application`, `message` or another token.
    public var type: String
    /// The transport port; 0 rejects or removes the stream (RFC 3264 §6, §8.2).
    public var port: Int
    /// The number of ports (`m=audio 49170/2 …`), when given.
    public var portCount: Int?
    /// `RTP/AVP`, `RTP/SAVP`, `UDP/TLS/RTP/SAVPF` and so on.
    public var proto: String
    /// The formats as on the m= line (RTP payload type numbers for RTP profiles).
    public var formats: [String]
    /// `i=`.
    public var information: String?
    /// Media-level `c=` lines.
    public var connections: [SDPConnection] = []
    /// Media-level `b=` lines.
    public var bandwidths: [SDPBandwidth] = []
    /// Media-level `k=`, verbatim.
    public var key: String?
    /// Media-level `a=` lines, in order.
    public var attributes: [SDPAttribute] = []

    /// A media section from its m= line.
    public init(type: String, port: Int, portCount: Int? = nil, proto: String, formats: [String]) {
        self.type = type
        self.port = port
        self.portCount = portCount
        self.proto = proto
        self.formats = formats
    }
}
