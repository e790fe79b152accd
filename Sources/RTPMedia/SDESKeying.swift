import SDP
import SRTP
import StackCore

/// The glue between SDP's `a=crypto` negotiation and SRTP contexts (RFC 4568): fresh local keys to
/// offer or answer with, and the two contexts a negotiated stream runs on.
///
/// It lives here because the SDP module keeps key parameters as opaque text and the SRTP module
/// knows nothing of SDP (ARCHITECTURE.md's layering); this module may use both.
public enum SDESKeying {
    /// Fresh keys from `random` (the system's secure generator unless a test injects one), one per
    /// suite in preference order, as `SDPLocalMedia.cryptoKeys` takes them.
    public static func localKeys(_ profiles: [SRTPProfile] = SRTPProfile.allCases, lifetime: UInt64? = nil,
                                 using random: inout some RandomSource) throws(SRTPError) -> [SDPCryptoKey] {
        var keys: [SDPCryptoKey] = []
        for profile in profiles {
            let key = try SRTPMasterKey.generate(profile: profile, lifetime: lifetime, using: &random)
            keys.append(SDPCryptoKey(suite: profile.sdesName, keyParameters: SDESKeyParameters.format(key)))
        }
        return keys
    }

    /// Fresh keys from the operating system's secure generator.
    public static func localKeys(_ profiles: [SRTPProfile] = SRTPProfile.allCases, lifetime: UInt64? = nil) throws(SRTPError) -> [SDPCryptoKey] {
        var random = SystemRandomSource()
        return try localKeys(profiles, lifetime: lifetime, using: &random)
    }

    /// The outbound context (our key) and the inbound one (the peer's) for a negotiated stream.
    /// Where the peer offered several keys with MKIs, the first is used for now; throws
    /// ``SRTPError/invalidKey(_:)`` for an unknown suite or key parameters that do not parse.
    public static func contexts(for negotiated: SDPNegotiatedSRTP) throws(SRTPError) -> (outbound: SRTPContext, inbound: SRTPContext) {
        guard let profile = SRTPProfile(sdesName: negotiated.suite) else {
            throw .invalidKey("crypto suite \(negotiated.suite) is not supported")
        }
        guard let local = try SDESKeyParameters.parse(negotiated.localKeyParameters, profile: profile).first,
              let remote = try SDESKeyParameters.parse(negotiated.remoteKeyParameters, profile: profile).first else {
            throw .invalidKey("no key parameters")
        }
        return (try SRTPContext(key: local, direction: .outbound), try SRTPContext(key: remote, direction: .inbound))
    }
}
