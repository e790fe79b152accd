import StackCore

/// A user name and password, for one realm or for any.
public struct DigestCredentials: Sendable, Hashable {
    /// The user name.
    public var username: String
    /// The password.
    public var password: String
    /// The realm these are for, or nil for any realm without credentials of its own.
    public var realm: String?

    /// Credentials for `realm` (any realm when nil).
    public init(username: String, password: String, realm: String? = nil) {
        self.username = username
        self.password = password
        self.realm = realm
    }
}

/// One answer to a challenge: the Authorization (or, for a proxy, Proxy-Authorization) header.
public struct DigestAuthorization: Sendable, Hashable {
    /// True for Proxy-Authorization.
    public let isProxy: Bool
    /// The realm it answers.
    public let realm: String
    /// The nonce it used.
    public let nonce: String
    /// True when it was sent before any challenge to the request (``DigestClient/preemptiveAuthorizations(method:uri:body:random:)``):
    /// a challenge to it says nothing about the password.
    public let isPreemptive: Bool
    /// The header value (`Digest username="…", …`).
    public let value: String
}

/// The client side of Digest authentication for one account (RFC 3261 §22.2–§22.4, RFC 7616,
/// RFC 8760): answers 401 and 407 challenges, keeps each realm's nonce and nonce count so that
/// later requests can carry credentials before being challenged, and tells a wrong password
/// (``DigestError/credentialsRejected(realm:)``) from an expired nonce (`stale=true`).
///
/// A value type driven by its caller; randomness (the cnonce) is injected.
public struct DigestClient: Sendable {
    /// Realms remembered at most; the least recently used is forgotten first.
    public static let maximumRealms = 16

    /// The configured credentials.
    public var credentials: [DigestCredentials]
    /// Whether to choose `auth-int` over `auth` when a challenge offers both (`auth-int` is always
    /// used when it is the only one offered).
    public var prefersIntegrity: Bool

    private struct RealmState: Sendable {
        var challenge: DigestChallenge
        var nonceCount: UInt32
        var lastUse: UInt64
    }
    private var realms: [String: RealmState] = [:]
    private var uses: UInt64 = 0

    /// A client answering with `credentials`.
    public init(credentials: [DigestCredentials], prefersIntegrity: Bool = false) {
        self.credentials = credentials
        self.prefersIntegrity = prefersIntegrity
    }

    /// The authorizations for a request challenged with `challenges` (all of a 401's or 407's,
    /// in order), one per realm. `previous` is what the challenged request carried: a realm it
    /// answered (not pre-emptively) that challenges again without `stale=true` means the
    /// credentials are wrong.
    ///
    /// For a realm with several challenges, the topmost one with an algorithm the stack supports
    /// is answered (RFC 8760 §2.4); the caller has already left out the ones it cannot read
    /// (``DigestChallenge/challenges(in:)``).
    public mutating func authorize(challenges: [DigestChallenge], previous: [DigestAuthorization] = [],
                                   method: String, uri: String, body: [UInt8] = [],
                                   random: inout some RandomSource) throws(DigestError) -> [DigestAuthorization] {
        var chosen: [DigestChallenge] = []
        for challenge in challenges where !chosen.contains(where: { $0.isProxy == challenge.isProxy && $0.realm == challenge.realm }) {
            chosen.append(challenge)
        }
        guard !chosen.isEmpty else { throw .noUsableChallenge }
        var out: [DigestAuthorization] = []
        for challenge in chosen {
            if !challenge.isStale,
               previous.contains(where: { !$0.isPreemptive && $0.isProxy == challenge.isProxy && $0.realm == challenge.realm }) {
                throw .credentialsRejected(realm: challenge.realm)
            }
            remember(challenge)
            out.append(try answer(realmKey(challenge), method: method, uri: uri, body: body, preemptive: false, random: &random))
        }
        return out
    }

    /// Authorizations for the realms answered before, with their nonces and the next nonce counts,
    /// to send with a new request before it is challenged (RFC 3261 §22.3: a UAC may reuse
    /// credentials for the same realm). Empty when no realm is known.
    public mutating func preemptiveAuthorizations(method: String, uri: String, body: [UInt8] = [],
                                                  random: inout some RandomSource) -> [DigestAuthorization] {
        realms.keys.sorted().compactMap { key in try? answer(key, method: method, uri: uri, body: body, preemptive: true, random: &random) }
    }

    /// Takes the `nextnonce` of an Authentication-Info header for `realm` (RFC 7616 §3.5): the
    /// next request answers with it, counting from 1.
    public mutating func useNextNonce(_ nonce: String, realm: String, isProxy: Bool = false) {
        let key = Self.key(realm: realm, isProxy: isProxy)
        guard var state = realms[key], !nonce.isEmpty else { return }
        state.challenge.nonce = nonce
        state.nonceCount = 0
        realms[key] = state
    }

