import SIPMessage
import StackCore

/// One account's registration with its registrar (RFC 3261 §10.2): REGISTER with Contact and
/// expiry, refresh before the binding expires, 423 Interval Too Brief, Digest challenges (401
/// and 407), retries with exponential backoff and jitter (RFC 5626 §4.5) or as Retry-After says,
/// re-registration at once when the network changes, and removal on stop.
///
/// Pure and clock-driven: it reads no clock and opens no socket. Its driver passes the time and a
/// random source to each call, sends the REGISTERs it returns in client transactions, feeds back
/// their final responses (or their failure) and fires its one timer.
public struct RegistrationClient: Sendable {
    /// The settings.
    public private(set) var configuration: RegistrationConfiguration
    /// The current state.
    public private(set) var state: RegistrationState = .unregistered

    private var digest: DigestClient
    private let callID: String
    private let fromTag: String
    private var sequence: UInt32 = 0
    /// The CSeq of the REGISTER whose answer is awaited.
    private var outstanding: UInt32?
    /// Whether the outstanding REGISTER removes the binding.
    private var removing = false
    /// The authorizations the outstanding REGISTER carries.
    private var carried: [DigestAuthorization] = []
    private var challengesThisAttempt = 0
    private var failures = 0
    /// The interval asked for now (raised by 423).
    private var expires: UInt32
    /// A contact replaced by ``networkChanged(contact:via:now:random:)``, removed with the next REGISTER.
    private var staleContact: SIPAnyURI?

    /// A registration for `configuration`; `random` draws the Call-ID and From tag.
    public init(configuration: RegistrationConfiguration, random: inout some RandomSource) {
        self.configuration = configuration
        digest = DigestClient(credentials: configuration.credentials)
        expires = configuration.expires
        callID = random.token(count: 24)  // §10.2: one Call-ID for all of a UA's REGISTERs to a registrar
        fromTag = random.token(count: 12)
    }

    // MARK: Events

    /// Registers now.
    public mutating func start(now: Instant, random: inout some RandomSource) -> [RegistrationAction] {
        failures = 0
        return register(now: now, removing: false, random: &random)
    }

    /// Removes the binding (Expires 0, §10.2.2); ends in `.unregistered` when the registrar answers,
    /// or at once when nothing is registered.
    public mutating func stop(now: Instant, random: inout some RandomSource) -> [RegistrationAction] {
        switch state {
        case .unregistered, .unregistering: return []
        case .failed where outstanding == nil:
            return transition(.unregistered) + [.cancelTimer]
        default:
            return register(now: now, removing: true, random: &random)
        }
    }

    /// The device's address changed: registers the new contact at once and removes the old one in
    /// the same REGISTER.
    public mutating func networkChanged(contact: SIPAnyURI, via: (transport: String, host: String, port: Int?),
                                        now: Instant, random: inout some RandomSource) -> [RegistrationAction] {
        if contact != configuration.contact { staleContact = configuration.contact }
        configuration.contact = contact
        configuration.via = via
        guard state != .unregistered, state != .unregistering else { return [] }
        failures = 0
        return register(now: now, removing: false, random: &random)
    }

    /// The timer set by a `.setTimer` action fired: refresh, or retry after a failure.
    public mutating func timerFired(now: Instant, random: inout some RandomSource) -> [RegistrationAction] {
        switch state {
        case .registered: return register(now: now, removing: false, random: &random)
        case .failed(_, let retryAt) where retryAt != nil: return register(now: now, removing: false, random: &random)
        default: return []
        }
    }

