/// How a media stream is protected with SRTP keyed by SDES (RFC 4568).
public enum SDPSRTPPolicy: String, Sendable, Hashable {
    /// Plain RTP only: offers `RTP/AVP`; `RTP/SAVP` offers are rejected.
    case disabled
    /// Best effort: offers `RTP/AVP` with `a=crypto` lines; accepts SRTP or plain RTP.
    case optional
    /// SRTP only: offers `RTP/SAVP`; a stream without an acceptable crypto line is rejected.
    case mandatory
}

/// A local key for one SRTP crypto suite, as the `a=crypto` key parameters carry it. The SRTP
/// module makes them from a secure random source; this module only places them.
public struct SDPCryptoKey: Sendable, Hashable {
    /// The crypto suite (`AES_CM_128_HMAC_SHA1_80`, `AEAD_AES_256_GCM`, …).
    public var suite: String
    /// The key parameters (`inline:<base64 key||salt>[|lifetime][|MKI:length]`), `;`-separated when several.
    public var keyParameters: String

    /// A key from parts.
    public init(suite: String, keyParameters: String) {
        self.suite = suite
        self.keyParameters = keyParameters
    }
}

/// One local media stream this side can run: what it offers, and what it answers an offered stream of
/// the same type with.
public struct SDPLocalMedia: Sendable, Hashable {
    /// The media type (`audio`, `video`).
    public var type: String
    /// The local RTP port (RTCP on the next one unless rtcp-mux is negotiated).
    public var port: Int
    /// The codecs in preference order; for audio include ``SDPCodec/telephoneEvent(clockRate:payloadType:)``
    /// to offer and accept RFC 4733 events.
    public var codecs: [SDPCodec]
    /// The direction this side wants (RFC 3264 §5.1); ``SDPOfferAnswer/hold()`` narrows it.
    public var direction: SDPDirection
    /// `a=ptime`: the packetization this side wants to receive, in milliseconds; nil to leave it out.
    public var ptime: Int?
    /// `a=maxptime`, in milliseconds; nil to leave it out.
    public var maxptime: Int?
    /// Whether to offer and accept RTP/RTCP multiplexing (RFC 5761).
    public var rtcpMux: Bool
    /// SRTP use.
    public var srtp: SDPSRTPPolicy
    /// Local keys, one per suite, in preference order (offered with tags 1, 2, …).
    public var cryptoKeys: [SDPCryptoKey]
    /// The connection address when it differs from the session's.
    public var address: String?

    /// A local stream from parts.
    public init(type: String = "audio", port: Int, codecs: [SDPCodec], direction: SDPDirection = .sendrecv,
                ptime: Int? = nil, maxptime: Int? = nil, rtcpMux: Bool = false, srtp: SDPSRTPPolicy = .disabled,
                cryptoKeys: [SDPCryptoKey] = [], address: String? = nil)
    {
        self.type = type
        self.port = port
        self.codecs = codecs
        self.direction = direction
        self.ptime = ptime
        self.maxptime = maxptime
        self.rtcpMux = rtcpMux
        self.srtp = srtp
        self.cryptoKeys = cryptoKeys
        self.address = address
    }

    /// The softphone's default audio stream: Opus, G.722, PCMU, PCMA, and telephone-events at 48 and 8 kHz, 20 ms.
    public static func defaultAudio(port: Int) -> SDPLocalMedia {
        SDPLocalMedia(port: port, codecs: [.opus, .g722, .pcmu, .pcma,
                                           .telephoneEvent(clockRate: 48000, payloadType: 110), .telephoneEvent()],
                      ptime: 20)
    }
}

/// What an ``SDPOfferAnswer`` negotiator needs to know about this side.
public struct SDPNegotiatorConfiguration: Sendable, Hashable {
    /// The `o=` user name.
    public var username: String
    /// The `o=` session identifier (digits; pick it at random, RFC 8866 §5.2).
    public var sessionID: String
    /// The first `o=` version; later descriptions increase it only when they change (RFC 3264 §8).
    public var initialVersion: UInt64
    /// The connection address (`c=` and `o=`).
    public var address: String
    /// `IP4` or `IP6`.
    public var addressType: String
    /// The `s=` text.
    public var sessionName: String
    /// The local streams, in the order an initial offer lists them.
    public var media: [SDPLocalMedia]
    /// Answer in our codec order rather than the offerer's (RFC 3264 §6.1 lets the answerer choose).
    public var preferLocalCodecOrder: Bool
    /// Answer with one codec (plus telephone-events and other auxiliary formats) rather than every common one.
    public var answerWithSingleCodec: Bool
    /// Put streams on hold the RFC 2543 way as well (`c=0.0.0.0` besides the direction), for old peers.
    public var legacyHoldAddress: Bool

    /// The media-level `c=` lines for local stream `m`: `0.0.0.0` when held the RFC 2543 way, its own
    /// address when it differs from the session's, else none.
    func mediaConnections(for m: SDPLocalMedia, held: Bool) -> [SDPConnection] {
        if held, legacyHoldAddress, addressType == "IP4" { return [SDPConnection(addressType: "IP4", address: "0.0.0.0")] }
        if let address = m.address, address != self.address { return [SDPConnection(addressType: addressType, address: address)] }
        return []
    }

    /// A configuration from parts.
    public init(username: String = "-", sessionID: String, initialVersion: UInt64 = 1, address: String,
                addressType: String = "IP4", sessionName: String = "-", media: [SDPLocalMedia],
                preferLocalCodecOrder: Bool = false, answerWithSingleCodec: Bool = false, legacyHoldAddress: Bool = false)
    {
        self.username = username
        self.sessionID = sessionID
        self.initialVersion = initialVersion
        self.address = address
        self.addressType = addressType
        self.sessionName = sessionName
        self.media = media
        self.preferLocalCodecOrder = preferLocalCodecOrder
        self.answerWithSingleCodec = answerWithSingleCodec
        self.legacyHoldAddress = legacyHoldAddress
    }
}