    /// Forgets every realm (after the account's credentials change).
    public mutating func reset() { realms = [:] }

    // MARK: Internals

    private static func key(realm: String, isProxy: Bool) -> String { (isProxy ? "P " : "W ") + realm }
    private func realmKey(_ c: DigestChallenge) -> String { Self.key(realm: c.realm, isProxy: c.isProxy) }

    private mutating func remember(_ challenge: DigestChallenge) {
        let key = realmKey(challenge)
        if realms[key]?.challenge.nonce == challenge.nonce { return }
        if realms[key] == nil, realms.count >= Self.maximumRealms,
           let oldest = realms.min(by: { $0.value.lastUse < $1.value.lastUse })?.key {
            realms[oldest] = nil
        }
        realms[key] = RealmState(challenge: challenge, nonceCount: 0, lastUse: uses)
    }

    private mutating func answer(_ key: String, method: String, uri: String, body: [UInt8], preemptive: Bool,
                                 random: inout some RandomSource) throws(DigestError) -> DigestAuthorization {
        guard var state = realms[key] else { throw .noUsableChallenge }
        let c = state.challenge
        guard let credential = credentials.first(where: { $0.realm == c.realm }) ?? credentials.first(where: { $0.realm == nil }) else {
            throw .noCredentials(realm: c.realm)
        }
        let qop = try chooseQOP(c)
        uses += 1
        state.nonceCount &+= 1
        state.lastUse = uses
        realms[key] = state
        let usesCnonce = qop != nil || c.algorithm.isSession
        let input = DigestInput(algorithm: c.algorithm, username: credential.username, password: credential.password,
                                realm: c.realm, nonce: c.nonce, method: method, uri: uri, qop: qop,
                                cnonce: usesCnonce ? Self.cnonce(&random) : "", nonceCount: state.nonceCount, body: body)
        return DigestAuthorization(isProxy: c.isProxy, realm: c.realm, nonce: c.nonce, isPreemptive: preemptive,
                                   value: Self.header(input, challenge: c))
    }

    private func chooseQOP(_ c: DigestChallenge) throws(DigestError) -> DigestQOP? {
        guard c.offersQOP else { return nil }
        let auth = c.qopOptions.contains(.auth), authInt = c.qopOptions.contains(.authInt)
        if authInt && (prefersIntegrity || !auth) { return .authInt }
        if auth { return .auth }
        throw .unsupportedQOP(c.qopOptions.map(\.rawValue))
    }

    /// 128 random bits in hex (RFC 7616 §3.4: the cnonce should carry enough entropy).
    private static func cnonce(_ random: inout some RandomSource) -> String {
        paddedHex(random.next64(), digits: 16) + paddedHex(random.next64(), digits: 16)
    }

    /// The credentials header value (RFC 7616 §3.4; RFC 3261 §25.1 `credentials`): quoted strings
    /// for the free-form parameters, tokens for algorithm, qop and nc.
    static func header(_ input: DigestInput, challenge c: DigestChallenge) -> String {
        var parts: [String] = []
        if c.userhash {
            parts.append("username=\(quoted(input.userhash))")
        } else if input.username.utf8.allSatisfy({ $0 < 0x80 }) {
            parts.append("username=\(quoted(input.username))")
        } else {
            parts.append("username*=UTF-8''\(extValue(input.username))")  // RFC 7616 §3.4.4, RFC 5987
        }
        parts.append("realm=\(quoted(input.realm))")
        parts.append("nonce=\(quoted(input.nonce))")
        parts.append("uri=\(quoted(input.uri))")
        parts.append("response=\(quoted(input.response))")
        parts.append("algorithm=\(input.algorithm.rawValue)")
        if input.qop != nil || input.algorithm.isSession { parts.append("cnonce=\(quoted(input.cnonce))") }
        if let opaque = c.opaque { parts.append("opaque=\(quoted(opaque))") }
        if let qop = input.qop {
            parts.append("qop=\(qop.rawValue)")
            parts.append("nc=\(input.nc)")
        }
        if c.userhash { parts.append("userhash=true") }
        return "Digest " + parts.joined(separator: ", ")
    }

    /// A quoted-string with `"` and `\` escaped (RFC 3261 §25.1 quoted-pair).
    static func quoted(_ s: String) -> String {
        var out = "\""
        for ch in s {
            if ch == "\"" || ch == "\\" { out.append("\\") }
            out.append(ch)
        }
        return out + "\""
    }

    /// RFC 5987 ext-value percent-encoding of UTF-8 (attr-char kept).
    static func extValue(_ s: String) -> String {
        let keep = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$&+-.^_`|~".utf8)
        let digits = Array("0123456789ABCDEF".utf8)
        var out = [UInt8]()
        for b in s.utf8 {
            if keep.contains(b) { out.append(b) } else { out += [0x25, digits[Int(b >> 4)], digits[Int(b & 0x0F)]] }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
