import StackCore

/// The timer values of RFC 3261 §17 (Table 4) and whether the transport is reliable.
public struct TransactionConfiguration: Sendable, Hashable {
    /// T1, the round-trip estimate (default 500 ms).
    public var t1: Duration = .milliseconds(500)
    /// T2, the longest retransmit interval for non-INVITE requests and INVITE responses (default 4 s).
    public var t2: Duration = .seconds(4)
    /// T4, the longest time a message stays in the network (default 5 s).
    public var t4: Duration = .seconds(5)
    /// True over TCP, TLS, SCTP and WebSocket: no retransmissions, and timers D, I, J, K are zero.
    public var reliable: Bool

    /// A configuration with the default timer values.
    public init(reliable: Bool) { self.reliable = reliable }

    /// 64·T1: the transaction timeouts B, F, H, J (unreliable) and M.
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
    /// Non-INVITE client: wait time for response retransmissions in Completed.
    case k
    /// INVITE client: wait time for 2xx retransmissions in Accepted (RFC 6026 §7.2).
    case m
}
