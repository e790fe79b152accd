import EventLoopPOSIX
import Logging
import SIPMessage
import SIPTransaction
import SIPTransport
import StackCore

/// What the stack tells its transaction user (the UA core), on the loop thread.
public enum SIPStackEvent: Sendable {
    /// A new request, with the server transaction created for it; answer through
    /// ``SIPStack/respond(_:in:)``.
    case request(SIPMessage, from: SIPTransportAddress, transaction: TransactionID)
    /// A response of one of the TU's client transactions.
    case response(SIPMessage, transaction: TransactionID)
    /// An ACK for a 2xx (outside transactions), or one that reached an accepted INVITE transaction.
    case ack(SIPMessage, from: SIPTransportAddress)
    /// A 2xx to an INVITE that matches no transaction (late or forked).
    case strayResponse(SIPMessage, from: SIPTransportAddress)
    /// A transaction timed out (timer B, F or H).
    case timeout(transaction: TransactionID)
    /// The transport failed for a transaction.
    case transportError(transaction: TransactionID)
    /// A transaction ended and was forgotten.
    case terminated(transaction: TransactionID)
}

/// The runtime of the transaction and transport layers for one stack instance: it feeds a
/// ``TransactionLayer`` with what ``SIPTransportLayer`` receives, performs its outputs (sockets and
/// timers on the ``EventLoop``), and hands the rest to the transaction user.
///
/// Confined to its loop's thread (ARCHITECTURE.md): call it only from code running on the loop.
public final class SIPStack: @unchecked Sendable {
    /// Limits and timers of both layers.
    public struct Configuration: Sendable {
        /// The transaction layer's configuration (timers, table size).
        public var transactions = TransactionLayer<SIPTransportAddress>.Configuration()
        /// The transport layer's configuration (connections, queues, trace).
        public var transport = SIPTransportConfiguration()
        /// The defaults.
        public init() {}
    }

    private struct TimerKey: Hashable { let id: TransactionID; let timer: TransactionTimer }

    /// The loop everything runs on.
    public let loop: EventLoop
    /// The transport layer.
    public let transport: SIPTransportLayer
    /// Where transaction-user events go; set it before traffic starts.
    public var onEvent: ((SIPStackEvent) -> Void)?
    private var transactions: TransactionLayer<SIPTransportAddress>
    private var timers: [TimerKey: TimerQueue<() -> Void>.Handle] = [:]
    private var outputs: [TransactionOutput<SIPTransportAddress>] = []
    private let logger: Logger

    /// A stack on `loop`.
    public init(loop: EventLoop, configuration: Configuration = Configuration(), logger: Logger = Logger(label: "sip.stack")) {
        self.loop = loop
        self.logger = logger
        transactions = TransactionLayer(configuration: configuration.transactions)
        transport = SIPTransportLayer(loop: loop, configuration: configuration.transport, logger: logger)
        transport.onEvent = { [unowned self] event in self.transportEvent(event) }
    }

    /// Counters of the transaction layer.
    public var statistics: TransactionStatistics { transactions.statistics }
    /// How many transactions are open.
    public var openTransactions: Int { transactions.count }
    /// How many transaction timers are armed.
    public var armedTimers: Int { timers.count }

    // MARK: Transaction user API

    /// Sends a request in a new client transaction.
    @discardableResult
    public func send(_ request: SIPMessage, to destination: SIPTransportAddress) throws(TransactionError) -> TransactionID {
        outputs.removeAll(keepingCapacity: true)
        let id = try transactions.send(request, to: destination, reliable: destination.transport.isReliable, now: loop.now, into: &outputs)
        perform()
        return id
    }

    /// Sends a response in server transaction `id`.
    public func respond(_ response: SIPMessage, in id: TransactionID) throws(TransactionError) {
        outputs.removeAll(keepingCapacity: true)
        try transactions.respond(response, in: id, now: loop.now, into: &outputs)
        perform()
    }

    /// Sends a message outside any transaction: the ACK for a 2xx (§13.2.2.4), or a response to a
    /// request that has no transaction.
    public func sendStateless(_ message: SIPMessage, to destination: SIPTransportAddress) throws(SIPTransportError) {
        try transport.send(message, to: destination)
    }

    /// The INVITE server transaction a received CANCEL cancels (§9.2).
    public func inviteTransaction(cancelledBy cancel: SIPMessage) -> TransactionID? {
        transactions.inviteTransaction(cancelledBy: cancel)
    }

    // MARK: Runtime

    private func transportEvent(_ event: SIPTransportEvent) {
        outputs.removeAll(keepingCapacity: true)
        switch event {
        case .message(let message, let from):
            transactions.receive(message, from: from, reliable: from.transport.isReliable, now: loop.now, into: &outputs)
        case .sendFailed(let context, _, _):
            transactions.transportFailed(transaction: TransactionID(rawValue: context), now: loop.now, into: &outputs)
        case .connectionClosed:
            return
        }
        perform()
    }

    private func timerFired(_ key: TimerKey) {
        timers[key] = nil
        outputs.removeAll(keepingCapacity: true)
        transactions.timerFired(key.timer, transaction: key.id, now: loop.now, into: &outputs)
        perform()
    }

    private func perform() {
        var index = 0
        // Outputs may grow while performing (a failed send feeds the layer again).
        while index < outputs.count {
            let output = outputs[index]
            index += 1
            switch output {
            case .send(let message, let to, let id):
                do {
                    if message.isRequest {
                        try transport.send(message, to: to, context: id.rawValue)
                    } else {
                        try transport.sendResponse(message, toRequestFrom: to, context: id.rawValue)
                    }
                } catch {
                    logger.notice("send for \(id) to \(to) failed: \(error)")
                    transactions.transportFailed(transaction: id, now: loop.now, into: &outputs)
                }
            case .sendStateless(let message, let to):
                try? transport.sendResponse(message, toRequestFrom: to)
            case .arm(let timer, let id, let at):
                let key = TimerKey(id: id, timer: timer)
                if let old = timers[key] { loop.cancel(old) }
                timers[key] = loop.schedule(at: at) { [unowned self] in self.timerFired(key) }
            case .cancel(let timer, let id):
                if let old = timers.removeValue(forKey: TimerKey(id: id, timer: timer)) { loop.cancel(old) }
            case .request(let m, let from, let id):
                onEvent?(.request(m, from: from, transaction: id))
            case .ack(let m, let from, _):
                onEvent?(.ack(m, from: from))
            case .response(let m, let id):
                onEvent?(.response(m, transaction: id))
            case .strayResponse(let m, let from):
                onEvent?(.strayResponse(m, from: from))
            case .timeout(let id):
                onEvent?(.timeout(transaction: id))
            case .transportError(let id):
                onEvent?(.transportError(transaction: id))
            case .terminated(let id):
                for timer in TransactionTimer.allCases {
                    if let old = timers.removeValue(forKey: TimerKey(id: id, timer: timer)) { loop.cancel(old) }
                }
                onEvent?(.terminated(transaction: id))
            case .discarded(let m, let from, let reason):
                logger.debug("discarded \(m.method?.rawValue ?? m.status.map { String($0.rawValue) } ?? "?") from \(from): \(reason.rawValue)")
            }
        }
        outputs.removeAll(keepingCapacity: true)
    }
}
