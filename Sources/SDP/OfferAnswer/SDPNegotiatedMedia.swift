/// The SRTP parameters one stream settled on (RFC 4568 §6.1): one suite, a key for each direction.
public struct SDPNegotiatedSRTP: Sendable, Hashable {
    /// The `a=crypto` tag both sides used.
    public var tag: Int
    /// The crypto suite.
    public var suite: String
    /// Our key parameters: what we encrypt with.
    public var localKeyParameters: String
    /// The peer's key parameters: what we decrypt with.
    public var remoteKeyParameters: String

    /// SRTP parameters from parts.
    public init(tag: Int, suite: String, localKeyParameters: String, remoteKeyParameters: String) {
        self.tag = tag
        self.suite = suite
        self.localKeyParameters = localKeyParameters
        self.remoteKeyParameters = remoteKeyParameters
    }
}

/// Where the peer wants one stream's RTP and RTCP.
public struct SDPRemoteEndpoint: Sendable, Hashable {
    /// `IP4` or `IP6`.
    public var addressType: String
    /// The address or host name from `c=`.
    public var address: String
    /// The RTP port.
    public var port: Int
    /// The RTCP address: `a=rtcp`'s (RFC 3605), else the RTP address.
    public var rtcpAddress: String
    /// The RTCP port: the RTP port with rtcp-mux, `a=rtcp`'s, else the RTP port + 1 (RFC 3550 §11).
    public var rtcpPort: Int

    /// An endpoint from parts.
    public init(addressType: String, address: String, port: Int, rtcpAddress: String, rtcpPort: Int) {
        self.addressType = addressType
        self.address = address
        self.port = port
        self.rtcpAddress = rtcpAddress
        self.rtcpPort = rtcpPort
    }
}

/// What one media stream settled on after an offer/answer exchange, from this side's point of view.
public struct SDPNegotiatedMedia: Sendable, Hashable {
    /// The m= line index.
    public var index: Int
    /// The media type.
    public var type: String
    /// The transport profile (`RTP/AVP`, `RTP/SAVP`, …).
    public var proto: String
    /// False when the stream was rejected or removed (port 0 on either side, RFC 3264 §6, §8.2).
    public var isActive: Bool
    /// Our RTP port.
    public var localPort: Int
    /// Where to send; nil when inactive or when the peer gave `c=0.0.0.0` (RFC 3264 §8.4: send neither RTP nor RTCP).
    public var remote: SDPRemoteEndpoint?
    /// What this side does: `sendonly` means we send and do not expect media back.
    public var direction: SDPDirection
    /// The codec to send with, numbered as the peer asked (its description's payload type).
    public var sendCodec: SDPCodec?
    /// The codecs we may receive, numbered as our description declared them.
    public var receiveCodecs: [SDPCodec]
    /// The telephone-event payload type to send RFC 4733 events with (the peer's number, matching the send clock).
    public var sendTelephoneEvent: Int?
    /// The telephone-event payload types we may receive (ours).
    public var receiveTelephoneEvents: [Int]
    /// The packetization the peer asked for (`a=ptime`), which our sender should follow.
    public var remotePtime: Int?
    /// RTP and RTCP share one port (RFC 5761: both sides said `a=rtcp-mux`).
    public var rtcpMux: Bool
    /// SRTP keys when the stream is encrypted.
    public var srtp: SDPNegotiatedSRTP?
    /// True when the peer put us on hold: it sends nothing (`sendonly`/`inactive` from its side, or `c=0.0.0.0`).
    public var isHeldByRemote: Bool
}

/// What one offer/answer exchange produced.
public struct SDPNegotiation: Sendable, Hashable {
    /// The negotiated streams, one per m= line.
    public var media: [SDPNegotiatedMedia]
    /// Deviations from RFC 3264 the negotiator tolerated (an answer's direction that the offer did not allow, …).
    public var warnings: [String]

    /// The first active stream of `type`.
    public func firstActive(_ type: String = "audio") -> SDPNegotiatedMedia? { media.first { $0.isActive && $0.type == type } }
}

/// Why an offer or answer could not be used. The transaction user maps it to SIP: 488 for an offer with
/// nothing acceptable, 491 for glare, 400 or a BYE for a broken answer.
public struct SDPNegotiationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem.
    public enum Kind: String, Sendable, Hashable {
        /// An offer was made while ours is outstanding (RFC 3264 §4: glare; SIP answers 491).
        case offerPending
        /// An answer arrived with no offer of ours outstanding.
        case noOfferPending
        /// No offered stream could be accepted (SIP answers 488).
        case noAcceptableMedia
        /// The answer's m= lines are not those of the offer (RFC 3264 §6: same number, same order, same types).
        case mediaMismatch
        /// A re-offer dropped m= lines of the session (RFC 3264 §8: lines are never removed).
        case mediaRemoved
        /// The answer accepted a stream with a format the offer did not list (RFC 3264 §6.1).
        case formatNotOffered
        /// An accepted stream has no format, or no codec we can use.
        case noCommonFormat
        /// The answer changed the transport profile of a stream.
        case profileMismatch
        /// The SRTP keying does not follow RFC 4568 (no, several or unknown crypto lines).
        case cryptoMismatch
        /// An accepted stream has no connection address.
        case missingConnection
        /// The local configuration cannot be offered (no streams, a port out of range).
        case invalidConfiguration
    }

    /// The kind.
    public var kind: Kind
    /// The m= line index it concerns, when one.
    public var media: Int?
    /// A short human-readable reason.
    public var reason: String

    /// An error from parts.
    public init(_ kind: Kind, media: Int? = nil, _ reason: String) {
        self.kind = kind
        self.media = media
        self.reason = reason
    }

    public var description: String { "\(kind.rawValue)\(media.map { " (m= \($0))" } ?? ""): \(reason)" }
}
