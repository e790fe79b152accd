import SIPMessage
import SIPTransaction
import StackCore
import StackTesting

/// A client and a server transaction layer wired through a `SimulatedNetwork`, each with a small
/// transaction user, under a virtual clock. Messages cross the network as bytes and are parsed on
/// arrival. It records what each side's TU saw, so a test can check every transaction's outcome.
struct TransactionSimulation {
    static let client = 0, server = 1

    enum Kind { case invite, nonInvite }

    private enum Job {
        case timer(endpoint: Int, id: TransactionID, timer: TransactionTimer)
        case start(call: Int)
        case answer(call: Int, id: TransactionID)
        case retransmit2xx(call: Int)
    }

    private struct TimerKey: Hashable { let endpoint: Int; let id: TransactionID; let timer: TransactionTimer }

    private struct Pending2xx { let response: SIPMessage; let id: TransactionID; var interval: Duration; let deadline: Instant }

    let kind: Kind
    let reliable: Bool
    let timers = TransactionConfiguration(reliable: false)
    var network: SimulatedNetwork<Int, [UInt8]>
    var layers = [TransactionLayer<Int>(), TransactionLayer<Int>()]
    private(set) var now = Instant.zero
    private var queue = JobQueue<Job>()
    private var armed: [TimerKey: Instant] = [:]
    private var callOf: [TransactionID: Int] = [:]
    private var pending2xx: [Int: Pending2xx] = [:]

    // What the TUs saw, per call.
    /// Final statuses (or 0 for a timeout) the client TU received for each call's transaction.
    private(set) var outcomes: [Int: [Int]] = [:]
    /// Requests (not retransmissions) the server TU received per call.
    private(set) var delivered: [Int: Int] = [:]
    /// Request packets, final-response packets and ACK packets that arrived per call.
    private(set) var requestArrivals: [Int: Int] = [:], finalArrivals: [Int: Int] = [:], ackArrivals: [Int: Int] = [:]
    /// Calls whose 2xx was ACKed, and calls whose 2xx never was.
    private(set) var acked: Set<Int> = [], unacked: Set<Int> = []
    /// 100 Trying responses that arrived at the client.
    private(set) var tryingArrivals = 0
    private(set) var outputsSeen = 0

    init(kind: Kind, calls: Int, reliable: Bool, conditions: SimulatedNetwork<Int, [UInt8]>.Conditions, seed: UInt64) {
        self.kind = kind
        self.reliable = reliable
        network = SimulatedNetwork(conditions: conditions, seed: seed)
        for call in 0..<calls { schedule(.start(call: call), at: Instant(nanoseconds: Int64(call) * 10_000_000)) }
    }

    /// The final status the server TU answers `call` with: INVITEs alternate 200 and 486; other
    /// requests get 200.
    func expectedStatus(_ call: Int) -> Int { kind == .invite && call % 2 == 1 ? 486 : 200 }

    /// True when nothing is scheduled or in flight.
    var isQuiet: Bool { queue.isEmpty && network.inFlightCount == 0 }
    /// Timers still armed (by the runtime's bookkeeping).
    var armedTimers: Int { armed.count }

    mutating func run() throws {
        while true {
            let nextJob = queue.nextDue, nextPacket = network.nextArrival
            guard nextJob != nil || nextPacket != nil else { return }
            if let p = nextPacket, nextJob.map({ p < $0 }) ?? true {
                let datagram = network.receive()!
                now = datagram.arrival
                try arrive(datagram)
            } else {
                let s = queue.popNext()!
                now = s.at
                try perform(s.job)
            }
        }
    }

    // MARK: Scheduling

    private mutating func schedule(_ job: Job, at: Instant) {
        queue.schedule(job, at: at)
    }

    private mutating func perform(_ job: Job) throws {
        var out: [TransactionOutput<Int>] = []
        switch job {
        case .timer(let endpoint, let id, let timer):
            // Stale entries (cancelled or re-armed since) are skipped, as a runtime's timer heap would.
            let key = TimerKey(endpoint: endpoint, id: id, timer: timer)
            guard armed[key] == now else { return }
            armed[key] = nil
            layers[endpoint].timerFired(timer, transaction: id, now: now, into: &out)
            try handle(out, at: endpoint)
        case .start(let call):
            let request = try Self.request(kind: kind, call: call)
            let id = try layers[Self.client].send(request, to: Self.server, reliable: reliable, now: now, into: &out)
            callOf[id] = call
            try handle(out, at: Self.client)
        case .answer(let call, let id):
            let request = try Self.request(kind: kind, call: call)
            let response = request.makeResponse(status: SIPStatus(rawValue: expectedStatus(call))!, toTag: "s\(call)")
            try layers[Self.server].respond(response, in: id, now: now, into: &out)
            if kind == .invite, response.status == .ok {
                // §13.3.1.4: retransmitted even over a reliable transport, for UDP hops further on.
                pending2xx[call] = Pending2xx(response: response, id: id, interval: timers.t1, deadline: now + timers.timeout)
                schedule(.retransmit2xx(call: call), at: now + timers.t1)
            }
            try handle(out, at: Self.server)
        case .retransmit2xx(let call):
            // RFC 3261 §13.3.1.4: the UAS core resends its 2xx, T1 doubling up to T2, until the ACK
            // comes or 64·T1 has passed.
            guard var p = pending2xx[call] else { return }
            if now >= p.deadline {
                pending2xx[call] = nil
                unacked.insert(call)
                return
            }
            try layers[Self.server].respond(p.response, in: p.id, now: now, into: &out)
            p.interval = min(p.interval * 2, timers.t2)
            pending2xx[call] = p
            schedule(.retransmit2xx(call: call), at: min(now + p.interval, p.deadline))
            try handle(out, at: Self.server)
        }
    }

