import RTPMedia
import SDP
import SRTP
import StackCore
import StackTesting
import Testing

/// Two negotiators settle SRTP by SDES, and the contexts made from what they settled carry packets
/// both ways.
@Suite struct SDESKeyingTests {
    static func side(_ port: Int, _ profiles: [SRTPProfile], seed: UInt64, policy: SDPSRTPPolicy = .mandatory) throws -> SDPOfferAnswer {
        var random = SeededRandom(seed: seed)
        let keys = try SDESKeying.localKeys(profiles, using: &random)
        let audio = SDPLocalMedia(port: port, codecs: [.pcmu], srtp: policy, cryptoKeys: keys)
        return SDPOfferAnswer(configuration: SDPNegotiatorConfiguration(username: "u", sessionID: String(port), initialVersion: 1,
                                                                        address: "127.0.0.1", media: [audio]))
    }

    static let rtp: [UInt8] = [0x80, 0, 0, 1, 0, 0, 0, 160, 0xAB, 0xCD, 0xEF, 0x01] + [UInt8](repeating: 0x11, count: 160)

    @Test(arguments: SRTPProfile.allCases)
    func negotiatedKeysProtectBothWays(preferred: SRTPProfile) throws {
        // The offerer lists every suite with its preferred one first; the answerer takes that one.
        var offerer = try Self.side(4000, [preferred] + SRTPProfile.allCases.filter { $0 != preferred }, seed: 1)
        var answerer = try Self.side(5000, SRTPProfile.allCases, seed: 2)
        let offer = try offerer.createOffer()
        #expect(offer.media[0].cryptos.count == 4)
        let (answer, answered) = try answerer.receiveOffer(offer)
        let settled = try offerer.receiveAnswer(answer)
        let a = try #require(settled.media[0].srtp), b = try #require(answered.media[0].srtp)
        #expect(a.suite == preferred.sdesName && b.suite == a.suite && a.tag == b.tag)
        #expect(a.localKeyParameters == b.remoteKeyParameters && a.remoteKeyParameters == b.localKeyParameters)

        let (aOut, aIn) = try SDESKeying.contexts(for: a)
        let (bOut, bIn) = try SDESKeying.contexts(for: b)
        #expect(try bIn.unprotectRTP(aOut.protectRTP(Self.rtp)) == Self.rtp)
        #expect(try aIn.unprotectRTP(bOut.protectRTP(Self.rtp)) == Self.rtp)
        // Each direction has its own key: our own packets do not verify on our inbound side.
        // (Another SSRC: one the inbound side has verified would count as tampering.)
        var next = Self.rtp
        next[3] = 2
        next[8] = 0x99
        #expect(throws: SRTPError.wrongKey) { try aIn.unprotectRTP(aOut.protectRTP(next)) }
        // A sequence number sent twice would reuse keystream: refused.
        #expect(throws: SRTPError.replayed) { try aOut.protectRTP(Self.rtp) }
    }

    @Test func badNegotiatedKeysAreTypedErrors() {
        let good = "inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz"
        for (suite, local, remote) in [("F8_128_HMAC_SHA1_80", good, good), ("AES_CM_128_HMAC_SHA1_80", good, "inline:short"),
                                       ("AEAD_AES_256_GCM", good, good), ("AES_CM_128_HMAC_SHA1_80", "", good)] {
            #expect(throws: SRTPError.self) {
                try SDESKeying.contexts(for: SDPNegotiatedSRTP(tag: 1, suite: suite, localKeyParameters: local, remoteKeyParameters: remote))
            }
        }
    }

    @Test func systemKeysCoverEverySuite() throws {
        let keys = try SDESKeying.localKeys()
        #expect(keys.map(\.suite) == SRTPProfile.allCases.map(\.sdesName))
        for (key, profile) in zip(keys, SRTPProfile.allCases) {
            #expect(try SDESKeyParameters.parseOne(key.keyParameters, profile: profile).key.count == profile.keyLength)
        }
    }
}
