import Foundation
import SDP
import StackTesting
import Testing

/// The negotiator's rules one by one: the RFC 3264 §6.1 direction table, codec and event intersection,
/// SRTP keying, hold, re-offers, versions, glare and broken answers.
@Suite struct OfferAnswerTests {
    static func negotiator(_ media: [SDPLocalMedia], address: String = "192.0.2.10", configure: (inout SDPNegotiatorConfiguration) -> Void = { _ in })
        -> SDPOfferAnswer
    {
        var c = SDPNegotiatorConfiguration(username: "us", sessionID: "4242", initialVersion: 7, address: address, media: media)
        configure(&c)
        return SDPOfferAnswer(configuration: c)
    }

    static func offer(_ mLines: String, session: String = "") throws -> SDPSessionDescription {
        try SDPSessionDescription(parsing: "v=0\r\no=peer 1 1 IN IP4 198.51.100.7\r\ns=-\r\nc=IN IP4 198.51.100.7\r\nt=0 0\r\n\(session)\(mLines)")
    }

    static let key80 = SDPCryptoKey(suite: "AES_CM_128_HMAC_SHA1_80", keyParameters: "inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz")
    static let key32 = SDPCryptoKey(suite: "AES_CM_128_HMAC_SHA1_32", keyParameters: "inline:NzB4d1BINUAvLEw6UzF3WSJ+PSdFcGdUJShpX1Zj")

    // MARK: §6.1 directions

    /// Every cell of the §6.1 table: the offered direction against what the answerer wants. The answer is
    /// the offer reversed, narrowed to what the answerer wants; inactive stays inactive.
    @Test(arguments: SDPDirection.allCases)
    func directionTable(offered: SDPDirection) throws {
        let expected: [SDPDirection: [SDPDirection: SDPDirection]] = [
            .sendrecv: [.sendrecv: .sendrecv, .sendonly: .sendonly, .recvonly: .recvonly, .inactive: .inactive],
            .sendonly: [.sendrecv: .recvonly, .sendonly: .inactive, .recvonly: .recvonly, .inactive: .inactive],
            .recvonly: [.sendrecv: .sendonly, .sendonly: .sendonly, .recvonly: .inactive, .inactive: .inactive],
            .inactive: [.sendrecv: .inactive, .sendonly: .inactive, .recvonly: .inactive, .inactive: .inactive],
        ]
        for local in SDPDirection.allCases {
            var n = Self.negotiator([SDPLocalMedia(port: 4000, codecs: [.pcmu], direction: local)])
            let (answer, result) = try n.receiveOffer(try Self.offer("m=audio 5000 RTP/AVP 0\r\na=\(offered.rawValue)\r\n"))
            let want = try #require(expected[offered]?[local])
            #expect(answer.media[0].direction == want, "offered \(offered), local \(local)")
            #expect(result.media[0].direction == want && answer.media[0].port == 4000)
            // The offerer reading that answer settles on the mirror image.
            var offerer = Self.negotiator([SDPLocalMedia(port: 5000, codecs: [.pcmu], direction: offered)])
            _ = try offerer.createOffer()
            let taken = try offerer.receiveAnswer(answer)
            #expect(taken.media[0].direction == want.reversed && taken.warnings.isEmpty)
        }
    }

    @Test func sessionLevelDirectionApplies() throws {
        var n = Self.negotiator([SDPLocalMedia(port: 4000, codecs: [.pcmu])])
        let (answer, _) = try n.receiveOffer(try Self.offer("m=audio 5000 RTP/AVP 0\r\n", session: "a=sendonly\r\n"))
        #expect(answer.media[0].direction == .recvonly)
    }

    // MARK: Codecs

    @Test func intersectionKeepsOfferNumbersOrderAndOurFmtp() throws {
        var n = Self.negotiator([.defaultAudio(port: 4000)])
        let (answer, r) = try n.receiveOffer(try Self.offer(
            "m=audio 5000 RTP/AVP 8 96 0 18 101\r\na=rtpmap:96 opus/48000/2\r\na=fmtp:96 stereo=1\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=ptime:30\r\n"))
        let m = answer.media[0]
        #expect(m.formats == ["8", "96", "0", "101"])
        #expect(m.formatParameters["96"]?.text == "useinbandfec=1" && m.formatParameters["101"]?.text == "0-15")
        #expect(m.ptime == 20 && m.rtpMaps[96]?.encoding == "opus")
        let s = r.media[0]
        #expect(s.sendCodec?.encoding == "PCMA" && s.sendTelephoneEvent == 101 && s.receiveTelephoneEvents == [101] && s.remotePtime == 30)
    }

