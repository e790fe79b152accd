import Dispatch
import EventLoopPOSIX
import Logging
import SIPMessage
import SIPTransaction
import SIPTransport
import SIPUserAgent
import Softphone
import StackCore
import StackTesting
import Synchronization



/// The smallest transaction user that can place and take a call on a ``SIPStack``, for transaction and
/// transport tests against real peers (the real user agent is issue 7). It records what it sees.
final class InteropUserAgent: @unchecked Sendable {
    enum InviteAnswer: Sendable {
        /// 180 at once, 200 after a delay.
        case answer(after: Duration)
        /// 180 after a delay (so the caller retransmits meanwhile), then no final answer.
        case ringForever(after: Duration)
        /// 180 and a final failure at once.
        case reject(Int)
    }

    let loop: EventLoop
    let stack: SIPStack
    var inviteAnswer: InviteAnswer = .answer(after: .milliseconds(50))
    /// Seconds after the 2xx is ACKed before the UAC hangs up.
    var hangUpAfter: Duration = .milliseconds(100)
    /// How long the UAC holds back the ACK for the first 2xx (to make a UAS retransmit it).
    var ackDelay: Duration = .zero
    private(set) var local: [SIPTransportProtocol: SocketAddress] = [:]
    private let log = EventLog()
    private var pending2xx: [ByteString: (SIPMessage, TransactionID, Duration, Instant)] = [:]
    private var calls: [TransactionID: (request: SIPMessage, destination: SIPTransportAddress)] = [:]
    private var acked: Set<ByteString> = []
    private var branchCounter = 0
    private let ip: String

    init(ip: String = "127.0.0.1", trace: Bool = false) throws {
        self.ip = ip
        loop = try EventLoop()
        loop.start()
        var config = SIPStack.Configuration()
        config.transport.trace = trace
        var logger = Logger(label: "interop")
        logger.logLevel = trace ? .info : .error
        stack = SIPStack(loop: loop, configuration: config, logger: logger)
        try onLoop { [self] in
            stack.onEvent = { [unowned self] in self.handle($0) }
            let tcp = try stack.transport.listen(.tcp, on: SocketAddress(ip: ip, port: 0)!)
            local[.tcp] = tcp
            local[.udp] = try stack.transport.listen(.udp, on: tcp)
        }
    }

    deinit {
        try? onLoop { [stack] in stack.transport.close() }
        loop.shutdown()
    }

    /// What happened, in order, as short lines ("rx INVITE", "tx 200 INVITE", "ack", …).
    var events: [String] { log.lines }

    private func note(_ line: String) { log.note(line) }

    /// Waits until `predicate` holds for the event lines (bounded).
    func wait(seconds: Double = 20, until predicate: ([String]) -> Bool) -> Bool { log.wait(seconds: seconds, until: predicate) }

    func onLoop<T>(_ body: @escaping () throws -> T) throws -> T { try loop.runAndWait(body) }

    // MARK: UAC

    /// Sends an INVITE to `target` over `transport`; the call is ACKed and hung up by itself.
    func call(_ target: SocketAddress, transport: SIPTransportProtocol) throws {
        try onLoop { [self] in
            let invite = try makeRequest("INVITE", to: target, transport: transport, callID: "interop-\(loop.now.nanoseconds)", cseq: 1)
            let destination = SIPTransportAddress(transport, target)
            let id = try stack.send(invite, to: destination)
            calls[id] = (invite, destination)
            note("tx INVITE")
        }
    }

    private func nextBranch() -> String {
        branchCounter += 1
        return "z9hG4bK-interop-\(branchCounter)-\(loop.now.nanoseconds)"
    }

    private func makeRequest(_ method: String, to target: SocketAddress, transport: SIPTransportProtocol, callID: String,
                             cseq: Int, toTag: String? = nil, requestURI: String? = nil) throws -> SIPMessage
    {
        let me = local[transport]!
        let uri = requestURI ?? "sip:service@\(target)"
        let to = "<sip:service@\(target)>" + (toTag.map { ";tag=\($0)" } ?? "")
        return try SIPMessage(parsing: """
            \(method) \(uri) SIP/2.0\r
            Via: SIP/2.0/\(transport.rawValue) \(me);rport;branch=\(nextBranch())\r
            Max-Forwards: 70\r
            To: \(to)\r
            From: <sip:interop@\(me)>;tag=uac1\r
            Call-ID: \(callID)\r
            CSeq: \(cseq) \(method)\r
            Contact: <sip:interop@\(me);transport=\(transport.rawValue.lowercased())>\r
            Content-Length: 0\r
            \r\n
            """)
    }

