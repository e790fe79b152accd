import SIPMessage

/// A Digest challenge from a 401's WWW-Authenticate or a 407's Proxy-Authenticate, checked and
/// typed (RFC 3261 §22, RFC 7616 §3.3).
public struct DigestChallenge: Sendable, Hashable {
    /// True for Proxy-Authenticate (answered in Proxy-Authorization).
    public let isProxy: Bool
    /// The protection space the credentials are for.
    public let realm: String
    /// The server's nonce (replaced by an Authentication-Info `nextnonce`).
    public internal(set) var nonce: String
    /// Returned unchanged in the answer.
    public let opaque: String?
    /// The algorithm (MD5 when the challenge names none).
    public let algorithm: DigestAlgorithm
    /// The qop values offered that the stack knows; empty for a challenge without qop (RFC 2069
    /// form). Unknown values are left out.
    public let qopOptions: [DigestQOP]
    /// Whether the challenge offered a qop at all (then one of ours must be among them).
    public let offersQOP: Bool
    /// `stale=true`: the last answer's credentials were right, only its nonce had expired.
    public let isStale: Bool
    /// `userhash=true`: the user name is to be sent hashed (RFC 7616 §3.4.4).
    public let userhash: Bool

    /// Reads a challenge header; throws for another scheme, an algorithm the stack does not
    /// support, or a missing realm or nonce.
    public init(_ header: SIPAuthChallenge, isProxy: Bool) throws(DigestError) {
        guard header.isDigest else { throw .unsupportedScheme(header.scheme.string) }
        guard let algorithm = DigestAlgorithm(token: header.algorithm) else { throw .unsupportedAlgorithm(header.algorithm) }
        guard let realm = header.realm else { throw .missingParameter("realm") }
        guard let nonce = header.nonce, !nonce.isEmpty else { throw .missingParameter("nonce") }
        self.init(isProxy: isProxy, realm: realm, nonce: nonce, opaque: header.opaque, algorithm: algorithm,
                  qop: header.parameters.value("qop").map { Self.qopList($0) }, stale: header.isStale, userhash: header.userhash)
    }

    /// A challenge from its parts; `qop` is the offered list as it appears (nil for none).
    public init(isProxy: Bool, realm: String, nonce: String, opaque: String? = nil, algorithm: DigestAlgorithm = .md5,
                qop: [String]? = nil, stale: Bool = false, userhash: Bool = false) {
        self.isProxy = isProxy
        self.realm = realm
        self.nonce = nonce
        self.opaque = opaque
        self.algorithm = algorithm
        offersQOP = qop != nil
        qopOptions = (qop ?? []).compactMap { DigestQOP(rawValue: $0.lowercased()) }
        isStale = stale
        self.userhash = userhash
    }

    private static func qopList(_ value: String) -> [String] {
        value.split(separator: ",").map { String($0.filter { $0 != " " && $0 != "\t" }) }.filter { !$0.isEmpty }
    }

    /// The challenges of a 401 or 407 (its WWW-Authenticate and Proxy-Authenticate headers, in
    /// order), with those the stack cannot answer (other schemes, unknown algorithms, missing
    /// parameters) left out and returned apart.
    public static func challenges(in response: SIPMessage) -> (usable: [DigestChallenge], ignored: [DigestError]) {
        var usable: [DigestChallenge] = [], ignored: [DigestError] = []
        for (name, proxy) in [(SIPHeaderName.wwwAuthenticate, false), (.proxyAuthenticate, true)] {
            for value in response.headers[name] {
                do throws(DigestError) {
                    guard let header = try? SIPAuthChallenge(parsing: value, header: name, limits: .default) else {
                        throw .malformedChallenge(value.string)
                    }
                    usable.append(try DigestChallenge(header, isProxy: proxy))
                } catch {
                    ignored.append(error)
                }
            }
        }
        return (usable, ignored)
    }
}

/// Why a challenge cannot be answered.
public enum DigestError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A scheme other than Digest.
    case unsupportedScheme(String)
    /// An algorithm the stack does not implement.
    case unsupportedAlgorithm(String)
    /// None of the offered qop values is `auth` or `auth-int`.
    case unsupportedQOP([String])
    /// The challenge lacks a parameter it must carry.
    case missingParameter(String)
    /// The header does not parse.
    case malformedChallenge(String)
    /// The response carried no challenge the stack can answer.
    case noUsableChallenge
    /// No credentials are configured for the realm.
    case noCredentials(realm: String)
    /// The realm challenged again an answer computed with the credentials, not because the nonce
    /// was stale: the user name or password is wrong.
    case credentialsRejected(realm: String)

    public var description: String {
        switch self {
        case .unsupportedScheme(let s): return "authentication scheme \(s) is not supported"
        case .unsupportedAlgorithm(let a): return "digest algorithm \(a) is not supported"
        case .unsupportedQOP(let q): return "none of the offered qop values (\(q.joined(separator: ", "))) is supported"
        case .missingParameter(let p): return "the digest challenge has no \(p)"
        case .malformedChallenge(let v): return "malformed challenge: \(v)"
        case .noUsableChallenge: return "no digest challenge the stack can answer"
        case .noCredentials(let realm): return "no credentials for realm \"\(realm)\""
        case .credentialsRejected(let realm): return "the credentials for realm \"\(realm)\" were rejected (wrong user name or password)"
        }
    }
}
