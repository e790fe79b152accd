import CSRTP

/// The SRTP crypto suites the stack speaks, with their SDES names (RFC 4568 §6.2, RFC 7714 §12).
public enum SRTPProfile: String, Sendable, Hashable, CaseIterable {
    /// AES-128 counter mode with an 80-bit HMAC-SHA1 tag (RFC 3711; the mandatory suite).
    case aesCM128HMACSHA1_80 = "AES_CM_128_HMAC_SHA1_80"
    /// AES-128 counter mode with a 32-bit HMAC-SHA1 tag on SRTP (SRTCP keeps 80 bits, RFC 4568 §6.2.2).
    case aesCM128HMACSHA1_32 = "AES_CM_128_HMAC_SHA1_32"
    /// AES-128 GCM with a 16-octet tag (RFC 7714).
    case aeadAES128GCM = "AEAD_AES_128_GCM"
    /// AES-256 GCM with a 16-octet tag (RFC 7714).
    case aeadAES256GCM = "AEAD_AES_256_GCM"

    /// The name in `a=crypto` lines.
    public var sdesName: String { rawValue }

    /// The profile for an SDES suite name, or nil when the stack does not support it.
    public init?(sdesName: String) { self.init(rawValue: sdesName) }

    /// Master key length in bytes.
    public var keyLength: Int { self == .aeadAES256GCM ? 32 : 16 }
    /// Master salt length in bytes: 14 for AES-CM (RFC 3711), 12 for GCM (RFC 7714 §12).
    public var saltLength: Int { isAEAD ? 12 : 14 }
    /// The key and salt together, as `inline:` carries them.
    public var keyAndSaltLength: Int { keyLength + saltLength }
    /// Whether the suite is an AEAD (GCM) one.
    public var isAEAD: Bool { self == .aeadAES128GCM || self == .aeadAES256GCM }
    /// Bytes of authentication tag on an SRTP packet.
    public var rtpTagLength: Int {
        switch self {
        case .aesCM128HMACSHA1_80: 10
        case .aesCM128HMACSHA1_32: 4
        case .aeadAES128GCM, .aeadAES256GCM: 16
        }
    }
    /// Bytes of authentication tag on an SRTCP packet.
    public var rtcpTagLength: Int { isAEAD ? 16 : 10 }
    /// The most packets one master key may protect (RFC 3711 §9.2, RFC 7714 §14.2): 2^48 SRTP packets.
    public static let maximumKeyLifetime: UInt64 = 1 << 48

    /// Fills libsrtp's RTP and RTCP crypto policies for this suite.
    func apply(to policy: inout srtp_policy_t) {
        switch self {
        case .aesCM128HMACSHA1_80:
            // (libsrtp's "default" policy is this suite.)
            srtp_crypto_policy_set_rtp_default(&policy.rtp)
            srtp_crypto_policy_set_rtcp_default(&policy.rtcp)
        case .aesCM128HMACSHA1_32:
            srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32(&policy.rtp)
            srtp_crypto_policy_set_rtcp_default(&policy.rtcp)
        case .aeadAES128GCM:
            srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtp)
            srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtcp)
        case .aeadAES256GCM:
            srtp_crypto_policy_set_aes_gcm_256_16_auth(&policy.rtp)
            srtp_crypto_policy_set_aes_gcm_256_16_auth(&policy.rtcp)
        }
    }
}