    private func acknowledge(_ response: SIPMessage, of call: (request: SIPMessage, destination: SIPTransportAddress)) {
        // §13.2.2.4: a new branch for the first ACK, the same ACK for every retransmitted 2xx.
        let callID = response.callID ?? ""
        let target = call.destination
        if let first = ackCache[callID] {
            // A retransmitted 2xx: the same ACK again, once the first has gone out.
            if acked.contains(callID) {
                try? stack.sendStateless(first, to: target)
                note("tx ACK")
            }
            return
        }
        guard let tag = response.to?.tag?.string,
              let ack = try? makeRequest("ACK", to: target.address, transport: target.transport, callID: callID.string,
                                         cseq: Int(response.cseq?.number ?? 1), toTag: tag,
                                         requestURI: contactURI(response) ?? call.request.requestLine?.uriText.string)
        else { return }
        ackCache[callID] = ack
        let box = UncheckedBox((ack, response, call))
        loop.schedule(at: loop.now + ackDelay) { [unowned self] in
            let (ack, response, call) = box.value
            try? stack.sendStateless(ack, to: call.destination)
            note("tx ACK")
            acked.insert(callID)
            let bye = UncheckedBox((response, call))
            loop.schedule(at: loop.now + hangUpAfter) { [unowned self] in self.hangUp(bye.value.0, bye.value.1) }
        }
    }
    private var ackCache: [ByteString: SIPMessage] = [:]

    private func contactURI(_ response: SIPMessage) -> String? {
        guard let text = response.headers.first(.contact)?.string, let open = text.firstIndex(of: "<"),
              let close = text.firstIndex(of: ">") else { return nil }
        return String(text[text.index(after: open)..<close])
    }

    private func hangUp(_ response: SIPMessage, _ call: (request: SIPMessage, destination: SIPTransportAddress)) {
        guard let tag = response.to?.tag?.string, let callID = response.callID?.string,
              let bye = try? makeRequest("BYE", to: call.destination.address, transport: call.destination.transport,
                                         callID: callID, cseq: 2, toTag: tag,
                                         requestURI: contactURI(response) ?? call.request.requestLine?.uriText.string)
        else { return }
        if (try? stack.send(bye, to: call.destination)) != nil { note("tx BYE") }
    }

    // MARK: Registration

    private var registration: RegistrationClient?
    private var registrationTarget: SIPTransportAddress?
    private var registrationTransactions: Set<TransactionID> = []
    private var registrationTimer: TimerQueue<() -> Void>.Handle?
    private var random = SystemRandomSource()

    /// The registration's state, as its last `stateChanged` said.
    var registrationState: RegistrationState? { registration?.state }

    /// Registers `user` with the registrar at `target` (a RegistrationClient driven over this stack).
    func register(at target: SocketAddress, transport: SIPTransportProtocol, user: String, password: String, expires: UInt32) throws {
        try onLoop { [self] in
            let me = local[transport]!
            var configuration = RegistrationConfiguration(
                registrar: try SIPAnyURI(parsing: ByteString("sip:\(target)")),
                addressOfRecord: try SIPAnyURI(parsing: ByteString("sip:\(user)@\(target)")),
                contact: try SIPAnyURI(parsing: ByteString("sip:\(user)@\(me);transport=\(transport.rawValue.lowercased())")),
                via: (transport: transport.rawValue, host: me.ip, port: Int(me.port)))
            configuration.expires = expires
            configuration.credentials = [DigestCredentials(username: user, password: password)]
            registrationTarget = SIPTransportAddress(transport, target)
            var client = RegistrationClient(configuration: configuration, random: &random)
            let actions = client.start(now: loop.now, random: &random)
            registration = client
            perform(actions)
        }
    }

    /// Removes the registration.
    func unregister() throws {
        try onLoop { [self] in
            guard var client = registration else { return }
            let actions = client.stop(now: loop.now, random: &random)
            registration = client
            perform(actions)
        }
    }

    private func perform(_ actions: [RegistrationAction]) {
        for action in actions {
            switch action {
            case .send(let request):
                guard let target = registrationTarget else { continue }
                do {
                    registrationTransactions.insert(try stack.send(request, to: target))
                    note("tx REGISTER")
                } catch {
                    driveRegistration { $0.transactionFailed("\(error)", now: loop.now, random: &random) }
                }
            case .setTimer(let at):
                if let t = registrationTimer { loop.cancel(t) }
                registrationTimer = loop.schedule(at: at) { [unowned self] in
                    registrationTimer = nil
                    driveRegistration { $0.timerFired(now: loop.now, random: &random) }
                }
            case .cancelTimer:
                if let t = registrationTimer { loop.cancel(t) }
                registrationTimer = nil
            case .stateChanged(let state):
                note("registration \(state)")
            }
        }
    }