    // MARK: Network

    private static func call(of message: SIPMessage) -> Int {
        guard let id = message.callID?.string, id.hasPrefix("call-") else { return -1 }
        return Int(id.dropFirst(5)) ?? -1
    }

    private mutating func arrive(_ datagram: SimulatedNetwork<Int, [UInt8]>.Datagram) throws {
        let message = try SIPMessage(parsing: datagram.payload)
        let call = Self.call(of: message)
        if message.isRequest {
            if message.method == .ack { ackArrivals[call, default: 0] += 1 } else { requestArrivals[call, default: 0] += 1 }
        } else if message.status == .trying {
            tryingArrivals += 1
        } else if message.status?.isProvisional == false {
            finalArrivals[call, default: 0] += 1
        }
        var out: [TransactionOutput<Int>] = []
        layers[datagram.to].receive(message, from: datagram.from, reliable: reliable, now: now, into: &out)
        try handle(out, at: datagram.to)
    }

    private mutating func transmit(_ message: SIPMessage, from: Int, to: Int) {
        network.send(message.serialized(), from: from, to: to, now: now)
    }

    // MARK: Transaction users and runtime

    private mutating func handle(_ outputs: [TransactionOutput<Int>], at endpoint: Int) throws {
        outputsSeen += outputs.count
        for output in outputs {
            switch output {
            case .send(let m, let to, _), .sendStateless(let m, let to):
                transmit(m, from: endpoint, to: to)
            case .arm(let timer, let id, let at):
                armed[TimerKey(endpoint: endpoint, id: id, timer: timer)] = at
                schedule(.timer(endpoint: endpoint, id: id, timer: timer), at: at)
            case .cancel(let timer, let id):
                armed[TimerKey(endpoint: endpoint, id: id, timer: timer)] = nil
            case .terminated(let id):
                for timer in TransactionTimer.allCases { armed[TimerKey(endpoint: endpoint, id: id, timer: timer)] = nil }
                if endpoint == Self.client { callOf[id] = nil }
            case .request(let m, _, let id):
                // Server TU: INVITEs are answered after 300 ms (so 100 Trying goes out first); other
                // requests at once for even calls and after 1 s for odd ones.
                let call = Self.call(of: m)
                delivered[call, default: 0] += 1
                let delay: Duration = kind == .invite ? .milliseconds(300) : (call % 2 == 0 ? .zero : .seconds(1))
                schedule(.answer(call: call, id: id), at: now + delay)
            case .ack(let m, _, _):
                let call = Self.call(of: m)
                if pending2xx.removeValue(forKey: call) != nil { acked.insert(call) }
            case .response(let m, let id):
                guard let status = m.status, !status.isProvisional, let call = callOf[id] else { continue }
                if m.cseq?.method == .invite, status.isSuccess {
                    // Client TU: ACK every 2xx (retransmissions included) end to end (§13.2.2.4).
                    transmit(try Self.ack(for: m, call: call), from: endpoint, to: Self.server)
                    if outcomes[call]?.isEmpty == false { continue }
                }
                outcomes[call, default: []].append(status.rawValue)
            case .strayResponse(let m, let from):
                transmit(try Self.ack(for: m, call: Self.call(of: m)), from: endpoint, to: from)
            case .timeout(let id):
                if let call = callOf[id] { outcomes[call, default: []].append(0) }
            case .transportError, .discarded:
                break
            }
        }
    }

    // MARK: Messages

    static func request(kind: Kind, call: Int) throws -> SIPMessage {
        let method = kind == .invite ? "INVITE" : "OPTIONS"
        return try SIPMessage(parsing: "\(method) sip:bob@biloxi.example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-c\(call)\r\nMax-Forwards: 70\r\nTo: <sip:bob@biloxi.example.com>\r\nFrom: <sip:alice@atlanta.example.com>;tag=a\(call)\r\nCall-ID: call-\(call)\r\nCSeq: 1 \(method)\r\nContent-Length: 0\r\n\r\n")
    }

    static func ack(for response: SIPMessage, call: Int) throws -> SIPMessage {
        let tag = response.to?.tag?.string ?? ""
        return try SIPMessage(parsing: "ACK sip:bob@biloxi.example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-a\(call)\r\nMax-Forwards: 70\r\nTo: <sip:bob@biloxi.example.com>;tag=\(tag)\r\nFrom: <sip:alice@atlanta.example.com>;tag=a\(call)\r\nCall-ID: call-\(call)\r\nCSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n")
    }
}
