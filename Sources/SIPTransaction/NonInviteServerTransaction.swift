import SIPMessage
import StackCore

/// The non-INVITE server transaction of RFC 3261 §17.2.2 (Figure 8).
///
/// A value: it reads no clock and starts no timer. Feed it events with the current instant and perform
/// the actions it returns.
public struct NonInviteServerTransaction: Sendable {
    /// The states of Figure 8.
    public enum State: Sendable, Hashable { case trying, proceeding, completed, terminated }

    /// The request (any method but INVITE and ACK).
    public let request: SIPMessage
    /// Timer values and transport reliability.
    public let configuration: TransactionConfiguration
    /// The current state.
    public private(set) var state: State = .trying
    /// The latest response sent: what a retransmitted request is answered with.
    public private(set) var lastResponse: SIPMessage? = nil

    /// A transaction for `request`; nil for INVITE (see `InviteServerTransaction`) and ACK (which has none).
    public init?(request: SIPMessage, configuration: TransactionConfiguration) {
        guard let method = request.method, method != .invite, method != .ack else { return nil }
        self.request = request
        self.configuration = configuration
    }

    /// Handles one event at `now` and returns what to do, in order.
    public mutating func handle(_ event: ServerTransactionEvent, now: Instant) -> [TransactionAction] {
        switch (state, event) {
        case (.trying, .started):
            return [.deliver(request)]
        case (.proceeding, .requestReceived), (.completed, .requestReceived):
            // §17.2.2: a retransmission gets the latest response again (Trying discards it).
            return lastResponse.map { [.send($0)] } ?? []
        case (.trying, .responded(let r)), (.proceeding, .responded(let r)):
            guard let status = r.status else { return [] }
            lastResponse = r
            if status.isProvisional {
                state = .proceeding
                return [.send(r)]
            }
            if configuration.reliable {
                // Timer J is zero on reliable transports.
                state = .terminated
                return [.send(r), .terminate]
            }
            state = .completed
            return [.send(r), .arm(.j, at: now + configuration.timeout)]
        case (.completed, .timerFired(.j)):
            state = .terminated
            return [.terminate]
        case (.proceeding, .transportFailed), (.completed, .transportFailed):
            state = .terminated
            return [.cancel(.j), .reportTransportError, .terminate]
        default:
            // Later finals from the TU are discarded (§17.2.2); anything else is stale.
            return []
        }
    }
}
