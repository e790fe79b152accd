import SIPMessage
import StackCore

/// The transaction layer of one stack instance: the four machines in a bounded table, matching of
/// incoming messages (RFC 3261 §17.1.3, §17.2.3, with the RFC 2543 fallback), and routing of their
/// actions to the runtime and the transaction user.
///
/// A value, like the machines: the runtime calls it with each message, timer and transport failure and
/// the current instant, and performs the ``TransactionOutput``s appended to the buffer it passes.
public struct TransactionLayer<Peer: Sendable & Hashable>: Sendable {
    /// Limits and timer values.
    public struct Configuration: Sendable, Hashable {
        /// Timer values; `reliable` is set per transaction from its transport.
        public var timers = TransactionConfiguration(reliable: false)
        /// The most transactions open at once; past it, new requests get 503 and `send` throws.
        public var maxTransactions = 32_768
        /// The Retry-After of the 503 sent when the table is full, in seconds.
        public var overloadRetryAfter = 5

        /// The defaults.
        public init() {}
    }

    private enum Machine: Sendable {
        case inviteClient(InviteClientTransaction)
        case nonInviteClient(NonInviteClientTransaction)
        case inviteServer(InviteServerTransaction)
        case nonInviteServer(NonInviteServerTransaction)
    }

    private struct Record: Sendable {
        var machine: Machine
        let peer: Peer
        let key: TransactionKey?
        let legacyKey: LegacyTransactionKey?

        mutating func client(_ event: ClientTransactionEvent, now: Instant) -> [TransactionAction] {
            switch machine {
            case .inviteClient(var m):
                defer { machine = .inviteClient(m) }
                return m.handle(event, now: now)
            case .nonInviteClient(var m):
                defer { machine = .nonInviteClient(m) }
                return m.handle(event, now: now)
            default:
                return []
            }
        }

        mutating func server(_ event: ServerTransactionEvent, now: Instant) -> [TransactionAction] {
            switch machine {
            case .inviteServer(var m):
                defer { machine = .inviteServer(m) }
                return m.handle(event, now: now)
            case .nonInviteServer(var m):
                defer { machine = .nonInviteServer(m) }
                return m.handle(event, now: now)
            default:
                return []
            }
        }

        var isServer: Bool {
            switch machine {
            case .inviteServer, .nonInviteServer: return true
            default: return false
            }
        }

        /// The creating request and latest response of a server transaction, for the legacy To-tag check.
        var serverMessages: (SIPMessage, SIPMessage?)? {
            switch machine {
            case .inviteServer(let m): return (m.request, m.lastResponse)
            case .nonInviteServer(let m): return (m.request, m.lastResponse)
            default: return nil
            }
        }

        var isInviteServer: Bool { if case .inviteServer = machine { return true } else { return false } }
    }

    /// The configuration.
    public let configuration: Configuration
    /// Counters since creation.
    public private(set) var statistics = TransactionStatistics()
    private var records: [TransactionID: Record] = [:]
    private var byKey: [TransactionKey: TransactionID] = [:]
    private var byLegacyKey: [LegacyTransactionKey: TransactionID] = [:]
    private var lastID: UInt64 = 0

    /// An empty layer.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// How many transactions are open.
    public var count: Int { records.count }

    /// The identifiers of the open transactions.
    public var openTransactions: [TransactionID] { records.keys.sorted() }

    /// The state of an open INVITE server transaction, for the TU's bookkeeping.
    public func inviteServerState(_ id: TransactionID) -> InviteServerTransaction.State? {
        if case .inviteServer(let m)? = records[id]?.machine { return m.state }
        return nil
    }

    // MARK: From the transaction user

    /// Starts a client transaction that sends `request` to `peer` (INVITE or any other method but ACK).
    /// The top Via must carry a branch with the magic cookie (§8.1.1.7).
    public mutating func send(_ request: SIPMessage, to peer: Peer, reliable: Bool, now: Instant,
                              into out: inout [TransactionOutput<Peer>]) throws(TransactionError) -> TransactionID
    {
        guard request.method != .ack else { throw .ackHasNoTransaction }
        guard let key = TransactionKey.client(request) else { throw .missingBranch }
        guard byKey[key] == nil else { throw .duplicateBranch }
        guard records.count < configuration.maxTransactions else { throw .tableFull(limit: configuration.maxTransactions) }
        let timers = timers(reliable: reliable)
        let machine: Machine
        if let m = InviteClientTransaction(request: request, configuration: timers) {
            machine = .inviteClient(m)
        } else if let m = NonInviteClientTransaction(request: request, configuration: timers) {
            machine = .nonInviteClient(m)
        } else {
            throw .missingBranch
        }
        let id = insert(Record(machine: machine, peer: peer, key: key, legacyKey: nil))
        let actions = records[id]!.client(.started, now: now)
        perform(actions, id: id, now: now, into: &out)
        return id
    }