    /// A final response to a REGISTER this client sent (responses to earlier ones are ignored).
    public mutating func receive(_ response: SIPMessage, now: Instant, random: inout some RandomSource) -> [RegistrationAction] {
        guard let status = response.status?.rawValue, status >= 200,
              let cseq = response.cseq, cseq.method == .register, cseq.number == outstanding else { return [] }
        outstanding = nil
        switch status {
        case 200..<300: return succeeded(response, now: now)
        case 401, 407: return challenged(response, now: now, random: &random)
        case 423: return intervalTooBrief(response, now: now, random: &random)
        default:
            let reason = response.statusLine?.reason.string ?? ""
            return failed(.rejected(status: status, reason: reason), retryAfter: Self.retryAfter(response), now: now, random: &random)
        }
    }

    /// The outstanding REGISTER's transaction timed out or its transport failed.
    public mutating func transactionFailed(_ reason: String, now: Instant, random: inout some RandomSource) -> [RegistrationAction] {
        guard outstanding != nil else { return [] }
        outstanding = nil
        return failed(.unreachable(reason), retryAfter: nil, now: now, random: &random)
    }

    // MARK: Responses

    private mutating func succeeded(_ response: SIPMessage, now: Instant) -> [RegistrationAction] {
        if let info = try? response.header(.authenticationInfo, as: SIPAuthenticationInfo.self), let next = info.nextNonce,
           let realm = carried.first(where: { !$0.isProxy })?.realm {
            digest.useNextNonce(next, realm: realm)
        }
        failures = 0
        challengesThisAttempt = 0
        staleContact = nil
        if removing {
            removing = false
            return transition(.unregistered) + [.cancelTimer]
        }
        // §10.2.4: the registrar lists the bindings with their expiry; ours is the one with our
        // contact. Failing that, the Expires header, then what was asked.
        let ours = response.contact?.contacts.first { $0.address.uri == configuration.contact }
        let granted = ours?.expires ?? (try? response.expires()) ?? expires
        guard granted > 0 else {
            return transition(.unregistered) + [.cancelTimer]
        }
        let expiry = now + .seconds(Int64(granted))
        // Refresh ahead of expiry: half the interval for short ones, a minute ahead for long ones.
        let margin = min(Int64(granted) / 2, 60)
        return transition(.registered(expiry: expiry, granted: granted)) + [.setTimer(now + .seconds(Int64(granted) - margin))]
    }

    private mutating func challenged(_ response: SIPMessage, now: Instant, random: inout some RandomSource) -> [RegistrationAction] {
        challengesThisAttempt += 1
        guard challengesThisAttempt <= configuration.maximumChallenges else {
            return failed(.rejected(status: response.status?.rawValue ?? 401, reason: "too many challenges"),
                          retryAfter: nil, now: now, random: &random)
        }
        let (challenges, ignored) = DigestChallenge.challenges(in: response)
        do throws(DigestError) {
            guard !challenges.isEmpty else { throw ignored.first ?? .noUsableChallenge }
            let answers = try digest.authorize(challenges: challenges, previous: carried, method: "REGISTER",
                                               uri: configuration.registrar.text.string, random: &random)
            return send(now: now, authorizations: answers, random: &random)
        } catch .credentialsRejected(let realm) {
            return giveUp(.authenticationFailed(realm: realm))
        } catch {
            return giveUp(.authenticationUnsupported(error))
        }
    }

    private mutating func intervalTooBrief(_ response: SIPMessage, now: Instant, random: inout some RandomSource) -> [RegistrationAction] {
        // §10.2.8: retry with at least Min-Expires.
        guard let minimum = try? response.minExpires(), minimum > expires, minimum <= 86_400 else {
            return giveUp(.intervalRefused)
        }
        expires = minimum
        return send(now: now, authorizations: preemptive(random: &random), random: &random)
    }

    private mutating func failed(_ error: RegistrationError, retryAfter: Duration?, now: Instant,
                                 random: inout some RandomSource) -> [RegistrationAction] {
        if removing {
            removing = false
            return transition(.unregistered) + [.cancelTimer]
        }
        failures += 1
        challengesThisAttempt = 0
        let wait = retryAfter.map { min($0, configuration.retryAfterMaximum) } ?? backoff(random: &random)
        let at = now + wait
        return transition(.failed(error, retryAt: at)) + [.setTimer(at)]
    }

