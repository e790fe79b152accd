import SIPMessage
import SIPTransaction
import StackCore

/// Drives a client transaction under a virtual clock: fires the earliest armed timer, feeds responses
/// at chosen instants, and records every action with its time (the runtime's job, in miniature).
struct TransactionDriver<T, Event> {
    var transaction: T
    let handle: (inout T, Event, Instant) -> [TransactionAction]
    let timerEvent: (TransactionTimer) -> Event
    var now = Instant.zero
    var timers: [TransactionTimer: Instant] = [:]
    var log: [(Instant, TransactionAction)] = []
    var terminated = false

    mutating func feed(_ event: Event) {
        let actions = handle(&transaction, event, now)
        for a in actions {
            log.append((now, a))
            switch a {
            case .arm(let t, let at): timers[t] = at
            case .cancel(let t): timers[t] = nil
            case .terminate: terminated = true; timers.removeAll()
            default: break
            }
        }
    }

    /// Fires timers in time order up to `limit` (inclusive), stopping early when the transaction ends.
    mutating func run(until limit: Instant) {
        while !terminated, let (timer, at) = timers.min(by: { $0.value < $1.value }), at <= limit {
            timers[timer] = nil
            now = at
            feed(timerEvent(timer))
        }
        if !terminated { now = max(now, limit) }
    }

    /// Instants (in seconds) at which messages of `method` (or responses, for nil) were sent.
    func sendTimes(of method: SIPMethod? = nil) -> [Double] {
        log.compactMap { entry -> Double? in
            guard case .send(let m) = entry.1, method == nil || m.method == method else { return nil }
            return Double(entry.0.nanoseconds) / 1e9
        }
    }

    func times(where predicate: (TransactionAction) -> Bool) -> [Double] {
        log.filter { predicate($0.1) }.map { Double($0.0.nanoseconds) / 1e9 }
    }
}

enum Messages {
    static func invite() throws -> SIPMessage {
        try SIPMessage(parsing: "INVITE sip:bob@biloxi.example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKinv1\r\nVia: SIP/2.0/UDP 192.0.2.99;branch=z9hG4bKlower\r\nRoute: <sip:p1.example.com;lr>\r\nMax-Forwards: 70\r\nTo: <sip:bob@biloxi.example.com>\r\nFrom: <sip:alice@atlanta.example.com>;tag=a1\r\nCall-ID: call-1\r\nCSeq: 7 INVITE\r\nContact: <sip:alice@192.0.2.10>\r\nContent-Length: 0\r\n\r\n")
    }

    static func options() throws -> SIPMessage {
        try SIPMessage(parsing: "OPTIONS sip:bob@biloxi.example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKopt1\r\nMax-Forwards: 70\r\nTo: <sip:bob@biloxi.example.com>\r\nFrom: <sip:alice@atlanta.example.com>;tag=a1\r\nCall-ID: call-2\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n")
    }

    static func response(_ status: Int, to request: SIPMessage, toTag: String = "b1") -> SIPMessage {
        request.makeResponse(status: SIPStatus(rawValue: status)!, toTag: toTag)
    }
}

extension TransactionDriver where Event == ClientTransactionEvent {
    init(transaction: T, handle: @escaping (inout T, Event, Instant) -> [TransactionAction]) {
        self.init(transaction: transaction, handle: handle, timerEvent: { .timerFired($0) })
    }
}

extension TransactionDriver where Event == ServerTransactionEvent {
    init(transaction: T, handle: @escaping (inout T, Event, Instant) -> [TransactionAction]) {
        self.init(transaction: transaction, handle: handle, timerEvent: { .timerFired($0) })
    }

    /// Instants (in seconds) at which responses with `status` were sent.
    func sendTimes(status: Int) -> [Double] {
        log.compactMap { entry -> Double? in
            guard case .send(let m) = entry.1, m.status?.rawValue == status else { return nil }
            return Double(entry.0.nanoseconds) / 1e9
        }
    }

    func delivered() -> [SIPMessage] {
        log.compactMap { if case .deliver(let m) = $0.1 { return m } else { return nil } }
    }
}

extension Instant {
    static func seconds(_ s: Double) -> Instant { Instant(nanoseconds: Int64(s * 1e9)) }
}