    /// Hands the TU's response to the server transaction `id` (provisional, final, or in Accepted a
    /// retransmitted 2xx).
    public mutating func respond(_ response: SIPMessage, in id: TransactionID, now: Instant,
                                 into out: inout [TransactionOutput<Peer>]) throws(TransactionError)
    {
        guard !response.isRequest else { throw .notAResponse }
        guard records[id]?.isServer == true else { throw .unknownTransaction(id) }
        let actions = records[id]!.server(.responded(response), now: now)
        perform(actions, id: id, now: now, into: &out)
    }

    /// The INVITE server transaction that a CANCEL (received as a request of its own) cancels (§9.2).
    public func inviteTransaction(cancelledBy cancel: SIPMessage) -> TransactionID? {
        guard cancel.method == .cancel else { return nil }
        if let key = TransactionKey.server(cancelledBy: cancel) {
            guard let id = byKey[key], records[id]?.isInviteServer == true else { return nil }
            return id
        }
        guard let legacy = LegacyTransactionKey(cancel, cancelling: true), let id = byLegacyKey[legacy],
              let record = records[id], record.isInviteServer, let (creating, last) = record.serverMessages,
              LegacyTransactionKey.toTagMatches(cancel, creating: creating, lastResponse: last) else { return nil }
        return id
    }

    // MARK: From the runtime

    /// A parsed message from the transport, from `peer`, over a reliable transport or not.
    public mutating func receive(_ message: SIPMessage, from peer: Peer, reliable: Bool, now: Instant,
                                 into out: inout [TransactionOutput<Peer>])
    {
        if message.isRequest {
            receiveRequest(message, from: peer, reliable: reliable, now: now, into: &out)
        } else {
            receiveResponse(message, from: peer, now: now, into: &out)
        }
    }

    /// A timer armed through ``TransactionOutput/arm(_:transaction:at:)`` fired. Stale timers are ignored.
    public mutating func timerFired(_ timer: TransactionTimer, transaction id: TransactionID, now: Instant,
                                    into out: inout [TransactionOutput<Peer>])
    {
        guard let isServer = records[id]?.isServer else { return }
        let actions = isServer
            ? records[id]!.server(.timerFired(timer), now: now)
            : records[id]!.client(.timerFired(timer), now: now)
        perform(actions, id: id, now: now, into: &out)
    }

    /// A send of transaction `id` failed (§17.1.4, §17.2.4).
    public mutating func transportFailed(transaction id: TransactionID, now: Instant,
                                         into out: inout [TransactionOutput<Peer>])
    {
        guard let isServer = records[id]?.isServer else { return }
        let actions = isServer
            ? records[id]!.server(.transportFailed, now: now)
            : records[id]!.client(.transportFailed, now: now)
        perform(actions, id: id, now: now, into: &out)
    }

    // MARK: Matching

    private mutating func receiveResponse(_ response: SIPMessage, from peer: Peer, now: Instant,
                                          into out: inout [TransactionOutput<Peer>])
    {
        // §17.1.3: branch of the top Via and CSeq method.
        if let key = TransactionKey.client(response), let id = byKey[key] {
            let actions = records[id]!.client(.responseReceived(response), now: now)
            perform(actions, id: id, now: now, into: &out)
            return
        }
        statistics.strayResponses += 1
        if response.cseq?.method == .invite, response.status?.isSuccess == true {
            out.append(.strayResponse(response, from: peer))
        } else {
            out.append(.discarded(response, from: peer, reason: .noMatchingTransaction))
        }
    }

