import Foundation
import SDP
import StackTesting
import Testing

/// SDP from real endpoints (captured from baresip and linphonec on loopback by scripts/capture-sdp.sh)
/// and endpoint-style fixtures, negotiated against the softphone's default audio.
@Suite struct EndpointNegotiationTests {
    static func load(_ name: String) throws -> SDPSessionDescription {
        try SDPSessionDescription(parsing: Array(try Data(contentsOf: FixtureLocator.fixtures.appendingPathComponent("sdp/\(name)"))))
    }

    static func phone(srtp: SDPSRTPPolicy = .disabled) -> SDPOfferAnswer {
        var audio = SDPLocalMedia.defaultAudio(port: 4000)
        audio.srtp = srtp
        audio.cryptoKeys = [SDPCryptoKey(suite: "AES_CM_128_HMAC_SHA1_80", keyParameters: "inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz")]
        return SDPOfferAnswer(configuration: SDPNegotiatorConfiguration(
            username: "us", sessionID: "4242", initialVersion: 7, address: "127.0.0.1", media: [audio]))
    }

    /// Answers each offer; what is negotiated is pinned per endpoint.
    @Test(arguments: [
        ("captured/baresip-offer.sdp", "PCMU", 101, ["0", "8", "9", "96", "101"]),
        ("captured/linphone-offer.sdp", "opus", 99, ["96", "0", "8", "99", "101"]),
        ("asterisk-style.sdp", "PCMU", 101, ["0", "8", "9", "101"]),
        ("freeswitch-style.sdp", "opus", 101, ["102", "9", "0", "8", "101"]),
        ("deskphone-style.sdp", "G722", 101, ["9", "0", "8", "101"]),
    ])
    func answersOffer(name: String, send: String, event: Int, formats: [String]) throws {
        var phone = Self.phone()
        let offer = try Self.load(name)
        let (answer, n) = try phone.receiveOffer(offer)
        let audio = try #require(n.firstActive())
        #expect(answer.media[0].formats == formats, "\(name)")
        #expect(audio.sendCodec?.encoding == send && audio.sendTelephoneEvent == event && audio.direction == .sendrecv)
        #expect(audio.remote?.port == offer.media[0].port && audio.localPort == 4000)
        // The answer is valid SDP that the offerer's side of our own negotiator accepts.
        #expect(try SDPSessionDescription(parsing: answer.serialized()) == answer)
    }

    @Test func freeswitchRtcpAttributeAndComfortNoise() throws {
        var phone = Self.phone()
        let (answer, n) = try phone.receiveOffer(try Self.load("freeswitch-style.sdp"))
        #expect(n.media[0].remote?.rtcpPort == 24571 && !answer.media[0].formats.contains("13"))
        #expect(n.media[0].remotePtime == 20)
    }

    @Test func linphoneOfferFromIPv6() throws {
        var phone = Self.phone()
        let (_, n) = try phone.receiveOffer(try Self.load("captured/linphone-offer.sdp"))
        #expect(n.media[0].remote?.addressType == "IP6" && n.media[0].remote?.address == "fd00::2")
        // Events at opus's 48 kHz and at 8 kHz for the G.711 codecs; not the 16 kHz ones.
        #expect(n.media[0].receiveTelephoneEvents == [99, 101])
    }

    @Test func baresipSRTPOffer() throws {
        var plain = Self.phone()
        #expect(throws: SDPNegotiationError.self) { try plain.receiveOffer(try Self.load("captured/baresip-offer-srtp.sdp")) }
        var secure = Self.phone(srtp: .optional)
        let (answer, n) = try secure.receiveOffer(try Self.load("captured/baresip-offer-srtp.sdp"))
        #expect(answer.media[0].proto == "RTP/SAVP" && answer.media[0].cryptos.count == 1)
        #expect(n.media[0].srtp?.tag == 1 && n.media[0].srtp?.remoteKeyParameters.hasPrefix("inline:") == true)
    }

    @Test func browserOfferIsRefused() throws {
        // DTLS-SRTP (UDP/TLS/RTP/SAVPF) is not something this stack runs: 488 material.
        var phone = Self.phone(srtp: .optional)
        #expect(throws: SDPNegotiationError(.noAcceptableMedia, "no offered stream has a codec, profile and keying we support")) {
            try phone.receiveOffer(try Self.load("webrtc-browser-offer.sdp"))
        }
    }

    /// The captured answers were made by baresip and linphonec to exactly our default offer.
    @Test(arguments: [
        ("captured/baresip-answer.sdp", 111, 101, [111, 9, 0, 8, 101]),
        ("captured/linphone-answer.sdp", 111, 110, [111, 0, 8, 110, 101]),
    ])
    func takesAnswerToOurDefaultOffer(name: String, send: Int, event: Int, receive: [Int]) throws {
        var phone = Self.phone()
        let offer = try phone.createOffer()
        #expect(offer.media[0].formats == ["111", "9", "0", "8", "110", "101"])
        let n = try phone.receiveAnswer(try Self.load(name))
        let audio = try #require(n.firstActive())
        #expect(audio.sendCodec?.payloadType == send && audio.sendCodec?.encoding == "opus")
        #expect(audio.sendTelephoneEvent == event && audio.receiveCodecs.map(\.payloadType) == receive)
        #expect(audio.direction == .sendrecv && n.warnings.isEmpty)
    }
}
