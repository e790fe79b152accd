import SIPMessage
import StackCore

/// What a client transaction tells its runtime and its transaction user to do (STYLE.md §2: events
/// past tense, actions imperative).
public enum ClientTransactionAction: Sendable, Equatable {
    /// Send this message to the transaction's destination.
    case send(SIPMessage)
    /// Arm (or re-arm) a timer to fire at an instant.
    case arm(TransactionTimer, at: Instant)
    /// Cancel a timer.
    case cancel(TransactionTimer)
    /// Pass this response to the transaction user.
    case deliver(SIPMessage)
    /// Tell the transaction user that no final response came in time (timer B or F).
    case reportTimeout
    /// Tell the transaction user that the transport failed (§17.1.4).
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
