import SIPMessage
import SIPTransaction
import SIPUserAgent
import StackCore
import StackTesting

/// User agents, each a ``UserAgentCore`` over its own `TransactionLayer`, wired through a
/// `SimulatedNetwork` under a virtual clock. Messages cross the network as bytes and are parsed on
/// arrival. The driver here is what the runtime does on a real loop; `onEvent` plays the
/// applications.
struct UserAgentSimulation {
    typealias Network = SimulatedNetwork<Int, [UInt8]>
    typealias Hook = (inout UserAgentSimulation, Int, UserAgentEvent) -> Void

    private enum Job {
        case transactionTimer(Int, TransactionID, TransactionTimer)
        case sessionTimer(Int, UserAgentTimer)
        case app(Int, (inout UserAgentSimulation) -> Void)
    }

    private struct TransactionTimerKey: Hashable { let endpoint: Int; let id: TransactionID; let timer: TransactionTimer }
    private struct SessionTimerKey: Hashable { let endpoint: Int; let timer: UserAgentTimer }

    var network: Network
    var layers: [TransactionLayer<Int>] = []
    var cores: [UserAgentCore] = []
    private(set) var now = Instant.zero
    var onEvent: Hook = { _, _, _ in }
    /// Messages for which this returns true are lost on the way (beside the network's own loss).
    var drop: (SIPMessage) -> Bool = { _ in false }
    /// Every application event, per endpoint, in order.
    private(set) var events: [[UserAgentEvent]] = []
    private var queue = JobQueue<Job>()
    private var transactionTimers: [TransactionTimerKey: Instant] = [:]
    private var sessionTimers: [SessionTimerKey: Instant] = [:]
    private var clientRequests: [[TransactionID: SIPMessage]] = []

    /// `count` user agents `sip:ua<i>@10.0.0.<i+1>`, listening on UDP port 5060.
    init(count: Int, conditions: Network.Conditions = .init(), seed: UInt64 = 1,
         configure: (inout UserAgentConfiguration) -> Void = { _ in }) throws {
        network = Network(conditions: conditions, seed: seed)
        for i in 0..<count {
            let identity = try SIPNameAddress(uri: SIPAnyURI(parsing: ByteString("sip:ua\(i)@\(Self.host(i))")))
            var configuration = UserAgentConfiguration(identity: identity, endpoints: [SIPLocalEndpoint(transport: "UDP", host: Self.host(i), port: 5060)])
            configure(&configuration)
            cores.append(UserAgentCore(configuration: configuration, random: SeededRandom(seed: seed &* 7919 &+ UInt64(i))))
            layers.append(TransactionLayer())
            events.append([])
            clientRequests.append([:])
        }
    }

    static func host(_ endpoint: Int) -> String { "10.0.0.\(endpoint + 1)" }
    static func uri(_ endpoint: Int) -> SIPAnyURI { try! SIPAnyURI(parsing: ByteString("sip:ua\(endpoint)@\(host(endpoint))")) }

    /// True when nothing is scheduled or in flight.
    var isQuiet: Bool { queue.isEmpty && network.inFlightCount == 0 }
    /// Transaction and session timers still armed, by the driver's bookkeeping.
    var armedTimers: Int { transactionTimers.count + sessionTimers.count }

    /// The call states endpoint `i` reported for `session`, in order.
    func states(_ i: Int, _ session: SessionID) -> [CallState] {
        events[i].compactMap { if case .callStateChanged(let id, let s, _) = $0, id == session { return s } else { return nil } }
    }

    /// Runs `body` on endpoint `i` at `at`.
    mutating func at(_ at: Instant, _ i: Int, _ body: @escaping (inout UserAgentSimulation) -> Void) {
        schedule(.app(i, body), at: at)
    }

    /// Runs until nothing is left to do, or until `limit`.
    mutating func run(until limit: Instant = .zero + .seconds(3600)) {
        while true {
            let job = queue.nextDue, packet = network.nextArrival
            guard let next = [job, packet].compactMap({ $0 }).min(), next <= limit else { return }
            if let p = packet, p == next, job.map({ p < $0 }) ?? true {
                let datagram = network.receive()!
                now = datagram.arrival
                arrive(datagram)
            } else {
                let s = queue.popNext()!
                now = s.at
                perform(s.job)
            }
        }
    }

    // MARK: Application calls

    /// Endpoint `from` calls endpoint `to`; returns the session.
    @discardableResult
    mutating func call(_ from: Int, _ to: Int) -> SessionID? {
        let (id, actions) = cores[from].call(Self.uri(to), body: "v=0\r\n", now: now)
        perform(actions, at: from)
        return id
    }

