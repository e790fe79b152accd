import EventLoopPOSIX
import SIPMessage
import SIPTransaction
import SIPTransport
import SIPUserAgent
import StackCore

/// Names one registration (account) of a ``UserAgentDriver``.
public struct RegistrationID: Sendable, Hashable, CustomStringConvertible {
    /// The number, unique within one driver.
    public let rawValue: UInt64
    public var description: String { "registration\(rawValue)" }
}

/// A registration's new state.
public struct RegistrationUpdate: Sendable, Hashable {
    /// Which registration.
    public let id: RegistrationID
    /// Its state now.
    public let state: RegistrationState
}

extension UserAgentDriver {
    /// One account's registration: the pure client, where its REGISTERs go, and its timer.
    struct Registration {
        var client: RegistrationClient
        let nextHop: SIPTransportAddress
        var timer: TimerQueue<() -> Void>.Handle?
    }

    /// Starts registering an account (RFC 3261 §10.2); any number run at once, each with its own
    /// refresh, challenges and retries. REGISTERs go to `proxy` when given, else to the registrar's
    /// address. Nil when that address is not an IP literal (no DNS yet).
    public func register(_ configuration: RegistrationConfiguration, proxy: SIPAnyURI? = nil) -> RegistrationID? {
        guard let hop = SIPNextHop(uri: proxy ?? configuration.registrar), let address = Self.address(hop) else { return nil }
        let id = RegistrationID(rawValue: nextRegistration)
        nextRegistration += 1
        var client = RegistrationClient(configuration: configuration, random: &random)
        let actions = client.start(now: stack.loop.now, random: &random)
        registrations[id] = Registration(client: client, nextHop: address)
        perform(actions, for: id)
        return id
    }

    /// Removes an account's binding (Expires 0); the registration is forgotten once that is done.
    public func unregister(_ id: RegistrationID) {
        drive(id) { client, now, random in client.stop(now: now, random: &random) }
    }

    /// Removes every account's binding, as at shutdown.
    public func unregisterAll() {
        for id in registrations.keys { unregister(id) }
    }

    /// Tells a registration that the device's address changed: it registers the new Contact at once
    /// and removes the old one.
    public func networkChanged(_ id: RegistrationID, contact: SIPAnyURI, via: (transport: String, host: String, port: Int?)) {
        drive(id) { client, now, random in client.networkChanged(contact: contact, via: via, now: now, random: &random) }
    }

    /// A registration's state, or nil once it is forgotten.
    public func registrationState(_ id: RegistrationID) -> RegistrationState? { registrations[id]?.client.state }

    /// How many registrations are kept (registered, trying, or failed with a retry due).
    public var registrationCount: Int { registrations.count }

    // MARK: Runtime

    /// Handles a stack event that belongs to a REGISTER transaction; false for the others.
    func registrationEvent(_ event: SIPStackEvent) -> Bool {
        switch event {
        case .response(let response, let tid):
            guard let id = registrationTransactions[tid] else { return false }
            drive(id) { client, now, random in client.receive(response, now: now, random: &random) }
        case .timeout(let tid):
            guard let id = registrationTransactions.removeValue(forKey: tid) else { return false }
            drive(id) { client, now, random in client.transactionFailed("no response (transaction timeout)", now: now, random: &random) }
        case .transportError(let tid):
            guard let id = registrationTransactions.removeValue(forKey: tid) else { return false }
            drive(id) { client, now, random in client.transactionFailed("the transport failed", now: now, random: &random) }
        case .terminated(let tid):
            return registrationTransactions.removeValue(forKey: tid) != nil
        default:
            return false
        }
        return true
    }

    private func drive(_ id: RegistrationID,
                       _ body: (inout RegistrationClient, Instant, inout SystemRandomSource) -> [RegistrationAction]) {
        guard var registration = registrations[id] else { return }
        let actions = body(&registration.client, stack.loop.now, &random)
        registrations[id] = registration
        perform(actions, for: id)
    }

    private func perform(_ actions: [RegistrationAction], for id: RegistrationID) {
        for action in actions {
            guard let registration = registrations[id] else { return }
            switch action {
            case .send(let request):
                do {
                    registrationTransactions[try stack.send(request, to: registration.nextHop)] = id
                } catch {
                    drive(id) { client, now, random in client.transactionFailed("\(error)", now: now, random: &random) }
                }
            case .setTimer(let at):
                if let old = registration.timer { stack.loop.cancel(old) }
                registrations[id]?.timer = stack.loop.schedule(at: at) { [unowned self] in
                    registrations[id]?.timer = nil
                    drive(id) { client, now, random in client.timerFired(now: now, random: &random) }
                }
            case .cancelTimer:
                if let old = registration.timer { stack.loop.cancel(old) }
                registrations[id]?.timer = nil
            case .stateChanged(let state):
                if case .registered = state { keepAlive(registration.nextHop) }
                let update = RegistrationUpdate(id: id, state: state)
                registrationContinuation.yield(update)
                onRegistration?(update)
            }
        }
        if let left = registrations[id], left.client.state == .unregistered, left.timer == nil {
            registrations[id] = nil  // removed: nothing more will come for it
            if !registrations.values.contains(where: { $0.nextHop == left.nextHop }) {
                stack.transport.stopKeepAlive(to: left.nextHop)
            }
        }
    }

    /// Keeps the flow to a registrar alive while an account is registered there (RFC 5626 §4.4.1).
    private func keepAlive(_ hop: SIPTransportAddress) {
        guard let interval = hop.transport == .udp ? udpKeepAliveInterval : streamKeepAliveInterval,
              !stack.transport.keepAliveDestinations.contains(hop) else { return }
        stack.transport.startKeepAlive(to: hop, every: interval)
    }
}
