import SIPMessage
import StackCore

/// What an account registers (RFC 3261 §10.2) and how it retries.
public struct RegistrationConfiguration: Sendable {
    /// The registrar's URI: the REGISTER's Request-URI (the domain, `sip:example.com`).
    public var registrar: SIPAnyURI
    /// The address of record, in To and From.
    public var addressOfRecord: SIPAnyURI
    /// Where this device is reached: the Contact, with the transport it listens on.
    public var contact: SIPAnyURI
    /// The Via this side sends from (its `sent-by`); each REGISTER gets a fresh branch.
    public var via: (transport: String, host: String, port: Int?)
    /// The registration interval asked for, in seconds (RFC 3261 §10.2.1.1).
    public var expires: UInt32 = 3600
    /// The user name and password (one realm or any).
    public var credentials: [DigestCredentials] = []
    /// The first wait after a failure (RFC 5626 §4.5 base time).
    public var retryBase: Duration = .seconds(30)
    /// The longest wait after failures (RFC 5626 §4.5 max time).
    public var retryMaximum: Duration = .seconds(1800)
    /// The longest Retry-After honoured; longer ones are cut to this.
    public var retryAfterMaximum: Duration = .seconds(3600)
    /// Challenges answered at most for one registration attempt (stale nonces included) before
    /// giving up.
    public var maximumChallenges = 4
    /// Extra header fields for every REGISTER (User-Agent, Supported, …).
    public var extraHeaders: [SIPHeaderField] = []

    /// An account registering `contact` for `addressOfRecord` at `registrar`, sending from `via`.
    public init(registrar: SIPAnyURI, addressOfRecord: SIPAnyURI, contact: SIPAnyURI,
                via: (transport: String, host: String, port: Int?)) {
        self.registrar = registrar
        self.addressOfRecord = addressOfRecord
        self.contact = contact
        self.via = via
    }
}

/// Where a registration stands.
public enum RegistrationState: Sendable, Hashable {
    /// Not registered, and not trying.
    case unregistered
    /// A REGISTER is out (the first, a refresh, a retry or an answer to a challenge).
    case registering
    /// Registered until `expiry`, for `granted` seconds.
    case registered(expiry: Instant, granted: UInt32)
    /// Removing the binding.
    case unregistering
    /// The last attempt failed; another is due at `retryAt`, or none when retrying cannot help
    /// (wrong credentials).
    case failed(RegistrationError, retryAt: Instant?)
}

/// Why a registration attempt failed.
public enum RegistrationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The registrar refused the credentials (wrong user name or password).
    case authenticationFailed(realm: String)
    /// The registrar's challenge cannot be answered.
    case authenticationUnsupported(DigestError)
    /// The registrar answered with a final failure.
    case rejected(status: Int, reason: String)
    /// No response came (the transaction timed out) or the transport failed.
    case unreachable(String)
    /// 423 without a usable Min-Expires, or asking for more than a day.
    case intervalRefused

    public var description: String {
        switch self {
        case .authenticationFailed(let realm): return "the registrar refused the credentials for \"\(realm)\" (wrong user name or password)"
        case .authenticationUnsupported(let why): return "cannot authenticate: \(why)"
        case .rejected(let status, let reason): return "the registrar answered \(status) \(reason)"
        case .unreachable(let why): return "the registrar cannot be reached: \(why)"
        case .intervalRefused: return "the registrar refused the registration interval"
        }
    }
}

/// What the registration asks its driver to do.
public enum RegistrationAction: Sendable {
    /// Send this REGISTER in a new client transaction.
    case send(SIPMessage)
    /// Call ``RegistrationClient/timerFired(now:random:)`` at this instant (replacing any earlier timer).
    case setTimer(Instant)
    /// No timer is needed.
    case cancelTimer
    /// The state changed.
    case stateChanged(RegistrationState)
}