    private mutating func giveUp(_ error: RegistrationError) -> [RegistrationAction] {
        removing = false
        challengesThisAttempt = 0
        return transition(.failed(error, retryAt: nil)) + [.cancelTimer]
    }

    /// RFC 5626 §4.5: W = min(max-time, base-time × 2^(failures − 1)), waiting a random 50–100 % of W.
    private func backoff(random: inout some RandomSource) -> Duration {
        let base = configuration.retryBase.components.seconds, ceiling = configuration.retryMaximum.components.seconds
        let exponent = min(failures - 1, 30)
        let w = min(ceiling, base << Int64(exponent))
        let milliseconds = UInt64(max(w, 1) * 1000)
        return .milliseconds(Int64(random.integer(in: (milliseconds / 2)...milliseconds)))
    }

    // MARK: Requests

    private mutating func register(now: Instant, removing: Bool, random: inout some RandomSource) -> [RegistrationAction] {
        self.removing = removing
        challengesThisAttempt = 0
        return send(now: now, authorizations: preemptive(random: &random), random: &random)
    }

    /// Credentials for the realms answered before, sent with a REGISTER before it is challenged.
    private mutating func preemptive(random: inout some RandomSource) -> [DigestAuthorization] {
        digest.preemptiveAuthorizations(method: "REGISTER", uri: configuration.registrar.text.string, random: &random)
    }

    private mutating func send(now: Instant, authorizations: [DigestAuthorization], random: inout some RandomSource) -> [RegistrationAction] {
        guard let request = try? makeRequest(authorizations: authorizations, random: &random) else {
            return giveUp(.rejected(status: 0, reason: "the configured addresses do not make a valid REGISTER"))
        }
        carried = authorizations
        outstanding = sequence
        return transition(removing ? .unregistering : .registering) + [.send(request)]
    }

    private mutating func makeRequest(authorizations: [DigestAuthorization], random: inout some RandomSource) throws(SIPParseError) -> SIPMessage {
        sequence += 1
        let c = configuration
        let via = try SIPVia(transport: c.via.transport, host: c.via.host, port: c.via.port,
                             branch: "z9hG4bK" + random.token(count: 16), parameters: [("rport", nil)])
        let aor = try SIPNameAddress(uri: c.addressOfRecord)
        var parts = SIPRequestParts(method: .register, uri: c.registrar, via: via, from: try aor.settingTag(fromTag), to: aor,
                                    callID: callID, sequence: sequence)
        let seconds = removing ? 0 : expires
        var contacts = [try SIPNameAddress(uri: c.contact, parameters: removing ? [("expires", "0")] : [])]
        if let old = staleContact, !removing { contacts.append(try SIPNameAddress(uri: old, parameters: [("expires", "0")])) }
        parts.extraHeaders = [SIPHeaderField(name: .contact, value: ByteString(contacts.map(\.text.string).joined(separator: ", "))),
                              SIPHeaderField(name: .expires, value: ByteString(String(seconds)))]
        for a in authorizations {
            parts.extraHeaders.append(SIPHeaderField(name: a.isProxy ? .proxyAuthorization : .authorization, value: ByteString(a.value)))
        }
        parts.extraHeaders += c.extraHeaders
        return SIPMessage(request: parts)
    }

    private mutating func transition(_ new: RegistrationState) -> [RegistrationAction] {
        guard new != state else { return [] }
        state = new
        return [.stateChanged(new)]
    }

    /// Retry-After's delta-seconds (RFC 3261 §20.33).
    static func retryAfter(_ response: SIPMessage) -> Duration? {
        guard let value = try? response.header(.retryAfter, as: SIPTokenWithParameters.self),
              let seconds = value.token.decimalValue(limit: UInt64(UInt32.max)) else { return nil }
        return .seconds(Int64(seconds))
    }
}
