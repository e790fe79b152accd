import Crypto
import CryptoExtras

/// A Digest algorithm (RFC 7616 §3.2, RFC 8760 §2.2): the hash function, and whether it is the
/// session variant (`-sess`), whose A1 also covers the nonce and cnonce.
public enum DigestAlgorithm: String, CaseIterable, Sendable, Hashable {
    /// MD5 (RFC 2617; the algorithm when a challenge names none).
    case md5 = "MD5"
    /// MD5-sess.
    case md5Session = "MD5-sess"
    /// SHA-256 (RFC 7616, RFC 8760).
    case sha256 = "SHA-256"
    /// SHA-256-sess.
    case sha256Session = "SHA-256-sess"
    /// SHA-512/256, the FIPS 180-4 function with its own initial values (not SHA-512 cut short).
    case sha512_256 = "SHA-512-256"
    /// SHA-512-256-sess.
    case sha512_256Session = "SHA-512-256-sess"

    /// The algorithm named by a challenge's `algorithm` token (case-insensitive), or nil when the
    /// stack does not support it.
    public init?(token: String) {
        guard let match = Self.allCases.first(where: { $0.rawValue.lowercased() == token.lowercased() }) else { return nil }
        self = match
    }

    /// Whether A1 is the session form (RFC 7616 §3.4.2).
    public var isSession: Bool { rawValue.hasSuffix("-sess") }

    /// The lowercase hex digest of `bytes` (RFC 7616 §3.4: H(data)).
    public func hash(_ bytes: some Sequence<UInt8>) -> String {
        let data = Array(bytes)
        switch self {
        case .md5, .md5Session: return Self.hex(Insecure.MD5.hash(data: data))
        case .sha256, .sha256Session: return Self.hex(SHA256.hash(data: data))
        case .sha512_256, .sha512_256Session: return Self.hex(SHA512256.hash(data: data))
        }
    }

    /// The hex digest of `text`'s UTF-8 bytes.
    public func hash(_ text: String) -> String { hash(text.utf8) }

    private static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// The quality of protection (RFC 7616 §3.3): `auth` covers the method and URI, `auth-int` the body too.
public enum DigestQOP: String, Sendable, Hashable {
    /// Authentication.
    case auth
    /// Authentication with integrity protection of the body.
    case authInt = "auth-int"
}

/// Everything one digest response is computed from (RFC 7616 §3.4.1), for the client's answers and
/// for checking them against published vectors.
public struct DigestInput: Sendable, Hashable {
    /// The hash and session variant.
    public var algorithm: DigestAlgorithm
    /// The user name (before any userhash).
    public var username: String
    /// The password.
    public var password: String
    /// The challenge's realm.
    public var realm: String
    /// The challenge's nonce.
    public var nonce: String
    /// The request method.
    public var method: String
    /// The digest-uri: the Request-URI as sent (RFC 3261 §22.4).
    public var uri: String
    /// The chosen qop, or nil for the RFC 2069 form a challenge without qop asks for.
    public var qop: DigestQOP?
    /// The client nonce (with a qop or a session algorithm).
    public var cnonce: String
    /// The nonce count: how many requests this nonce has answered, this one included.
    public var nonceCount: UInt32
    /// The message body (for `auth-int`).
    public var body: [UInt8]

    /// All the inputs.
    public init(algorithm: DigestAlgorithm, username: String, password: String, realm: String, nonce: String,
                method: String, uri: String, qop: DigestQOP?, cnonce: String = "", nonceCount: UInt32 = 1, body: [UInt8] = []) {
        self.algorithm = algorithm
        self.username = username
        self.password = password
        self.realm = realm
        self.nonce = nonce
        self.method = method
        self.uri = uri
        self.qop = qop
        self.cnonce = cnonce
        self.nonceCount = nonceCount
        self.body = body
    }

    /// `nc`: the nonce count as eight lowercase hex digits.
    public var nc: String { paddedHex(UInt64(nonceCount), digits: 8) }

    /// The `response` value: KD(H(A1), nonce ":" nc ":" cnonce ":" qop ":" H(A2)) with a qop, or
    /// KD(H(A1), nonce ":" H(A2)) without (RFC 7616 §3.4.1, RFC 2617 §3.2.2.1).
    public var response: String {
        let h: (String) -> String = algorithm.hash
        var a1 = h("\(username):\(realm):\(password)")
        if algorithm.isSession { a1 = h("\(a1):\(nonce):\(cnonce)") }  // §3.4.2
        let a2: String
        switch qop {
        case .authInt: a2 = h("\(method):\(uri):\(algorithm.hash(body))")  // §3.4.3
        case .auth, nil: a2 = h("\(method):\(uri)")
        }
        guard let qop else { return h("\(a1):\(nonce):\(a2)") }
        return h("\(a1):\(nonce):\(nc):\(cnonce):\(qop.rawValue):\(a2)")
    }

    /// The hashed user name sent when the challenge asks for `userhash` (RFC 7616 §3.4.4).
    public var userhash: String { algorithm.hash("\(username):\(realm)") }
}

/// `value` in lowercase hex, zero-padded to `digits`.
func paddedHex(_ value: UInt64, digits: Int) -> String {
    let hex = String(value, radix: 16)
    return String(repeating: "0", count: max(0, digits - hex.count)) + hex
}
