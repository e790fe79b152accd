/// Where a call stands.
public enum CallState: Sendable, Hashable {
    /// Outgoing: the INVITE is out and no provisional response with a tag has come.
    case calling
    /// Incoming: the INVITE has arrived and is not answered yet.
    case incoming
    /// A provisional response (180, 183, …) was received (outgoing) or sent (incoming).
    case early(status: Int)
    /// Incoming: the 2xx is sent and its ACK has not come (RFC 3261 §13.3.1.4).
    case connecting
    /// Established.
    case confirmed
    /// This side is ending it: a CANCEL or BYE is out.
    case terminating
    /// Over.
    case ended(CallEnd)

    /// True once the call is over.
    public var isEnded: Bool { if case .ended = self { return true } else { return false } }
}

/// How a call ended.
public enum CallEnd: Sendable, Hashable, CustomStringConvertible {
    /// This side hung up (BYE sent and answered, or its transaction ended).
    case hungUpLocally
    /// The peer hung up (BYE received).
    case hungUpRemotely
    /// The callee refused the call with a final response (3xx–6xx).
    case rejected(status: Int, reason: String)
    /// This side refused an incoming call with `status`.
    case declined(status: Int)
    /// The call was cancelled before it was answered (by this side's CANCEL, or the caller's).
    case cancelled
    /// The 2xx was never acknowledged (§13.3.1.4); the call was ended with BYE.
    case noACK
    /// No answer came in time, or the transport failed.
    case unreachable(String)
    /// A server or proxy refused this side's credentials for `realm` (wrong user name or password),
    /// or challenged more often than the configuration allows.
    case authenticationFailed(realm: String)
    /// The peer no longer knows the call (481 to a request inside it) or did not answer a request
    /// inside it (408 or a timeout) (RFC 3261 §12.2.1.2).
    case dialogFailed(status: Int)
    /// The session interval ran out without a refresh (RFC 4028 §10); the call was ended with BYE.
    case sessionExpired
    /// The caller never acknowledged a reliable provisional response (RFC 3262 §3); the call was
    /// refused with 500.
    case noPRACK
    /// Another call replaced this one (RFC 3891: an attended transfer or a pickup); it was
    /// ended with BYE.
    case replaced

    public var description: String {
        switch self {
        case .hungUpLocally: return "hung up"
        case .hungUpRemotely: return "the peer hung up"
        case .rejected(let status, let reason): return "refused with \(status) \(reason)"
        case .declined(let status): return "declined with \(status)"
        case .cancelled: return "cancelled"
        case .noACK: return "no ACK for the 2xx"
        case .unreachable(let why): return "unreachable: \(why)"
        case .authenticationFailed(let realm): return "credentials refused for \"\(realm)\""
        case .dialogFailed(let status): return "the dialog failed with \(status)"
        case .sessionExpired: return "the session expired without a refresh"
        case .noPRACK: return "no PRACK for the reliable provisional response"
        case .replaced: return "replaced by another call"
        }
    }
}
