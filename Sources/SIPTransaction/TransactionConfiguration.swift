import StackCore

/// The timer values of RFC 3261 §17 (Table 4) and whether the transport is reliable.
public struct TransactionConfiguration: Sendable, Hashable {
    /// T1, the round-trip estimate (default 500 ms).
    public var t1: Duration = .milliseconds(500)
    /// T2, the longest retransmit interval for non-INVITE requests and INVITE responses (default 4 s).
    public var t2: Duration = .seconds(4)
    /// T4, the longest time a message stays in the network (default 5 s).
    public var t4: Duration = .seconds(5)
    /// How long an INVITE server transaction waits for the transaction user before it sends
    /// 100 Trying itself (§17.2.1: 200 ms).
    public var tryingDelay: Duration = .milliseconds(200)
    /// True over TCP, TLS, SCTP and WebSocket: no retransmissions, and timers D, I, J, K are zero.
    public var reliable: Bool

    /// A configuration with the default timer values.
    public init(reliable: Bool) { self.reliable = reliable }

    /// 64·T1: the transaction timeouts B, F, H, J (unreliable), L and M.
    public var timeout: Duration { t1 * 64 }
}

/// The transaction timers of RFC 3261 §17 and RFC 6026, by their RFC names.
public enum TransactionTimer: String, Sendable, Hashable, CaseIterable {
    /// INVITE client: request retransmission (§17.1.1.2).
    case a
    /// INVITE client: transaction timeout.
    case b
    /// INVITE client: wait time for response retransmissions in Completed.
    case d
    /// Non-INVITE client: request retransmission (§17.1.2.2).
    case e
    /// Non-INVITE client: transaction timeout.
    case f
    /// INVITE server: final-response retransmission (§17.2.1).
    case g
    /// INVITE server: wait time for the ACK.
    case h
    /// INVITE server: wait time for ACK retransmissions in Confirmed.
    case i
    /// Non-INVITE server: wait time for request retransmissions in Completed (§17.2.2).
    case j
    /// Non-INVITE client: wait time for response retransmissions in Completed.
    case k
    /// INVITE server: wait time for retransmitted INVITEs and ACKs in Accepted (RFC 6026 §7.1).
    case l
    /// INVITE client: wait time for 2xx retransmissions in Accepted (RFC 6026 §7.2).
    case m
    /// INVITE server: send 100 Trying when the transaction user has not answered (§17.2.1).
    case trying
}
