import EventLoopPOSIX
import Logging
import SDP
import SIPMessage
import SIPTransport
import SIPUserAgent
import Softphone
import StackCore
import Synchronization

/// The user agent of `softphone answer --no-media`: one loop, a UDP and a TCP listener, and a
/// ``UserAgentDriver`` whose application answers each call with 200 and an SDP answer made by
/// ``SDPOfferAnswer`` (or 488 when the offer has nothing it can use), and answers re-INVITEs and
/// UPDATEs (hold, resume, another codec) from the same negotiator.
final class NoMediaAnswerer: @unchecked Sendable {
    let loop: EventLoop
    let local: SocketAddress
    private let driver: UserAgentDriver
    private let counters = Mutex<[String: Int]>([:])
    private var random = SystemRandomSource()
    /// One negotiator per open call, so that later offers are answered as changes of the same
    /// session (RFC 3264 §8); touched on the loop only, and bounded by the open calls.
    private var negotiators: [SessionID: SDPOfferAnswer] = [:]

    init(listen: SocketAddress, maximumCalls: Int, maximumTransactions: Int, trace: Bool) throws {
        loop = try EventLoop()
        var stackConfiguration = SIPStack.Configuration()
        stackConfiguration.transport.trace = trace
        stackConfiguration.transactions.maxTransactions = maximumTransactions
        var logger = Logger(label: "softphone.answer")
        logger.logLevel = trace ? .info : .warning
        let stack = SIPStack(loop: loop, configuration: stackConfiguration, logger: logger)
        let tcp = try stack.transport.listen(.tcp, on: listen)
        _ = try stack.transport.listen(.udp, on: tcp)
        local = tcp
        let identity = try SIPNameAddress(uri: .sip(SIPURI(user: "answer", host: tcp.ip, port: Int(tcp.port))))
        var configuration = UserAgentConfiguration(
            identity: identity,
            endpoints: [SIPLocalEndpoint(transport: "UDP", host: tcp.ip, port: Int(tcp.port)),
                        SIPLocalEndpoint(transport: "TCP", host: tcp.ip, port: Int(tcp.port))])
        configuration.maximumSessions = maximumCalls
        configuration.product = "softphone answer"
        driver = UserAgentDriver(stack: stack, core: UserAgentCore(configuration: configuration, random: SystemRandomSource()),
                                 logger: logger)
        driver.onEvent = { [unowned self] in self.handle($0) }
        loop.start()
    }

    private func count(_ key: String) { counters.withLock { $0[key, default: 0] += 1 } }

    private func handle(_ event: UserAgentEvent) {
        switch event {
        case .incomingCall(let id, let invite):
            count("incoming")
            guard let answer = sdp(for: invite, in: id) else {
                driver.act { $0.reject(id, status: .notAcceptableHere, now: $1) }
                return
            }
            driver.act { $0.answer(id, body: answer, now: $1) }
        case .modificationRequested(let id, let request):
            count("modifications")
            guard let answer = sdp(for: request, in: id) else {
                driver.act { $0.refuseModification(id, now: $1) }
                return
            }
            driver.act { $0.acceptModification(id, body: answer, now: $1) }
        case .callStateChanged(let id, .confirmed, let ack):
            count("confirmed")
            if let ack { takeAnswer(in: ack, for: id) }
        case .modificationAcknowledged(let id, let ack):
            takeAnswer(in: ack, for: id)
        case .callStateChanged(let id, .ended(let end), _):
            negotiators[id] = nil
            count("ended: \(end)")
        case .transferRequested(let id, _, _):
            // An answering machine places no calls of its own.
            count("transfers refused")
            driver.act { $0.refuseTransfer(id, now: $1) }
        case .messageReceived:
            count("messages")
        case .dtmfReceived:
            count("dtmf")
        case .callStateChanged, .modificationEnded, .provisionalAcknowledged, .sessionIntervalChanged, .infoReceived,
             .requestEnded, .transferProgress, .transferEnded:
            break
        }
    }

    /// The SDP answer to `request`'s offer, or an offer when it has none (the ACK then answers);
    /// nil when the offer has nothing usable.
    private func sdp(for request: SIPMessage, in id: SessionID) -> ByteString? {
        var negotiator = negotiators[id] ?? makeNegotiator()
        defer { negotiators[id] = negotiator }
        do {
            if request.body.isEmpty { return ByteString(try negotiator.createOffer().serialized()) }
            let offer = try SDPSessionDescription(parsing: request.body.bytes)
            return ByteString(try negotiator.receiveOffer(offer).answer.serialized())
        } catch {
            return nil
        }
    }

    /// An offer sent in a 2xx is answered in the ACK (RFC 3264 §4, RFC 3261 §13.2.1).
    private func takeAnswer(in ack: SIPMessage, for id: SessionID) {
        guard !ack.body.isEmpty, let answer = try? SDPSessionDescription(parsing: ack.body.bytes) else { return }
        _ = try? negotiators[id]?.receiveAnswer(answer)
    }

    private func makeNegotiator() -> SDPOfferAnswer {
        let media = SDPLocalMedia.defaultAudio(port: Int(local.port) &+ 2 & ~1)
        return SDPOfferAnswer(configuration: SDPNegotiatorConfiguration(
            username: "softphone", sessionID: String(random.integer(in: 1...UInt64(Int64.max))), address: local.ip,
            addressType: local.ip.contains(":") ? "IP6" : "IP4", media: [media]))
    }

    /// Stops the loop and returns a one-line summary of the calls.
    func finish() -> String {
        let open = (try? loop.runAndWait { [driver] in driver.sessionCount }) ?? -1
        try? loop.runAndWait { [driver] in driver.stack.transport.close() }
        loop.shutdown()
        let c = counters.withLock { $0 }
        let ends = c.filter { $0.key.hasPrefix("ended") }.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key.dropFirst(7))" }
        return "\(c["incoming", default: 0]) calls, \(c["confirmed", default: 0]) confirmed, \(open) open; " + ends.joined(separator: ", ")
    }
}