    /// Applies a core operation on endpoint `i` now and performs its actions.
    mutating func act(_ i: Int, _ body: (inout UserAgentCore, Instant) -> [UserAgentAction]) {
        let actions = body(&cores[i], now)
        perform(actions, at: i)
    }

    // MARK: Driver

    private mutating func schedule(_ job: Job, at: Instant) {
        queue.schedule(job, at: at)
    }

    private mutating func perform(_ job: Job) {
        switch job {
        case .transactionTimer(let i, let id, let timer):
            let key = TransactionTimerKey(endpoint: i, id: id, timer: timer)
            guard transactionTimers[key] == now else { return }
            transactionTimers[key] = nil
            var out: [TransactionOutput<Int>] = []
            layers[i].timerFired(timer, transaction: id, now: now, into: &out)
            handle(out, at: i)
        case .sessionTimer(let i, let timer):
            let key = SessionTimerKey(endpoint: i, timer: timer)
            guard sessionTimers[key] == now else { return }
            sessionTimers[key] = nil
            act(i) { core, now in core.timerFired(timer, now: now) }
        case .app(_, let body):
            body(&self)
        }
    }

    private mutating func arrive(_ datagram: Network.Datagram) {
        guard let message = try? SIPMessage(parsing: datagram.payload) else { return }
        var out: [TransactionOutput<Int>] = []
        layers[datagram.to].receive(message, from: datagram.from, reliable: false, now: now, into: &out)
        handle(out, at: datagram.to)
    }

    private mutating func transmit(_ message: SIPMessage, from: Int, to: Int) {
        guard !drop(message) else { return }
        network.send(message.serialized(), from: from, to: to, now: now)
    }

    private static func endpoint(_ hop: SIPNextHop) -> Int? {
        guard hop.host.hasPrefix("10.0.0."), let last = Int(hop.host.dropFirst(7)) else { return nil }
        return last - 1
    }

    mutating func perform(_ actions: [UserAgentAction], at i: Int) {
        for action in actions {
            switch action {
            case .send(let request, let hop):
                guard let peer = Self.endpoint(hop) else { continue }
                var out: [TransactionOutput<Int>] = []
                if let id = try? layers[i].send(request, to: peer, reliable: false, now: now, into: &out) {
                    clientRequests[i][id] = request
                }
                handle(out, at: i)
            case .sendACK(let ack, let hop):
                if let peer = Self.endpoint(hop) { transmit(ack, from: i, to: peer) }
            case .respond(let response, let id):
                var out: [TransactionOutput<Int>] = []
                try? layers[i].respond(response, in: id, now: now, into: &out)
                handle(out, at: i)
            case .setTimer(let timer, let at):
                sessionTimers[SessionTimerKey(endpoint: i, timer: timer)] = at
                schedule(.sessionTimer(i, timer), at: at)
            case .cancelTimer(let timer):
                sessionTimers[SessionTimerKey(endpoint: i, timer: timer)] = nil
            case .event(let event):
                events[i].append(event)
                onEvent(&self, i, event)
            }
        }
    }

    private mutating func handle(_ outputs: [TransactionOutput<Int>], at i: Int) {
        for output in outputs {
            switch output {
            case .send(let m, let to, _), .sendStateless(let m, let to):
                transmit(m, from: i, to: to)
            case .arm(let timer, let id, let at):
                transactionTimers[TransactionTimerKey(endpoint: i, id: id, timer: timer)] = at
                schedule(.transactionTimer(i, id, timer), at: at)
            case .cancel(let timer, let id):
                transactionTimers[TransactionTimerKey(endpoint: i, id: id, timer: timer)] = nil
            case .request(let m, _, let id):
                let cancelling = m.method == .cancel ? layers[i].inviteTransaction(cancelledBy: m) : nil
                act(i) { core, now in core.receiveRequest(m, transaction: id, cancelling: cancelling, now: now) }
            case .ack(let m, _, _):
                act(i) { core, now in core.receiveACK(m, now: now) }
            case .response(let m, _), .strayResponse(let m, _):
                act(i) { core, now in core.receiveResponse(m, now: now) }
            case .timeout(let id), .transportError(let id):
                if let request = clientRequests[i][id] {
                    act(i) { core, now in core.requestFailed(request, reason: "timeout", now: now) }
                }
            case .terminated(let id):
                for timer in TransactionTimer.allCases { transactionTimers[TransactionTimerKey(endpoint: i, id: id, timer: timer)] = nil }
                clientRequests[i][id] = nil
            case .discarded:
                break
            }
        }
    }
}
