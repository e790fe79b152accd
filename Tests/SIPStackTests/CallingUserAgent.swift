import Dispatch
import EventLoopPOSIX
import Logging
import SDP
import SIPMessage
import SIPTransport
import SIPUserAgent
import Softphone
import StackCore
import Synchronization

/// A ``UserAgentDriver`` on its own loop, listening on UDP and TCP on 127.0.0.1, for calls with
/// real peers. As callee it answers every call at once with `answerBody`; it records call events.
final class CallingUserAgent: @unchecked Sendable {
    let loop: EventLoop
    let driver: UserAgentDriver
    let local: SocketAddress
    /// Hang up calls this long after they are confirmed (nil: never).
    var hangUpAfter: Duration?
    /// Put calls on hold (a re-INVITE with `a=sendonly`) once they are confirmed, and hang up when
    /// the change ends.
    var holdWhenConfirmed = false
    /// Hang up (CANCEL) as soon as a call rings.
    var hangUpWhenRinging = false
    /// As callee, ring (180) first and answer this much later (nil: answer at once).
    var ringBeforeAnswering: Duration?
    /// Once a call is confirmed, send key 5 by INFO and, when it is delivered, transfer the peer
    /// to this target.
    var keyThenTransferTo: String?
    /// The calls to transfer once their INFO is delivered, by the INFO's request.
    private var transfersAfterKey: [RequestID: (SessionID, SIPAnyURI)] = [:]
    private let log = EventLog()
    private let user: String

    static let answerBody: ByteString = """
        v=0\r
        o=- 1 1 IN IP4 127.0.0.1\r
        s=-\r
        c=IN IP4 127.0.0.1\r
        t=0 0\r
        m=audio 40000 RTP/AVP 0\r
        a=rtpmap:0 PCMU/8000\r

        """

    /// The same description, one version later, sending only (RFC 3264 §8.4: hold).
    static let holdBody = ByteString(answerBody.string.replacingOccurrences(of: "o=- 1 1 ", with: "o=- 1 2 ") + "a=sendonly\r\n")

    /// A user agent for `user`; with a `domain` (a registrar's host) its identity is
    /// `sip:user@domain`, else `sip:user@127.0.0.1:PORT`. `outboundProxy` takes every request
    /// outside a dialog.
    init(trace: Bool = false, user: String = "ua", domain: String? = nil, credentials: [DigestCredentials] = [],
         outboundProxy: String? = nil) throws {
        loop = try EventLoop()
        var configuration = SIPStack.Configuration()
        configuration.transport.trace = trace
        var logger = Logger(label: "calling-ua")
        logger.logLevel = trace ? .info : .error
        let stack = SIPStack(loop: loop, configuration: configuration, logger: logger)
        let tcp = try stack.transport.listen(.tcp, on: SocketAddress(ip: "127.0.0.1", port: 0)!)
        _ = try stack.transport.listen(.udp, on: tcp)
        local = tcp
        let identity = try SIPNameAddress(uri: .sip(SIPURI(user: user, host: domain ?? "127.0.0.1", port: domain == nil ? Int(tcp.port) : nil)))
        var ua = UserAgentConfiguration(identity: identity, endpoints: [
            SIPLocalEndpoint(transport: "UDP", host: "127.0.0.1", port: Int(tcp.port)),
            SIPLocalEndpoint(transport: "TCP", host: "127.0.0.1", port: Int(tcp.port)),
        ])
        ua.credentials = credentials
        ua.outboundProxy = try outboundProxy.map { try SIPAnyURI(parsing: ByteString($0)) }
        self.user = user
        driver = UserAgentDriver(stack: stack, core: UserAgentCore(configuration: ua, random: SystemRandomSource()), logger: logger)
        driver.onEvent = { [unowned self] in self.handle($0) }
        driver.onRegistration = { [unowned self] in self.note("\($0.id) \(Self.describe($0.state))") }
        loop.start()
    }

    deinit {
        try? loop.runAndWait { [driver] in driver.stack.transport.close() }
        loop.shutdown()
    }

