import SIPMessage
import StackCore

/// The non-INVITE client transaction of RFC 3261 §17.1.2 (Figure 6).
///
/// A value: it reads no clock and starts no timer. Feed it events with the current instant and perform
/// the actions it returns.
public struct NonInviteClientTransaction: Sendable {
    /// The states of Figure 6.
    public enum State: Sendable, Hashable { case trying, proceeding, completed, terminated }

    /// The request (any method but INVITE and ACK).
    public let request: SIPMessage
    /// Timer values and transport reliability.
    public let configuration: TransactionConfiguration
    /// The current state.
    public private(set) var state: State = .trying
    private var intervalE: Duration

    /// A transaction for `request`; nil for INVITE (see `InviteClientTransaction`) and ACK (which has none).
    public init?(request: SIPMessage, configuration: TransactionConfiguration) {
        guard let method = request.method, method != .invite, method != .ack else { return nil }
        self.request = request
        self.configuration = configuration
        self.intervalE = configuration.t1
    }

    /// Handles one event at `now` and returns what to do, in order.
    public mutating func handle(_ event: ClientTransactionEvent, now: Instant) -> [TransactionAction] {
        switch (state, event) {
        case (.trying, .started):
            // §17.1.2.2: timer F = 64·T1; timer E = T1 on unreliable transports.
            var actions: [TransactionAction] = [.send(request), .arm(.f, at: now + configuration.timeout)]
            if !configuration.reliable { actions.append(.arm(.e, at: now + intervalE)) }
            return actions
        case (.trying, .timerFired(.e)):
            intervalE = min(intervalE * 2, configuration.t2)
            return [.send(request), .arm(.e, at: now + intervalE)]
        case (.proceeding, .timerFired(.e)):
            // In Proceeding the request is retransmitted every T2.
            return [.send(request), .arm(.e, at: now + configuration.t2)]
        case (.trying, .timerFired(.f)), (.proceeding, .timerFired(.f)):
            state = .terminated
            return [.cancel(.e), .reportTimeout, .terminate]
        case (.trying, .responseReceived(let r)), (.proceeding, .responseReceived(let r)):
            return received(r, now: now)
        case (.completed, .timerFired(.k)):
            state = .terminated
            return [.terminate]
        case (.trying, .transportFailed), (.proceeding, .transportFailed):
            state = .terminated
            return [.cancel(.e), .cancel(.f), .reportTransportError, .terminate]
        default:
            // Completed absorbs retransmitted responses; anything else is stale.
            return []
        }
    }

    private mutating func received(_ response: SIPMessage, now: Instant) -> [TransactionAction] {
        guard let status = response.status else { return [] }
        if status.isProvisional {
            // Timer E keeps its schedule; when it fires in Proceeding it is reset to T2.
            state = .proceeding
            return [.deliver(response)]
        }
        var actions: [TransactionAction] = [.cancel(.e), .cancel(.f), .deliver(response)]
        if configuration.reliable {
            state = .terminated
            actions.append(.terminate)
        } else {
            state = .completed
            actions.append(.arm(.k, at: now + configuration.t4))
        }
        return actions
    }
}
