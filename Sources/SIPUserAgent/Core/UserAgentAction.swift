import SIPMessage
import SIPTransaction
import StackCore

/// Names one call (INVITE session) of a ``UserAgentCore``.
public struct SessionID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The number, unique within one core.
    public let rawValue: UInt64
    /// An identifier from its number.
    public init(rawValue: UInt64) { self.rawValue = rawValue }
    public static func < (a: SessionID, b: SessionID) -> Bool { a.rawValue < b.rawValue }
    public var description: String { "call\(rawValue)" }
}

/// The timers of an INVITE session.
public enum SessionTimerKind: Sendable, Hashable, CaseIterable {
    /// Resend the 2xx (RFC 3261 §13.3.1.4: T1, doubling up to T2).
    case retransmit2xx
    /// Give up waiting for the ACK of the 2xx (64·T1) and end the call with BYE.
    case ackTimeout
    /// Give up waiting for the final response to a cancelled INVITE (§9.1: 64·T1).
    case cancelTimeout
    /// Send a re-INVITE or UPDATE again after a 491 (§14.1).
    case glareRetry
    /// Refuse the peer's re-INVITE or UPDATE that the application left unanswered (64·T1).
    case offerTimeout
    /// Resend the reliable provisional response (RFC 3262 §3: T1, doubling).
    case retransmitProvisional
    /// Give up waiting for the PRACK (64·T1) and refuse the call with 500.
    case prackTimeout
    /// Refresh the session (RFC 4028 §10: half the session interval).
    case sessionRefresh
    /// The session interval ran out without a refresh: end the call with BYE (RFC 4028 §10).
    case sessionExpiry
    /// No final NOTIFY came for this side's REFER (RFC 3515): the transfer is given up.
    case transferTimeout
    /// The application did not accept or refuse the peer's REFER (16·T1): it is declined.
    case transferDecision
}

/// How this side's re-INVITE or UPDATE ended.
public enum ModificationOutcome: Sendable, Hashable {
    /// The peer accepted it (2xx); the message carries its answer.
    case accepted
    /// The peer refused it; the session stays as it was (RFC 3261 §14.1).
    case refused(status: Int, reason: String)
    /// Another offer/answer exchange or INVITE transaction was open, or the call was not
    /// established: nothing was sent.
    case busy
    /// No response came, or the request could not be sent; the call is ended.
    case unreachable(String)
    /// The call ended first.
    case callEnded
}

/// One armed timer of one session.
public struct UserAgentTimer: Sendable, Hashable {
    /// The session.
    public let session: SessionID
    /// Which timer.
    public let kind: SessionTimerKind
}

/// What the user agent core tells its driver and its application.
public enum UserAgentEvent: Sendable {
    /// A new call arrived; answer it with ``UserAgentCore/ring(_:status:body:contentType:now:)``,
    /// ``UserAgentCore/answer(_:body:contentType:now:)`` or ``UserAgentCore/reject(_:status:now:)``.
    case incomingCall(SessionID, invite: SIPMessage)
    /// A call's state changed; `message` is the response or request that changed it, if any (a
    /// provisional response's early media, a 2xx's answer).
    case callStateChanged(SessionID, CallState, message: SIPMessage?)
    /// The peer wants to change the session by re-INVITE or UPDATE (`request` carries the offer,
    /// or none when it asks for one): answer with ``UserAgentCore/acceptModification(_:body:contentType:now:)``
    /// or ``UserAgentCore/refuseModification(_:status:now:)``.
    case modificationRequested(SessionID, request: SIPMessage)
    /// The ACK of the 2xx this side sent to a re-INVITE; its body is the answer when that 2xx
    /// carried an offer.
    case modificationAcknowledged(SessionID, ack: SIPMessage)
    /// This side's re-INVITE or UPDATE ended; `message` is the final response, if any.
    case modificationEnded(SessionID, ModificationOutcome, message: SIPMessage?)
    /// The caller acknowledged a reliable provisional response (RFC 3262); the PRACK's body, if
    /// any, answers an offer that response carried.
    case provisionalAcknowledged(SessionID, prack: SIPMessage)
    /// The session interval (RFC 4028) was agreed or changed; nil when the call has none.
    case sessionIntervalChanged(SessionID, SessionInterval?)
    /// A MESSAGE arrived (RFC 3428), inside a call or (nil) outside any; it was answered 200.
    case messageReceived(SessionID?, request: SIPMessage)
    /// A key press arrived in an INFO (`application/dtmf-relay` or `application/dtmf`); it was
    /// answered 200.
    case dtmfReceived(SessionID, DTMFRelay)
    /// An INFO with another accepted body type arrived; it was answered 200.
    case infoReceived(SessionID, request: SIPMessage)
    /// A MESSAGE or INFO this side sent ended; `response` is the final response, if any.
    case requestEnded(RequestID, RequestOutcome, response: SIPMessage?)
    /// The peer asks this side to call `referTo` (REFER, RFC 3515): answer with
    /// ``UserAgentCore/acceptTransfer(_:body:contentType:now:)`` or
    /// ``UserAgentCore/refuseTransfer(_:status:now:)``.
    case transferRequested(SessionID, referTo: SIPNameAddress, request: SIPMessage)
    /// This side's transfer was accepted or the new call progressed.
    case transferProgress(SessionID, TransferProgress)
    /// This side's transfer ended.
    case transferEnded(SessionID, TransferOutcome)
}

/// What the user agent core asks its driver to do, in order.
public enum UserAgentAction: Sendable {
    /// Send this request in a new client transaction to `nextHop`.
    case send(SIPMessage, to: SIPNextHop)
    /// Send this ACK for a 2xx outside any transaction (§13.2.2.4).
    case sendACK(SIPMessage, to: SIPNextHop)
    /// Send this response in server transaction `transaction`.
    case respond(SIPMessage, transaction: TransactionID)
    /// Call ``UserAgentCore/timerFired(_:now:)`` at `at`, replacing the same timer if armed.
    case setTimer(UserAgentTimer, at: Instant)
    /// Disarm this timer.
    case cancelTimer(UserAgentTimer)
    /// Tell the application.
    case event(UserAgentEvent)
}