    /// What happened, in order: "incoming", "call1 confirmed", "call1 ended: hung up", …
    var events: [String] { log.lines }

    private func note(_ line: String) { log.note(line) }

    /// Waits until `predicate` holds for the event lines (bounded).
    func wait(seconds: Double = 20, until predicate: ([String]) -> Bool) -> Bool { log.wait(seconds: seconds, until: predicate) }

    /// The open calls and armed session timers, read on the loop.
    func leftovers() throws -> (sessions: Int, timers: Int) {
        try loop.runAndWait { [driver] in (driver.sessionCount, driver.armedTimers) }
    }

    /// Calls `uri` with an SDP offer.
    func call(_ uri: String) throws {
        try loop.runAndWait { [self] in
            let id = driver.call(try SIPAnyURI(parsing: ByteString(uri)), body: Self.answerBody)
            note(id.map { "placed \($0)" } ?? "not placed")
        }
    }

    /// Registers this user at `registrar` (host:port) over UDP with `password`, asking for `expires`.
    @discardableResult
    func register(at registrar: String, domain: String = "127.0.0.1", password: String, expires: UInt32) throws -> RegistrationID? {
        try loop.runAndWait { [self] in
            var configuration = RegistrationConfiguration(
                registrar: try SIPAnyURI(parsing: ByteString("sip:\(registrar)")),
                addressOfRecord: try SIPAnyURI(parsing: ByteString("sip:\(user)@\(domain)")),
                contact: try SIPAnyURI(parsing: ByteString("sip:\(user)@127.0.0.1:\(local.port)")),
                via: (transport: "UDP", host: "127.0.0.1", port: Int(local.port)))
            configuration.expires = expires
            configuration.credentials = [DigestCredentials(username: user, password: password)]
            return driver.register(configuration)
        }
    }

    /// Removes every registration.
    func unregisterAll() throws {
        try loop.runAndWait { [driver] in driver.unregisterAll() }
    }

    /// The destinations the transport keeps alive, as `udp:IP:PORT`.
    func keepAliveDestinations() throws -> [String] {
        try loop.runAndWait { [driver] in driver.stack.transport.keepAliveDestinations.map(\.description).sorted() }
    }

    /// How many registrations the driver keeps.
    func registrationCount() throws -> Int { try loop.runAndWait { [driver] in driver.registrationCount } }

    static func describe(_ state: RegistrationState) -> String {
        switch state {
        case .registered(_, let granted): return "registered \(granted)"
        case .failed(let error, let retry): return "failed: \(error)" + (retry == nil ? "" : ", retrying")
        default: return "\(state)"
        }
    }

    /// Sends a re-INVITE (or UPDATE) in call `id` with `body` as the offer.
    func modify(_ id: SessionID, method: SIPMethod = .invite, body: ByteString) throws {
        try loop.runAndWait { [driver] in driver.act { $0.modify(id, method: method, body: body, now: $1) } }
    }

    /// Hangs up call `id`.
    func hangUp(_ id: SessionID) throws {
        try loop.runAndWait { [driver] in driver.act { $0.hangUp(id, now: $1) } }
    }

    /// Asks the peer of call `id` to call `target` (blind transfer).
    func transfer(_ id: SessionID, to target: String) throws {
        try loop.runAndWait { [driver] in
            let uri = try SIPAnyURI(parsing: ByteString(target))
            driver.act { $0.transfer(id, to: uri, now: $1) }
        }
    }

    /// Asks the peer of call `id` to call the peer of call `other`, replacing it (attended transfer).
    func transfer(_ id: SessionID, replacing other: SessionID) throws {
        try loop.runAndWait { [driver] in driver.act { $0.transfer(id, replacing: other, now: $1) } }
    }

    /// Sends `text` in a MESSAGE to `target`, outside any call.
    func sendMessage(_ text: String, to target: String) throws {
        try loop.runAndWait { [self] in
            let uri = try SIPAnyURI(parsing: ByteString(target))
            driver.act { core, now in
                let (id, actions) = core.sendMessage(to: uri, body: ByteString(text), now: now)
                self.note("sent \(id.map(\.description) ?? "nothing")")
                return actions
            }
        }
    }