    private func driveRegistration(_ body: (inout RegistrationClient) -> [RegistrationAction]) {
        guard var client = registration else { return }
        let actions = body(&client)
        registration = client
        perform(actions)
    }

    // MARK: Events

    private func handle(_ event: SIPStackEvent) {
        switch event {
        case .request(let request, _, let id):
            note("rx \(request.method?.rawValue ?? "?")")
            serve(request, id)
        case .response(let response, let id):
            let status = response.status?.rawValue ?? 0
            note("rx \(status) \(response.cseq?.method.rawValue ?? "")")
            if registrationTransactions.contains(id) {
                driveRegistration { $0.receive(response, now: loop.now, random: &random) }
            }
            if response.cseq?.method == .invite, response.status?.isSuccess == true, let call = calls[id] {
                acknowledge(response, of: call)
            }
        case .ack(let ack, _):
            note("rx ACK")
            if let callID = ack.callID { pending2xx[callID] = nil }
        case .strayResponse(let response, _):
            note("rx stray \(response.status?.rawValue ?? 0)")
        case .timeout(let id):
            note("timeout \(id)")
            if registrationTransactions.contains(id) { driveRegistration { $0.transactionFailed("timeout", now: loop.now, random: &random) } }
        case .transportError(let id):
            note("transport error \(id)")
            if registrationTransactions.contains(id) {
                driveRegistration { $0.transactionFailed("transport error", now: loop.now, random: &random) }
            }
        case .terminated(let id):
            calls[id] = nil
            registrationTransactions.remove(id)
        }
    }

    private var ringing: [ByteString: (SIPMessage, TransactionID)] = [:]

    private func serve(_ request: SIPMessage, _ id: TransactionID) {
        switch request.method {
        case .invite?:
            switch inviteAnswer {
            case .ringForever(let delay):
                if let callID = request.callID { ringing[callID] = (request, id) }
                let box = UncheckedBox(request)
                loop.schedule(at: loop.now + delay) { [unowned self] in
                    if let callID = box.value.callID, ringing[callID] != nil {
                        send(box.value.makeResponse(status: .ringing, toTag: "uas1"), id)
                    }
                }
            case .reject(let code):
                send(request.makeResponse(status: .ringing, toTag: "uas1"), id)
                send(request.makeResponse(status: SIPStatus(rawValue: code)!, toTag: "uas1"), id)
            case .answer(let delay):
                send(request.makeResponse(status: .ringing, toTag: "uas1"), id)
                let box = UncheckedBox(request)
                loop.schedule(at: loop.now + delay) { [unowned self] in self.answer(box.value, id) }
            }
        case .cancel?:
            send(request.makeResponse(status: .ok, toTag: "uas1"), id)
            if let inviteID = stack.inviteTransaction(cancelledBy: request), let callID = request.callID,
               let (invite, _) = ringing.removeValue(forKey: callID)
            {
                send(invite.makeResponse(status: .requestTerminated, toTag: "uas1"), inviteID)
            }
        default:
            send(request.makeResponse(status: .ok, toTag: "uas1"), id)
        }
    }

    private func answer(_ invite: SIPMessage, _ id: TransactionID) {
        var ok = invite.makeResponse(status: .ok, toTag: "uas1")
        let me = local[.udp]!
        ok.appendHeader(.contact, "<sip:interop@\(me)>")
        send(ok, id)
        // §13.3.1.4: resend the 2xx, T1 doubling to T2, until the ACK comes or 64·T1 passes.
        guard let callID = invite.callID else { return }
        pending2xx[callID] = (ok, id, .milliseconds(500), loop.now + .seconds(32))
        schedule2xx(callID)
    }

    private func schedule2xx(_ callID: ByteString) {
        guard let (_, _, interval, _) = pending2xx[callID] else { return }
        loop.schedule(at: loop.now + interval) { [unowned self] in
            guard let (ok, id, interval, deadline) = pending2xx[callID] else { return }
            guard loop.now < deadline else { pending2xx[callID] = nil; note("no ACK"); return }
            send(ok, id)
            pending2xx[callID] = (ok, id, min(interval * 2, .seconds(4)), deadline)
            schedule2xx(callID)
        }
    }

    private func send(_ response: SIPMessage, _ id: TransactionID) {
        do {
            try stack.respond(response, in: id)
            note("tx \(response.status?.rawValue ?? 0) \(response.cseq?.method.rawValue ?? "")")
        } catch {
            note("respond failed: \(error)")
        }
    }
}
