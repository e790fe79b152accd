import SIPMessage
import StackCore

/// The INVITE server transaction of RFC 3261 §17.2.1, with the Accepted state of RFC 6026 §7.1.
///
/// A value: it reads no clock and starts no timer. Feed it events with the current instant and perform
/// the actions it returns. A 2xx moves it to Accepted, where the transaction user retransmits the 2xx
/// (RFC 3261 §13.3.1.4) through ``ServerTransactionEvent/responded(_:)`` and receives the ACKs.
public struct InviteServerTransaction: Sendable {
    /// The states of Figure 7 (RFC 3261) as amended by RFC 6026 Figure 5.
    public enum State: Sendable, Hashable { case proceeding, completed, confirmed, accepted, terminated }

    /// The INVITE.
    public let request: SIPMessage
    /// Timer values and transport reliability.
    public let configuration: TransactionConfiguration
    /// The current state.
    public private(set) var state: State = .proceeding
    /// The latest response sent: what a retransmitted INVITE is answered with.
    public private(set) var lastResponse: SIPMessage? = nil
    private var intervalG: Duration

    /// A transaction for `request`, which must be an INVITE; nil otherwise.
    public init?(request: SIPMessage, configuration: TransactionConfiguration) {
        guard request.method == .invite else { return nil }
        self.request = request
        self.configuration = configuration
        self.intervalG = configuration.t1
    }

    /// Handles one event at `now` and returns what to do, in order.
    public mutating func handle(_ event: ServerTransactionEvent, now: Instant) -> [TransactionAction] {
        switch (state, event) {
        case (.proceeding, .started):
            // §17.2.1: pass the INVITE up; 100 Trying unless the TU answers within 200 ms.
            return [.deliver(request), .arm(.trying, at: now + configuration.tryingDelay)]
        case (.proceeding, .timerFired(.trying)) where lastResponse == nil:
            let trying = request.makeResponse(status: .trying)
            lastResponse = trying
            return [.send(trying)]
        case (.proceeding, .requestReceived(let r)) where r.method == .invite:
            // The most recent provisional response answers a retransmission; nothing before one exists.
            return lastResponse.map { [.send($0)] } ?? []
        case (.completed, .requestReceived(let r)) where r.method == .invite:
            return lastResponse.map { [.send($0)] } ?? []
        case (.proceeding, .responded(let r)):
            return responded(r, now: now)
        case (.accepted, .responded(let r)) where r.status?.isSuccess == true:
            // RFC 6026 §7.1: the TU's 2xx retransmissions pass through.
            lastResponse = r
            return [.send(r)]
        case (.completed, .timerFired(.g)):
            intervalG = min(intervalG * 2, configuration.t2)
            return (lastResponse.map { [.send($0)] } ?? []) + [.arm(.g, at: now + intervalG)]
        case (.completed, .requestReceived(let r)) where r.method == .ack:
            // §17.2.1: the ACK for a non-2xx ends retransmissions; timer I absorbs ACK copies.
            if configuration.reliable {
                state = .terminated
                return [.cancel(.g), .cancel(.h), .terminate]
            }
            state = .confirmed
            return [.cancel(.g), .cancel(.h), .arm(.i, at: now + configuration.t4)]
        case (.accepted, .requestReceived(let r)) where r.method == .ack:
            // RFC 6026 §7.1: an ACK matching an accepted INVITE belongs to the TU.
            return [.deliver(r)]
        case (.completed, .timerFired(.h)):
            state = .terminated
            return [.cancel(.g), .reportTimeout, .terminate]
        case (.confirmed, .timerFired(.i)), (.accepted, .timerFired(.l)):
            state = .terminated
            return [.terminate]
        case (.proceeding, .transportFailed), (.completed, .transportFailed):
            state = .terminated
            return [.cancel(.trying), .cancel(.g), .cancel(.h), .reportTransportError, .terminate]
        case (.accepted, .transportFailed):
            // RFC 6026 §7.1: inform the TU and stay, so that 2xx retransmissions keep matching.
            return [.reportTransportError]
        default:
            // Accepted absorbs INVITE retransmissions; Confirmed absorbs ACKs; anything else is stale.
            return []
        }
    }

    private mutating func responded(_ response: SIPMessage, now: Instant) -> [TransactionAction] {
        guard let status = response.status else { return [] }
        lastResponse = response
        if status.isProvisional {
            return [.cancel(.trying), .send(response)]
        }
        if status.isSuccess {
            state = .accepted
            return [.cancel(.trying), .send(response), .arm(.l, at: now + configuration.timeout)]
        }
        state = .completed
        var actions: [TransactionAction] = [.cancel(.trying), .send(response)]
        if !configuration.reliable { actions.append(.arm(.g, at: now + intervalG)) }
        actions.append(.arm(.h, at: now + configuration.timeout))
        return actions
    }
}