    @Test func localOrderAndSingleCodec() throws {
        var n = Self.negotiator([.defaultAudio(port: 4000)]) { $0.preferLocalCodecOrder = true; $0.answerWithSingleCodec = true }
        let (answer, r) = try n.receiveOffer(try Self.offer(
            "m=audio 5000 RTP/AVP 0 9 96 101\r\na=rtpmap:96 opus/48000/2\r\na=rtpmap:101 telephone-event/8000\r\n"))
        #expect(answer.media[0].formats == ["96", "101"] && r.media[0].sendCodec?.payloadType == 96)
    }

    /// Events go at the clock of a chosen codec (RFC 4733 §2.1); at any clock we have when none matches.
    @Test func telephoneEventsFollowTheCodecClock() throws {
        var n = Self.negotiator([.defaultAudio(port: 4000)])
        let both = try n.receiveOffer(try Self.offer(
            "m=audio 5000 RTP/AVP 111 0 110 126\r\na=rtpmap:111 opus/48000/2\r\na=rtpmap:110 telephone-event/48000\r\na=rtpmap:126 telephone-event/8000\r\n"))
        #expect(both.answer.media[0].formats == ["111", "0", "110", "126"] && both.negotiation.media[0].sendTelephoneEvent == 110)
        var m = Self.negotiator([.defaultAudio(port: 4000)])
        let mismatched = try m.receiveOffer(try Self.offer("m=audio 5000 RTP/AVP 111 101\r\na=rtpmap:111 opus/48000/2\r\na=rtpmap:101 telephone-event/8000\r\n"))
        #expect(mismatched.answer.media[0].formats == ["111", "101"] && mismatched.negotiation.media[0].sendTelephoneEvent == 101)
        var none = Self.negotiator([SDPLocalMedia(port: 4000, codecs: [.pcmu])])
        #expect(try none.receiveOffer(try Self.offer("m=audio 5000 RTP/AVP 0 101\r\na=rtpmap:101 telephone-event/8000\r\n")).answer.media[0].formats == ["0"])
    }

