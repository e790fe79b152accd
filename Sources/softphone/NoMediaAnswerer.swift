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
/// ``SDPOfferAnswer`` (or 488 when the offer has nothing it can use).
final class NoMediaAnswerer: @unchecked Sendable {
    let loop: EventLoop
    let local: SocketAddress
    private let driver: UserAgentDriver
    private let counters = Mutex<[String: Int]>([:])
    private var random = SystemRandomSource()

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
            guard let answer = sdpAnswer(to: invite) else {
                driver.act { $0.reject(id, status: .notAcceptableHere, now: $1) }
                return
            }
            driver.act { $0.answer(id, body: answer, now: $1) }
        case .callStateChanged(_, .ended(let end), _):
            count("ended: \(end)")
        case .callStateChanged(_, .confirmed, _):
            count("confirmed")
        case .callStateChanged:
            break
        }
    }

    /// The SDP answer to the INVITE's offer, or an offer when it has none (the ACK then answers).
    private func sdpAnswer(to invite: SIPMessage) -> ByteString? {
        let media = SDPLocalMedia.defaultAudio(port: Int(local.port) &+ 2 & ~1)
        var negotiator = SDPOfferAnswer(configuration: SDPNegotiatorConfiguration(
            username: "softphone", sessionID: String(random.integer(in: 1...UInt64(Int64.max))), address: local.ip,
            addressType: local.ip.contains(":") ? "IP6" : "IP4", media: [media]))
        do {
            if invite.body.isEmpty { return ByteString(try negotiator.createOffer().serialized()) }
            let offer = try SDPSessionDescription(parsing: invite.body.bytes)
            return ByteString(try negotiator.receiveOffer(offer).answer.serialized())
        } catch {
            return nil
        }
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
