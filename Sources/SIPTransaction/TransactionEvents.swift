import SIPMessage
import StackCore

/// What a transaction tells its runtime and its transaction user to do (STYLE.md §2: events past
/// tense, actions imperative). Client and server machines share it.
public enum TransactionAction: Sendable, Equatable {
    /// Send this message: a request (client) to the transaction's destination, or a response (server)
    /// to where the request came from (§18.2.2).
    case send(SIPMessage)
    /// Arm (or re-arm) a timer to fire at an instant.
    case arm(TransactionTimer, at: Instant)
    /// Cancel a timer.
    case cancel(TransactionTimer)
    /// Pass this message to the transaction user: a response (client), or a request or an ACK (server).
    case deliver(SIPMessage)
    /// Tell the transaction user the transaction timed out: no final response (timer B or F), or no
    /// ACK for a final response (timer H).
    case reportTimeout
    /// Tell the transaction user that the transport failed (§17.1.4, §17.2.4).
    case reportTransportError
    /// The transaction is over; the runtime may forget it.
    case terminate
}

/// What happens to a client transaction.
public enum ClientTransactionEvent: Sendable, Equatable {
    /// The transaction user handed over the request: send it.
    case started
    /// A response matched this transaction (§17.1.3).
    case responseReceived(SIPMessage)
    /// A timer armed earlier fired.
    case timerFired(TransactionTimer)
    /// The transport could not send (§17.1.4).
    case transportFailed
}

/// What happens to a server transaction.
public enum ServerTransactionEvent: Sendable, Equatable {
    /// The request that created the transaction arrived: pass it to the transaction user.
    case started
    /// A later request matched this transaction (§17.2.3): a retransmission or, for INVITE, an ACK.
    case requestReceived(SIPMessage)
    /// The transaction user handed over a response to send.
    case responded(SIPMessage)
    /// A timer armed earlier fired.
    case timerFired(TransactionTimer)
    /// The transport could not send a response (§17.2.4).
    case transportFailed
}
