import SIPMessage
import StackCore

/// The INVITE client transaction of RFC 3261 §17.1.1, with the Accepted state of RFC 6026 §7.2.
///
/// A value: it reads no clock and starts no timer. Feed it events with the current instant and perform
/// the actions it returns.
public struct InviteClientTransaction: Sendable {
    /// The states of Figure 5 (RFC 3261) as amended by RFC 6026 Figure 3.
    public enum State: Sendable, Hashable { case calling, proceeding, completed, accepted, terminated }

    /// The INVITE.
    public let request: SIPMessage
    /// Timer values and transport reliability.
    public let configuration: TransactionConfiguration
    /// The current state.
    public private(set) var state: State = .calling
    private var intervalA: Duration
    private var ack: SIPMessage? = nil

    /// A transaction for `request`, which must be an INVITE; nil otherwise.
    public init?(request: SIPMessage, configuration: TransactionConfiguration) {
        guard request.method == .invite else { return nil }
        self.request = request
        self.configuration = configuration
        self.intervalA = configuration.t1
    }

    /// Handles one event at `now` and returns what to do, in order.
    public mutating func handle(_ event: ClientTransactionEvent, now: Instant) -> [TransactionAction] {
        switch (state, event) {
        case (.calling, .started):
            // §17.1.1.2: send; timer A = T1 on unreliable transports; timer B = 64·T1 always.
            var actions: [TransactionAction] = [.send(request), .arm(.b, at: now + configuration.timeout)]
            if !configuration.reliable { actions.append(.arm(.a, at: now + intervalA)) }
            return actions
        case (.calling, .timerFired(.a)):
            intervalA = intervalA * 2
            return [.send(request), .arm(.a, at: now + intervalA)]
        case (.calling, .timerFired(.b)):
            state = .terminated
            return [.cancel(.a), .reportTimeout, .terminate]
        case (.calling, .responseReceived(let r)), (.proceeding, .responseReceived(let r)):
            return received(r, now: now)
        case (.completed, .responseReceived(let r)) where (r.status?.rawValue ?? 0) >= 300:
            // Retransmitted final response: ACK again, not passed up (§17.1.1.2).
            return ack.map { [.send($0)] } ?? []
        case (.accepted, .responseReceived(let r)) where r.status?.isSuccess == true:
            // RFC 6026 §7.2: 2xx retransmissions go to the TU, which ACKs them end to end.
            return [.deliver(r)]
        case (.completed, .timerFired(.d)), (.accepted, .timerFired(.m)):
            state = .terminated
            return [.terminate]
        case (.calling, .transportFailed), (.proceeding, .transportFailed), (.completed, .transportFailed):
            state = .terminated
            return [.cancel(.a), .cancel(.b), .cancel(.d), .reportTransportError, .terminate]
        default:
            return []
        }
    }

    private mutating func received(_ response: SIPMessage, now: Instant) -> [TransactionAction] {
        guard let status = response.status else { return [] }
        if status.isProvisional {
            let wasCalling = state == .calling
            state = .proceeding
            return (wasCalling ? [.cancel(.a), .cancel(.b)] : []) + [.deliver(response)]
        }
        if status.isSuccess {
            state = .accepted
            return [.cancel(.a), .cancel(.b), .deliver(response), .arm(.m, at: now + configuration.timeout)]
        }
        state = .completed
        let ack = request.acknowledgement(for: response)
        self.ack = ack
        var actions: [TransactionAction] = [.cancel(.a), .cancel(.b)]
        if let ack { actions.append(.send(ack)) }
        actions.append(.deliver(response))
        if configuration.reliable {
            // Timer D is zero on reliable transports: straight to Terminated.
            state = .terminated
            actions.append(.terminate)
        } else {
            actions.append(.arm(.d, at: now + .seconds(32)))
        }
        return actions
    }
}
