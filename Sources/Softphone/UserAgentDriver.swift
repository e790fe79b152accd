import EventLoopPOSIX
import Logging
import SIPMessage
import SIPTransaction
import SIPTransport
import SIPUserAgent
import StackCore

/// Drives a ``UserAgentCore`` on a ``SIPStack``: it feeds the core what the transaction layer
/// delivers, sends what the core asks for in client or server transactions, arms its timers on the
/// loop, and hands application events to ``onEvent``.
///
/// Confined to its loop's thread, like ``SIPStack``: call it only from code running on the loop.
public final class UserAgentDriver: @unchecked Sendable {
    /// The stack underneath.
    public let stack: SIPStack
    /// Where calls' events go; set it before traffic starts.
    public var onEvent: ((UserAgentEvent) -> Void)?
    /// The core; read it for call states and counters.
    public private(set) var core: UserAgentCore
    private var timers: [UserAgentTimer: TimerQueue<() -> Void>.Handle] = [:]
    private var clientRequests: [TransactionID: SIPMessage] = [:]
    let logger: Logger

    // Registrations (UserAgentDriver+Registration.swift).
    var registrations: [RegistrationID: Registration] = [:]
    var registrationTransactions: [TransactionID: RegistrationID] = [:]
    var nextRegistration: UInt64 = 1
    var random = SystemRandomSource()
    let registrationContinuation: AsyncStream<RegistrationUpdate>.Continuation
    /// Every registration's state changes, in order; the oldest are dropped past 256 unread.
    public let registrationUpdates: AsyncStream<RegistrationUpdate>
    /// Called on the loop with each registration state change (beside ``registrationUpdates``).
    public var onRegistration: ((RegistrationUpdate) -> Void)?
    /// While an account is registered, the flow to its registrar (or proxy) is kept alive this
    /// often (RFC 5626 §4.4.1): a CRLF CRLF datagram over UDP for NAT bindings, a CRLF ping that
    /// wants a pong over TCP. Nil turns that transport's keep-alives off.
    public var udpKeepAliveInterval: Duration? = .seconds(25)
    /// The keep-alive interval over TCP (RFC 5626 §4.4.1 recommends 95–120 s).
    public var streamKeepAliveInterval: Duration? = .seconds(110)

    /// A driver for `core` over `stack`; it takes over the stack's ``SIPStack/onEvent``.
    public init(stack: SIPStack, core: UserAgentCore, logger: Logger = Logger(label: "sip.ua")) {
        self.stack = stack
        self.core = core
        self.logger = logger
        (registrationUpdates, registrationContinuation) = AsyncStream.makeStream(of: RegistrationUpdate.self,
                                                                                 bufferingPolicy: .bufferingNewest(256))
        stack.onEvent = { [unowned self] in self.stackEvent($0) }
    }

    deinit { registrationContinuation.finish() }

    /// How many calls are open.
    public var sessionCount: Int { core.sessionCount }
    /// How many session timers are armed on the loop.
    public var armedTimers: Int { timers.count }

    // MARK: Application

    /// Places a call; nil when the target cannot be reached from the configured endpoints.
    @discardableResult
    public func call(_ target: SIPAnyURI, body: ByteString = .empty, contentType: String? = "application/sdp") -> SessionID? {
        let (id, actions) = core.call(target, body: body, contentType: contentType, now: stack.loop.now)
        perform(actions)
        return id
    }

    /// Applies one of the core's application operations (ring, answer, reject, hang up) now.
    public func act(_ operation: (inout UserAgentCore, Instant) -> [UserAgentAction]) {
        let actions = operation(&core, stack.loop.now)
        perform(actions)
    }

    // MARK: Runtime

    private func stackEvent(_ event: SIPStackEvent) {
        let now = stack.loop.now
        if registrationEvent(event) { return }
        switch event {
        case .request(let request, _, let id):
            let cancelling = request.method == .cancel ? stack.inviteTransaction(cancelledBy: request) : nil
            perform(core.receiveRequest(request, transaction: id, cancelling: cancelling, now: now))
        case .ack(let ack, _):
            perform(core.receiveACK(ack, now: now))
        case .response(let response, _), .strayResponse(let response, _):
            perform(core.receiveResponse(response, now: now))
        case .timeout(let id):
            failed(id, "no response (transaction timeout)")
        case .transportError(let id):
            failed(id, "the transport failed")
        case .terminated(let id):
            clientRequests[id] = nil
        }
    }

    private func failed(_ id: TransactionID, _ reason: String) {
        guard let request = clientRequests[id] else { return }
        perform(core.requestFailed(request, reason: reason, now: stack.loop.now))
    }

    private func perform(_ actions: [UserAgentAction]) {
        for action in actions {
            switch action {
            case .send(let request, let hop):
                send(request, to: hop)
            case .sendACK(let ack, let hop):
                guard let destination = Self.address(hop) else { continue }
                do { try stack.sendStateless(ack, to: destination) } catch { logger.notice("ACK to \(hop) failed: \(error)") }
            case .respond(let response, let id):
                do { try stack.respond(response, in: id) } catch { logger.debug("response in \(id) not sent: \(error)") }
            case .setTimer(let timer, let at):
                if let old = timers[timer] { stack.loop.cancel(old) }
                timers[timer] = stack.loop.schedule(at: at) { [unowned self] in
                    timers[timer] = nil
                    perform(core.timerFired(timer, now: stack.loop.now))
                }
            case .cancelTimer(let timer):
                if let old = timers.removeValue(forKey: timer) { stack.loop.cancel(old) }
            case .event(let event):
                onEvent?(event)
            }
        }
    }

    private func send(_ request: SIPMessage, to hop: SIPNextHop) {
        guard let destination = Self.address(hop) else {
            perform(core.requestFailed(request, reason: "cannot resolve \(hop.host) (only IP addresses for now)", now: stack.loop.now))
            return
        }
        do {
            let id = try stack.send(request, to: destination)
            clientRequests[id] = request
        } catch {
            perform(core.requestFailed(request, reason: "\(error)", now: stack.loop.now))
        }
    }

    /// The transport address of a next hop whose host is an IP literal.
    public static func address(_ hop: SIPNextHop) -> SIPTransportAddress? {
        guard let transport = SIPTransportProtocol(viaToken: hop.transport),
              let address = SocketAddress(ip: hop.host, port: UInt16(clamping: hop.port)) else { return nil }
        return SIPTransportAddress(transport, address)
    }
}