    @Test func noCommonCodecRejectsTheStreamAndAnEmptyAnswerThrows() throws {
        var n = Self.negotiator([SDPLocalMedia(port: 4000, codecs: [.pcmu]), SDPLocalMedia(type: "video", port: 4002, codecs: [SDPCodec(encoding: "H264", clockRate: 90000, payloadType: 96)])])
        let (answer, r) = try n.receiveOffer(try Self.offer("m=audio 5000 RTP/AVP 0\r\nm=video 5002 RTP/AVP 31\r\nm=text 5004 RTP/AVP 98\r\na=rtpmap:98 t140/1000\r\n"))
        #expect(answer.media.map(\.port) == [4000, 0, 0] && r.media.map(\.isActive) == [true, false, false])
        #expect(answer.media[2].formats == ["98"] && answer.media[2].proto == "RTP/AVP")
        var fresh = Self.negotiator([SDPLocalMedia(port: 4000, codecs: [.pcmu])])
        #expect(throws: SDPNegotiationError(.noAcceptableMedia, "no offered stream has a codec, profile and keying we support")) {
            try fresh.receiveOffer(try Self.offer("m=audio 5000 RTP/AVP 18\r\n"))
        }
        #expect(fresh.localDescription == nil && fresh.negotiation == nil)
        // A refused re-offer leaves the session as it was.
        let before = n
        #expect(throws: SDPNegotiationError.self) {
            try n.receiveOffer(try Self.offer("m=audio 5000 RTP/AVP 18\r\nm=video 0 RTP/AVP 31\r\nm=text 0 RTP/AVP 98\r\n"))
        }
        #expect(n.localDescription == before.localDescription && n.negotiation == before.negotiation)
    }

    /// "08" is a format token, not payload type 8 (an SDPFuzz finding: answering it as "8" listed a
    /// format the offer did not have).
    @Test func onlyCanonicalPayloadNumbersAreCodecs() throws {
        var n = Self.negotiator([SDPLocalMedia(port: 4000, codecs: [.pcma, .pcmu])])
        let (answer, _) = try n.receiveOffer(try Self.offer("m=audio 5000 RTP/AVP 08 0\r\n"))
        #expect(answer.media[0].formats == ["0"])
    }

    @Test func unknownProfilesAreRejected() throws {
        var n = Self.negotiator([.defaultAudio(port: 4000)])
        let r = try n.receiveOffer(try Self.offer("m=audio 5000 RTP/AVP 0\r\nm=audio 5002 UDP/TLS/RTP/SAVPF 0\r\nm=image 5004 udptl t38\r\n"))
        #expect(r.answer.media.map(\.port) == [4000, 0, 0] && r.answer.media[2].formats == ["t38"])
    }

    // MARK: SRTP (RFC 4568)

    @Test func srtpAnswerPicksTheFirstOfferedSuiteWeHave() throws {
        var n = Self.negotiator([SDPLocalMedia(port: 4000, codecs: [.pcmu], srtp: .optional, cryptoKeys: [Self.key32, Self.key80])])
        let (answer, r) = try n.receiveOffer(try Self.offer("""
            m=audio 5000 RTP/SAVP 0\r
            a=crypto:1 AES_256_CM_HMAC_SHA1_80 inline:AAAA\r
            a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:BBBB|2^20|1:4 UNENCRYPTED_SRTP\r
            a=crypto:3 AES_CM_128_HMAC_SHA1_80 inline:CCCC|2^20\r
            a=crypto:4 AES_CM_128_HMAC_SHA1_32 inline:DDDD\r

            """))
        // Tag 2 has a session parameter we do not take; tag 3 is the first usable one.
        #expect(answer.media[0].cryptos == [SDPCrypto(tag: 3, suite: Self.key80.suite, keyParameters: [Self.key80.keyParameters])])
        #expect(r.media[0].srtp == SDPNegotiatedSRTP(tag: 3, suite: Self.key80.suite, localKeyParameters: Self.key80.keyParameters,
                                                      remoteKeyParameters: "inline:CCCC|2^20"))
        #expect(answer.media[0].proto == "RTP/SAVP")
    }

    @Test func srtpPolicies() throws {
        let savp = try Self.offer("m=audio 5000 RTP/SAVP 0\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:AAAA\r\n")
        let avp = try Self.offer("m=audio 5000 RTP/AVP 0\r\n")
        let avpWithCrypto = try Self.offer("m=audio 5000 RTP/AVP 0\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:AAAA\r\n")
        func answer(_ policy: SDPSRTPPolicy, _ offer: SDPSessionDescription) throws -> SDPNegotiatedMedia? {
            var n = Self.negotiator([SDPLocalMedia(port: 4000, codecs: [.pcmu], srtp: policy, cryptoKeys: [Self.key80])])
            return try? n.receiveOffer(offer).negotiation.media[0]
        }
        #expect(try answer(.disabled, savp) == nil)
        #expect(try answer(.disabled, avpWithCrypto)?.srtp == nil)
        #expect(try answer(.optional, avp)?.srtp == nil && answer(.optional, avp)?.isActive == true)
        #expect(try answer(.optional, avpWithCrypto)?.srtp?.tag == 1)
        #expect(try answer(.mandatory, avp) == nil)
        #expect(try answer(.mandatory, savp)?.srtp?.suite == "AES_CM_128_HMAC_SHA1_80")
        var noKey = Self.negotiator([SDPLocalMedia(port: 4000, codecs: [.pcmu], srtp: .mandatory, cryptoKeys: [Self.key32])])
        #expect(throws: SDPNegotiationError.self) { try noKey.receiveOffer(savp) }
    }

    @Test func srtpOfferAndAnswerChecks() throws {
        func offerer(_ policy: SDPSRTPPolicy) throws -> (SDPOfferAnswer, SDPSessionDescription) {
            var n = Self.negotiator([SDPLocalMedia(port: 4000, codecs: [.pcmu], srtp: policy, cryptoKeys: [Self.key80, Self.key32])])
            let o = try n.createOffer()
            return (n, o)
        }
        let (mandatory, offer) = try offerer(.mandatory)
        #expect(offer.media[0].proto == "RTP/SAVP" && offer.media[0].cryptos.map(\.tag) == [1, 2])
        func take(_ n: SDPOfferAnswer, _ m: String) throws -> SDPNegotiation {
            var n = n
            return try n.receiveAnswer(try Self.offer(m))
        }
        let ok = try take(mandatory, "m=audio 5000 RTP/SAVP 0\r\na=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:EEEE\r\n")
        #expect(ok.media[0].srtp == SDPNegotiatedSRTP(tag: 2, suite: "AES_CM_128_HMAC_SHA1_32", localKeyParameters: Self.key32.keyParameters, remoteKeyParameters: "inline:EEEE"))
        for bad in ["m=audio 5000 RTP/SAVP 0\r\n",
                    "m=audio 5000 RTP/SAVP 0\r\na=crypto:3 AES_CM_128_HMAC_SHA1_32 inline:EEEE\r\n",
                    "m=audio 5000 RTP/SAVP 0\r\na=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:EEEE\r\n",
                    "m=audio 5000 RTP/SAVP 0\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:EEEE\r\na=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:EEEE\r\n"] {
            #expect(throws: SDPNegotiationError.self) { try take(mandatory, bad) }
            #expect((try? take(mandatory, bad)) == nil)
        }
        #expect(throws: SDPNegotiationError(.profileMismatch, media: 0, "answered RTP/AVP to an offered RTP/SAVP")) {
            try take(mandatory, "m=audio 5000 RTP/AVP 0\r\n")
        }
        let (optional, optionalOffer) = try offerer(.optional)
        #expect(optionalOffer.media[0].proto == "RTP/AVP" && optionalOffer.media[0].cryptos.count == 2)
        #expect(try take(optional, "m=audio 5000 RTP/AVP 0\r\n").media[0].srtp == nil)
        #expect(try take(optional, "m=audio 5000 RTP/AVP 0\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:FFFF\r\n").media[0].srtp?.tag == 1)
    }

    // MARK: Answers we take

    @Test func brokenAnswersThrowTypedErrors() throws {
        var n = Self.negotiator([SDPLocalMedia(port: 4000, codecs: [.pcmu, .opus])])
        _ = try n.createOffer()
        let cases: [(String, SDPNegotiationError.Kind)] = [
            ("", .mediaMismatch),
            ("m=audio 5000 RTP/AVP 0\r\nm=audio 5002 RTP/AVP 0\r\n", .mediaMismatch),
            ("m=video 5000 RTP/AVP 0\r\n", .mediaMismatch),
            ("m=audio 5000 RTP/AVP 18\r\n", .formatNotOffered),
            ("m=audio 5000 RTP/AVP 111\r\na=rtpmap:111 PCMA/8000\r\n", .formatNotOffered),
            ("m=audio 5000 RTP/AVPF 0\r\n", .profileMismatch),
        ]
        for (m, kind) in cases {
            var copy = n
            let answer = try Self.offer(m)
            #expect(throws: SDPNegotiationError.self) { try copy.receiveAnswer(answer) }
            do throws(SDPNegotiationError) { _ = try copy.receiveAnswer(answer) } catch { #expect(error.kind == kind, "\(m)") }
            #expect(copy.state == .localOfferPending)
        }
        var noConnection = n
        let bare = try SDPSessionDescription(parsing: "v=0\r\no=p 1 1 IN IP4 198.51.100.7\r\ns=-\r\nt=0 0\r\nm=audio 5000 RTP/AVP 0\r\n")
        #expect(throws: SDPNegotiationError(.missingConnection, media: 0, "no c= line for the stream or the session")) {
            try noConnection.receiveAnswer(bare)
        }
    }

    @Test func answerMayListExtraFormatsAndItsOwnDynamicNumbers() throws {
        var n = Self.negotiator([SDPLocalMedia(port: 4000, codecs: [.opus, .pcmu, .telephoneEvent()])])
        let offer = try n.createOffer()
        #expect(offer.media[0].formats == ["111", "0", "101"])
        let r = try n.receiveAnswer(try Self.offer(
            "m=audio 5000 RTP/AVP 18 120 100\r\na=rtpmap:120 opus/48000/2\r\na=rtpmap:100 telephone-event/8000\r\na=ptime:40\r\n"))
        let m = r.media[0]
        #expect(m.sendCodec?.payloadType == 120 && m.receiveCodecs.map(\.payloadType) == [111, 101])
        #expect(m.sendTelephoneEvent == 100 && m.receiveTelephoneEvents == [101] && m.remotePtime == 40)
        #expect(r.warnings == ["m=0: formats [\"18\"] were not offered; skipped"])
    }

    @Test func stateErrors() throws {
        var n = Self.negotiator([SDPLocalMedia(port: 4000, codecs: [.pcmu])])
        let answer = try Self.offer("m=audio 5000 RTP/AVP 0\r\n")
        #expect(throws: SDPNegotiationError(.noOfferPending, "no offer of ours is outstanding")) { try n.receiveAnswer(answer) }
        _ = try n.createOffer()
        #expect(throws: SDPNegotiationError(.offerPending, "an offer is already outstanding")) { try n.createOffer() }
        // Glare: the peer's offer crosses ours (SIP answers 491).
        #expect(throws: SDPNegotiationError(.offerPending, "glare: our offer is outstanding")) { try n.receiveOffer(answer) }
        try n.receiveAnswer(answer)
        #expect(n.state == .stable)
        // A re-offer may not drop m= lines (§8).
        #expect(throws: SDPNegotiationError.self) { try n.receiveOffer(try Self.offer("")) }
    }

    // MARK: Re-offers, hold, versions

    @Test func versionGrowsOnlyWhenTheDescriptionChanges() throws {
        var n = Self.negotiator([SDPLocalMedia(port: 4000, codecs: [.pcmu])])
        let answer = try Self.offer("m=audio 5000 RTP/AVP 0\r\n")
        #expect(try n.createOffer().origin.sessionVersion == 7)
        try n.receiveAnswer(answer)
        #expect(try n.createOffer().origin.sessionVersion == 7) // a session refresh: same description, same version
        try n.receiveAnswer(answer)
        n.hold()
        let held = try n.createOffer()
        #expect(held.origin.sessionVersion == 8 && held.media[0].direction == .sendonly)
        #expect(try n.receiveAnswer(try Self.offer("m=audio 5000 RTP/AVP 0\r\na=recvonly\r\n")).media[0].direction == .sendonly)
        n.resume()
        let resumed = try n.createOffer()
        #expect(resumed.origin.sessionVersion == 9 && resumed.media[0].direction == .sendrecv)
        // A refused offer is still a sent one: the next offer counts on from it (§8).
        n.offerRejected()
        #expect(n.state == .stable)
        #expect(try n.createOffer().origin.sessionVersion == 9)
        // Answering the same re-offer twice gives the same version; hold while answering narrows it.
        var b = Self.negotiator([SDPLocalMedia(port: 4000, codecs: [.pcmu])])
        #expect(try b.receiveOffer(answer).answer.origin.sessionVersion == 7)
        #expect(try b.receiveOffer(answer).answer.origin.sessionVersion == 7)
        b.hold()
        let heldAnswer = try b.receiveOffer(answer).answer
        #expect(heldAnswer.origin.sessionVersion == 8 && heldAnswer.media[0].direction == .sendonly)
    }

    @Test func holdFromRecvonlyIsInactiveAndLegacyHoldUsesTheZeroAddress() throws {
        var n = Self.negotiator([SDPLocalMedia(port: 4000, codecs: [.pcmu], direction: .recvonly)]) { $0.legacyHoldAddress = true }
        _ = try n.createOffer()
        try n.receiveAnswer(try Self.offer("m=audio 5000 RTP/AVP 0\r\na=sendonly\r\n"))
        n.hold()
        let held = try n.createOffer()
        #expect(held.media[0].direction == .inactive && held.media[0].connections == [SDPConnection(addressType: "IP4", address: "0.0.0.0")])
        #expect(held.isHold(media: 0))
    }

    @Test func reOffersKeepPayloadNumbersAndLines() throws {
        // We answered a peer that numbers opus 109; our later re-offer keeps 109 for it (RFC 3264 §8.3.2)
        // and gives a newly added dynamic codec a number nobody uses on the line.
        var n = Self.negotiator([SDPLocalMedia(port: 4000, codecs: [.opus, .pcmu])])
        _ = try n.receiveOffer(try Self.offer("m=audio 5000 RTP/AVP 109 0 111\r\na=rtpmap:109 opus/48000/2\r\na=rtpmap:111 iLBC/8000\r\n"))
        n.updateLocalMedia(at: 0) { $0.codecs.append(SDPCodec(encoding: "iLBC", clockRate: 8000, payloadType: 109)) }
        n.updateLocalMedia(at: 0) { $0.codecs.append(SDPCodec(encoding: "speex", clockRate: 16000, payloadType: 111)) }
        let offer = try n.createOffer()
        #expect(offer.media[0].formats == ["109", "0", "111", "96"], "\(offer.serialized())")
        #expect(offer.media[0].rtpMaps[96]?.encoding == "speex" && offer.origin.sessionVersion == 8)
    }

    @Test func removedAndRejectedStreamsKeepTheirPlace() throws {
        var n = Self.negotiator([SDPLocalMedia(port: 4000, codecs: [.pcmu]), SDPLocalMedia(type: "video", port: 4002, codecs: [SDPCodec(encoding: "H261", clockRate: 90000, payloadType: 31)])])
        _ = try n.createOffer()
        try n.receiveAnswer(try Self.offer("m=audio 5000 RTP/AVP 0\r\nm=video 0 RTP/AVP 31\r\n"))
        let reoffer = try n.createOffer()
        #expect(reoffer.media.map(\.port) == [4000, 0] && reoffer.media[1].formats == ["31"])
        try n.receiveAnswer(try Self.offer("m=audio 5000 RTP/AVP 0\r\nm=video 0 RTP/AVP 31\r\n"))
        n.removeMedia(at: 0)
        n.addMedia(SDPLocalMedia(port: 4004, codecs: [.pcma]))
        let third = try n.createOffer()
        #expect(third.media.map(\.port) == [0, 0, 4004] && third.media.map(\.type) == ["audio", "video", "audio"])
        // The peer refuses it: the additions and removals are undone, the session is as before.
        n.offerRejected()
        let after = try n.createOffer()
        #expect(after.media.map(\.port) == [4000, 0], "\(after.serialized())")
    }

    @Test func rtcpEndpoints() throws {
        var n = Self.negotiator([SDPLocalMedia(port: 4000, codecs: [.pcmu], rtcpMux: true)])
        _ = try n.createOffer()
        let mux = try n.receiveAnswer(try Self.offer("m=audio 5000 RTP/AVP 0\r\na=rtcp-mux\r\n")).media[0]
        #expect(mux.rtcpMux && mux.remote?.rtcpPort == 5000)
        var m = Self.negotiator([SDPLocalMedia(port: 4000, codecs: [.pcmu])])
        let r = try m.receiveOffer(try Self.offer("m=audio 5000 RTP/AVP 0\r\na=rtcp:5011 IN IP4 198.51.100.9\r\na=rtcp-mux\r\n"))
        #expect(r.negotiation.media[0].remote == SDPRemoteEndpoint(addressType: "IP4", address: "198.51.100.7", port: 5000, rtcpAddress: "198.51.100.9", rtcpPort: 5011))
        #expect(!r.negotiation.media[0].rtcpMux && !r.answer.media[0].rtcpMux)
    }

    @Test func ipv6Sessions() throws {
        var n = Self.negotiator([.defaultAudio(port: 4000)], address: "2001:db8::10") { $0.addressType = "IP6" }
        let offer = try n.createOffer()
        #expect(offer.connection == SDPConnection(addressType: "IP6", address: "2001:db8::10") && offer.origin.addressType == "IP6")
        let r = try n.receiveAnswer(try SDPSessionDescription(parsing: "v=0\r\no=p 1 1 IN IP6 2001:db8::7\r\ns=-\r\nc=IN IP6 2001:db8::7\r\nt=0 0\r\nm=audio 5000 RTP/AVP 9\r\n"))
        #expect(r.media[0].remote?.address == "2001:db8::7" && r.media[0].sendCodec == .g722)
    }

    @Test func offerRoundTripsThroughTheParser() throws {
        var n = Self.negotiator([.defaultAudio(port: 4000)])
        let offer = try n.createOffer()
        #expect(try SDPSessionDescription(parsing: offer.serialized()) == offer)
        #expect(offer.serialized() == """
            v=0\r
            o=us 4242 7 IN IP4 192.0.2.10\r
            s=-\r
            c=IN IP4 192.0.2.10\r
            t=0 0\r
            m=audio 4000 RTP/AVP 111 9 0 8 110 101\r
            a=rtpmap:111 opus/48000/2\r
            a=rtpmap:9 G722/8000\r
            a=rtpmap:0 PCMU/8000\r
            a=rtpmap:8 PCMA/8000\r
            a=rtpmap:110 telephone-event/48000\r
            a=rtpmap:101 telephone-event/8000\r
            a=fmtp:111 useinbandfec=1\r
            a=fmtp:110 0-16\r
            a=fmtp:101 0-16\r
            a=ptime:20\r
            a=sendrecv\r

            """)
    }
}
