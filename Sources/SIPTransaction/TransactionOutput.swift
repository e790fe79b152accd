import SIPMessage
import StackCore

/// Names one transaction in a ``TransactionLayer``; never reused within a layer.
public struct TransactionID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The number, counting from 1 in order of creation.
    public let rawValue: UInt64

    /// An identifier from its number.
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    public static func < (a: TransactionID, b: TransactionID) -> Bool { a.rawValue < b.rawValue }
    public var description: String { "tx\(rawValue)" }
}

/// What the transaction layer asks of its runtime (sockets and timers) and its transaction user.
///
/// `Peer` is whatever the runtime uses to name the far end (a transport and an address); the layer only
/// stores it and hands it back.
public enum TransactionOutput<Peer: Sendable & Hashable>: Sendable, Equatable {
    /// Send a message of a transaction: a request to its destination, or a response to where the request
    /// came from (the runtime applies §18.2.2). If the send fails, call `transportFailed`.
    case send(SIPMessage, to: Peer, transaction: TransactionID)
    /// Send a response outside any transaction (503 when the table is full).
    case sendStateless(SIPMessage, to: Peer)
    /// Arm (or re-arm) a timer of a transaction.
    case arm(TransactionTimer, transaction: TransactionID, at: Instant)
    /// Cancel a timer of a transaction.
    case cancel(TransactionTimer, transaction: TransactionID)
    /// For the TU: a new request, with the server transaction created for it. The TU answers through
    /// `respond`; for a CANCEL, ``TransactionLayer/inviteTransaction(cancelledBy:)`` finds its INVITE.
    case request(SIPMessage, from: Peer, transaction: TransactionID)
    /// For the TU: an ACK that belongs to no transaction (the ACK for a 2xx, §17.2.3), or one that
    /// matched an INVITE server transaction in Accepted (RFC 6026 §7.1).
    case ack(SIPMessage, from: Peer, transaction: TransactionID?)
    /// For the TU: a response of one of its client transactions.
    case response(SIPMessage, transaction: TransactionID)
    /// For the TU: a 2xx to an INVITE that matches no transaction (a late or forked 2xx; the TU ACKs it
    /// and may hang up, §13.2.2.4). Other stray responses are discarded (§18.1.2).
    case strayResponse(SIPMessage, from: Peer)
    /// For the TU: the transaction timed out (timer B, F or H).
    case timeout(transaction: TransactionID)
    /// For the TU: the transport failed for this transaction (§17.1.4, §17.2.4).
    case transportError(transaction: TransactionID)
    /// The transaction is over and forgotten; the runtime drops its timers.
    case terminated(transaction: TransactionID)
    /// A message was dropped; worth a log line.
    case discarded(SIPMessage, from: Peer, reason: TransactionDiscard)
}

/// Why the transaction layer dropped a message.
public enum TransactionDiscard: String, Sendable, Hashable {
    /// A response matching no client transaction (§18.1.2).
    case noMatchingTransaction
    /// A request without the Via, Call-ID or CSeq needed to match or answer it.
    case unmatchable
    /// A request whose legacy (RFC 2543) match failed on the To tag and which cannot start a transaction.
    case staleRequest
}

/// Why the transaction layer refused a request from the transaction user.
public enum TransactionError: Error, Sendable, Hashable {
    /// The table holds `limit` transactions already.
    case tableFull(limit: Int)
    /// ACK is sent outside transactions (§17.1.1.3 for non-2xx, by the TU for 2xx).
    case ackHasNoTransaction
    /// The request has no top Via branch with the RFC 3261 magic cookie, or no method.
    case missingBranch
    /// A client transaction with this branch and method is open already.
    case duplicateBranch
    /// No open server transaction has this identifier.
    case unknownTransaction(TransactionID)
    /// `respond` was given a request, or a client transaction's identifier.
    case notAResponse
}

/// Counters of a transaction layer, for diagnostics and leak checks.
public struct TransactionStatistics: Sendable, Hashable {
    /// Transactions created, client and server.
    public var created = 0
    /// Transactions terminated and forgotten.
    public var terminated = 0
    /// Requests matched to a server transaction as retransmissions (or ACKs).
    public var retransmissionsAbsorbed = 0
    /// Responses that matched no client transaction.
    public var strayResponses = 0
    /// Requests answered 503 because the table was full.
    public var overloadRejections = 0
    /// Transactions that timed out.
    public var timeouts = 0
    /// Transactions ended by a transport error.
    public var transportErrors = 0

    /// Zero counters.
    public init() {}
}