    /// Sends key `key` in call `id` by INFO.
    func sendDTMF(_ key: Character, in id: SessionID) throws {
        try loop.runAndWait { [driver] in
            guard let relay = DTMFRelay(signal: key) else { return }
            driver.act { $0.sendDTMF(in: id, relay, now: $1).1 }
        }
    }

    private func handle(_ event: UserAgentEvent) {
        switch event {
        case .incomingCall(let id, _):
            note("incoming \(id)")
            guard let delay = ringBeforeAnswering else {
                driver.act { $0.answer(id, body: Self.answerBody, now: $1) }
                return
            }
            driver.act { $0.ring(id, now: $1) }
            loop.schedule(at: loop.now + delay) { [unowned self] in driver.act { $0.answer(id, body: Self.answerBody, now: $1) } }
        case .callStateChanged(let id, let state, _):
            switch state {
            case .ended(let end): note("\(id) ended: \(end)")
            case .early:
                note("\(id) \(state)")
                if hangUpWhenRinging { driver.act { $0.hangUp(id, now: $1) } }
            case .confirmed:
                note("\(id) confirmed")
                note("\(id) route set \(driver.core.dialog(of: id)?.routeSet.count ?? -1)")
                if holdWhenConfirmed { driver.act { $0.modify(id, body: Self.holdBody, now: $1) } }
                if let target = keyThenTransferTo.flatMap({ try? SIPAnyURI(parsing: ByteString($0)) }) {
                    driver.act { core, now in
                        let (request, actions) = core.sendDTMF(in: id, DTMFRelay(signal: "5")!, now: now)
                        if let request { self.transfersAfterKey[request] = (id, target) }
                        return actions
                    }
                }
                if let delay = hangUpAfter {
                    loop.schedule(at: loop.now + delay) { [unowned self] in driver.act { $0.hangUp(id, now: $1) } }
                }
            default: note("\(id) \(state)")
            }
        case .modificationRequested(let id, let request):
            note("\(id) \(request.method?.rawValue ?? "?") received")
            driver.act { $0.acceptModification(id, body: Self.answerBody, now: $1) }
        case .modificationAcknowledged(let id, _):
            note("\(id) modification acknowledged")
        case .modificationEnded(let id, let outcome, _):
            note("\(id) modification \(outcome)")
            if holdWhenConfirmed { driver.act { $0.hangUp(id, now: $1) } }
        case .provisionalAcknowledged(let id, _):
            note("\(id) PRACK received")
        case .sessionIntervalChanged(let id, let interval):
            note("\(id) session interval \(interval.map { "\($0.seconds) s, refreshed by \($0.refresher)" } ?? "none")")
        case .transferRequested(let id, let referTo, _):
            note("\(id) transfer requested to \(referTo.uri)")
            driver.act { core, now in
                let (new, actions) = core.acceptTransfer(id, body: Self.answerBody, now: now)
                self.note("\(id) transfer placed \(new.map(\.description) ?? "nothing")")
                return actions
            }
        case .transferProgress(let id, let progress):
            note("\(id) transfer \(progress)")
        case .transferEnded(let id, let outcome):
            note("\(id) transfer ended \(outcome)")
            if case .succeeded = outcome { driver.act { $0.hangUp(id, now: $1) } }
        case .messageReceived(let id, let request):
            note("\(id.map(\.description) ?? "no call") message \(request.body.string)")
        case .dtmfReceived(let id, let relay):
            note("\(id) dtmf \(relay.signal) \(relay.durationMilliseconds)")
        case .infoReceived(let id, let request):
            note("\(id) info \(request.contentType?.mediaType ?? "")")
        case .requestEnded(let id, let outcome, _):
            note("\(id) \(outcome)")
            if case .delivered = outcome, let (call, target) = transfersAfterKey.removeValue(forKey: id) {
                driver.act { $0.transfer(call, to: target, now: $1) }
            }
        }
    }
}