    private mutating func receiveRequest(_ request: SIPMessage, from peer: Peer, reliable: Bool, now: Instant,
                                         into out: inout [TransactionOutput<Peer>])
    {
        guard let method = request.method, request.topVia != nil, request.callID != nil, request.cseq != nil else {
            out.append(.discarded(request, from: peer, reason: .unmatchable))
            return
        }
        let key = TransactionKey.server(request)
        let legacyKey = key == nil ? LegacyTransactionKey(request) : nil
        if let id = match(request, key: key, legacyKey: legacyKey) {
            statistics.retransmissionsAbsorbed += 1
            let actions = records[id]!.server(.requestReceived(request), now: now)
            perform(actions, id: id, now: now, into: &out)
            return
        }
        if method == .ack {
            // The ACK for a 2xx is a transaction of its own, which has no server side (§17.2.3).
            out.append(.ack(request, from: peer, transaction: nil))
            return
        }
        if key == nil, legacyKey.flatMap({ byLegacyKey[$0] }) != nil {
            // Same legacy key, different To tag: it cannot be told apart from the open transaction.
            out.append(.discarded(request, from: peer, reason: .staleRequest))
            return
        }
        guard records.count < configuration.maxTransactions else {
            statistics.overloadRejections += 1
            var busy = request.makeResponse(status: .serviceUnavailable)
            busy.appendHeader(.retryAfter, String(configuration.overloadRetryAfter))
            out.append(.sendStateless(busy, to: peer))
            return
        }
        let timers = timers(reliable: reliable)
        let machine: Machine
        if let m = InviteServerTransaction(request: request, configuration: timers) {
            machine = .inviteServer(m)
        } else if let m = NonInviteServerTransaction(request: request, configuration: timers) {
            machine = .nonInviteServer(m)
        } else {
            out.append(.discarded(request, from: peer, reason: .unmatchable))
            return
        }
        let id = insert(Record(machine: machine, peer: peer, key: key, legacyKey: legacyKey))
        let actions = records[id]!.server(.started, now: now)
        perform(actions, id: id, now: now, into: &out)
    }

    private func match(_ request: SIPMessage, key: TransactionKey?, legacyKey: LegacyTransactionKey?) -> TransactionID? {
        if let key { return byKey[key] }
        guard let legacyKey, let id = byLegacyKey[legacyKey], let (creating, last) = records[id]?.serverMessages,
              LegacyTransactionKey.toTagMatches(request, creating: creating, lastResponse: last) else { return nil }
        return id
    }

    // MARK: Table

    private func timers(reliable: Bool) -> TransactionConfiguration {
        var t = configuration.timers
        t.reliable = reliable
        return t
    }

    private mutating func insert(_ record: Record) -> TransactionID {
        lastID += 1
        let id = TransactionID(rawValue: lastID)
        records[id] = record
        if let key = record.key { byKey[key] = id }
        if let legacy = record.legacyKey { byLegacyKey[legacy] = id }
        statistics.created += 1
        return id
    }

    private mutating func remove(_ id: TransactionID) {
        guard let record = records.removeValue(forKey: id) else { return }
        if let key = record.key, byKey[key] == id { byKey[key] = nil }
        if let legacy = record.legacyKey, byLegacyKey[legacy] == id { byLegacyKey[legacy] = nil }
        statistics.terminated += 1
    }

    private mutating func perform(_ actions: [TransactionAction], id: TransactionID, now: Instant,
                                  into out: inout [TransactionOutput<Peer>])
    {
        guard !actions.isEmpty, let peer = records[id]?.peer else { return }
        for action in actions {
            switch action {
            case .send(let m):
                out.append(.send(m, to: peer, transaction: id))
            case .arm(let timer, let at):
                out.append(.arm(timer, transaction: id, at: at))
            case .cancel(let timer):
                out.append(.cancel(timer, transaction: id))
            case .deliver(let m):
                if m.isRequest {
                    out.append(m.method == .ack ? .ack(m, from: peer, transaction: id)
                                                : .request(m, from: peer, transaction: id))
                } else {
                    out.append(.response(m, transaction: id))
                }
            case .reportTimeout:
                statistics.timeouts += 1
                out.append(.timeout(transaction: id))
            case .reportTransportError:
                statistics.transportErrors += 1
                out.append(.transportError(transaction: id))
            case .terminate:
                remove(id)
                out.append(.terminated(transaction: id))
            }
        }
    }
}
