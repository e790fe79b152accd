import SIPMessage
import StackCore

/// An address this user agent listens on, for its Via and Contact.
public struct SIPLocalEndpoint: Sendable, Hashable {
    /// The transport token in upper case (`UDP`, `TCP`).
    public var transport: String
    /// The host or IP address to advertise.
    public var host: String
    /// The port.
    public var port: Int

    /// An endpoint from its parts.
    public init(transport: String, host: String, port: Int) {
        self.transport = transport.uppercased()
        self.host = host
        self.port = port
    }
}

/// When a callee sends its provisional responses reliably (RFC 3262 §3).
public enum ReliableProvisionalUse: Sendable, Hashable {
    /// Only when the caller requires it (`Require: 100rel`).
    case whenRequired
    /// Whenever the caller supports it (`Supported: 100rel`).
    case whenSupported
}

/// The settings of a ``UserAgentCore``.
public struct UserAgentConfiguration: Sendable {
    /// Who this side is: the From of its calls (an address of record).
    public var identity: SIPNameAddress
    /// The user part of the Contact URIs this side advertises.
    public var contactUser: String?
    /// Where this side listens, one per transport.
    public var endpoints: [SIPLocalEndpoint]
    /// A proxy every request outside a dialog goes through, as a preloaded loose Route (RFC 3261
    /// §8.1.2); nil sends to the Request-URI.
    public var outboundProxy: SIPAnyURI?
    /// Methods this side accepts, for Allow (§20.5); others get 405.
    public var allowedMethods: [SIPMethod] = [.invite, .ack, .cancel, .bye, .options, .update, .prack,
                                              .info, .message, .refer, .notify]
    /// Option tags this side supports, for Supported (§20.37); a Require of anything else gets 420.
    /// `100rel` turns on reliable provisional responses (RFC 3262) and `timer` session timers
    /// (RFC 4028), `replaces` lets another call replace one of this side's (RFC 3891).
    public var supportedOptions: [String] = ["100rel", "timer", "replaces"]
    /// When this side, as callee, sends its provisional responses reliably (RFC 3262 §3).
    public var reliableProvisionalResponses: ReliableProvisionalUse = .whenRequired
    /// The session interval, in seconds, this side asks for and offers (RFC 4028 Session-Expires)
    /// when `timer` is supported; nil asks for none but still honours the peer's.
    public var sessionExpires: UInt32? = 1800
    /// The shortest session interval this side accepts (RFC 4028 Min-SE); shorter requests get
    /// 422. RFC 4028 §4 puts the floor at 90 seconds.
    public var minimumSessionExpires: UInt32 = 90
    /// Body types accepted in INVITE and OPTIONS (§20.1); others get 415.
    public var acceptedBodyTypes: [String] = ["application/sdp"]
    /// Body types accepted in MESSAGE (RFC 3428 §7); others get 415.
    public var acceptedMessageTypes: [String] = ["text/plain", "message/cpim", "application/im-iscomposing+xml"]
    /// Body types accepted in INFO (RFC 6086 legacy use); others get 415.
    public var acceptedInfoTypes: [String] = [DTMFRelay.mediaType, DTMFRelay.bareMediaType]
    /// The largest MESSAGE or INFO body accepted, in bytes; larger ones get 413.
    public var maximumRequestBody = 16_384
    /// How long a transfer waits for its final NOTIFY, and how long an accepted REFER's
    /// subscription lasts (RFC 3515 §2.4.4).
    public var transferTimeout: Duration = .seconds(120)
    /// The most MESSAGE requests outside calls in flight at once.
    public var maximumPendingMessages = 256
    /// The most calls at once; one more INVITE gets 503 with Retry-After.
    public var maximumSessions = 10_000
    /// Retry-After, in seconds, when refusing for overload.
    public var overloadRetryAfter = 5
    /// T1 (§17.1.1.1), for the 2xx retransmissions and the 64·T1 waits.
    public var t1: Duration = .milliseconds(500)
    /// T2 (§17.1.2.2): the longest interval between 2xx retransmissions.
    public var t2: Duration = .seconds(4)
    /// Credentials for the servers and proxies that challenge this side's requests with 401 or 407
    /// (RFC 3261 §22.2, §22.3), one per realm or one for any realm.
    public var credentials: [DigestCredentials] = []
    /// How many times in a row one request may be challenged before the call gives up.
    public var maximumChallenges = 3
    /// Follow a 3xx to an INVITE to the targets in its Contacts (RFC 3261 §8.1.3.4).
    public var followsRedirects = true
    /// How many 3xx responses one call follows before it ends as rejected.
    public var maximumRedirects = 5
    /// User-Agent and Server header text; nil sends none.
    public var product: String? = "SwiftSIPStack"

    /// A user agent for `identity` listening on `endpoints`.
    public init(identity: SIPNameAddress, endpoints: [SIPLocalEndpoint]) {
        self.identity = identity
        self.endpoints = endpoints
        self.contactUser = identity.uri.sipURI?.user?.string
    }

    /// True when `tag` (`100rel`, `timer`, …) is among the supported options.
    func supports(_ tag: String) -> Bool { supportedOptions.contains { $0.lowercased() == tag } }

    /// The endpoint for a transport, or the first one.
    func endpoint(for transport: String) -> SIPLocalEndpoint? {
        endpoints.first { $0.transport == transport.uppercased() } ?? endpoints.first
    }

    /// A Via for a request over `transport`, with a fresh branch and rport (RFC 3581).
    func via(for transport: String, random: inout any RandomSource) -> SIPVia? {
        guard let e = endpoint(for: transport) else { return nil }
        return try? SIPVia(transport: e.transport, host: e.host, port: e.port,
                           branch: "z9hG4bK" + random.token(count: 16), parameters: [("rport", nil)])
    }
}
