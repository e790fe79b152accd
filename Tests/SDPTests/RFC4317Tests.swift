import Foundation
import SDP
import StackTesting
import Testing

/// Every example of RFC 4317 played through the negotiator from both sides: as the answerer our answer
/// must say what Bob's says, as the offerer our offer must say what Alice's says and her negotiator must
/// settle on what the section describes. "Says the same" is compared line by meaning (ports, profiles,
/// payload types and codecs, effective direction and address, o= identity and version), not byte by
/// byte: we always write the direction and RFC 4317 leaves sendrecv out.
@Suite struct RFC4317Tests {
    static let pcmu = SDPCodec.pcmu, pcma = SDPCodec.pcma
    static let ilbc = SDPCodec(encoding: "iLBC", clockRate: 8000, payloadType: 97)
    static let h261 = SDPCodec(encoding: "H261", clockRate: 90000, payloadType: 31)
    static let mpv = SDPCodec(encoding: "MPV", clockRate: 90000, payloadType: 32)
    static let events98 = SDPCodec(encoding: "telephone-event", clockRate: 8000, payloadType: 98)
    static let events101 = SDPCodec(encoding: "telephone-event", clockRate: 8000, payloadType: 101)

    static func load(_ name: String) throws -> SDPSessionDescription {
        let bytes = try Data(contentsOf: FixtureLocator.fixtures.appendingPathComponent("sdp/rfc4317/\(name).sdp"))
        return try SDPSessionDescription(parsing: Array(bytes))
    }

    static func alice(_ media: [SDPLocalMedia], address: String = "host.atlanta.example.com") -> SDPOfferAnswer {
        SDPOfferAnswer(configuration: SDPNegotiatorConfiguration(
            username: "alice", sessionID: "2890844526", initialVersion: 2890844526, address: address, media: media))
    }

    static func bob(_ media: [SDPLocalMedia], address: String = "host.biloxi.example.com") -> SDPOfferAnswer {
        SDPOfferAnswer(configuration: SDPNegotiatorConfiguration(
            username: "bob", sessionID: "2808844564", initialVersion: 2808844564, address: address, media: media))
    }

    static func audio(_ port: Int, _ codecs: [SDPCodec], _ direction: SDPDirection = .sendrecv, address: String? = nil) -> SDPLocalMedia {
        SDPLocalMedia(port: port, codecs: codecs, direction: direction, address: address)
    }

    static func video(_ port: Int, _ codecs: [SDPCodec], address: String? = nil) -> SDPLocalMedia {
        SDPLocalMedia(type: "video", port: port, codecs: codecs, address: address)
    }

    /// The description's meaning, line by line, as text that a failed expectation prints whole.
    static func meaning(_ d: SDPSessionDescription) -> [String] {
        var out = ["o=\(d.origin.username) \(d.origin.sessionID) \(d.origin.sessionVersion)"]
        for (i, m) in d.media.enumerated() {
            var line = "m=\(m.type) \(m.port) \(m.proto)"
            if m.port == 0 {
                out.append(line)
                continue
            }
            line += " " + m.codecs.map { "\($0.payloadType):\($0.encoding.lowercased())/\($0.clockRate)" }.joined(separator: ",")
            let c = m.connections.first ?? d.connection
            line += " \(d.direction(ofMedia: i).rawValue) @\(c?.address ?? "?")"
            out.append(line)
        }
        return out
    }

    static func expectSame(_ ours: SDPSessionDescription, _ rfc: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(meaning(ours) == meaning(try load(rfc)), "\(rfc)", sourceLocation: sourceLocation)
        // What we send must parse back to itself.
        #expect(try SDPSessionDescription(parsing: ours.serialized()) == ours, sourceLocation: sourceLocation)
    }

    // MARK: §2 Codec negotiation and selection

    @Test func section2_1AudioAndVideo1() throws {
        var alice = Self.alice([Self.audio(49170, [Self.pcmu, Self.pcma, Self.ilbc]), Self.video(51372, [Self.h261, Self.mpv])])
        var bob = Self.bob([Self.audio(49174, [Self.pcmu]), Self.video(49170, [Self.mpv])])
        try Self.expectSame(try alice.createOffer(), "2.1-offer")
        let (answer, bobs) = try bob.receiveOffer(try Self.load("2.1-offer"))
        try Self.expectSame(answer, "2.1-answer")
        let n = try alice.receiveAnswer(try Self.load("2.1-answer"))
        // "Alice and Bob may send only PCMU audio and MPV video."
        #expect(n.media.map { $0.sendCodec?.encoding } == ["PCMU", "MPV"] && bobs.media.map { $0.sendCodec?.encoding } == ["PCMU", "MPV"])
        #expect(n.media[0].remote == SDPRemoteEndpoint(addressType: "IP4", address: "host.biloxi.example.com", port: 49174,
                                                       rtcpAddress: "host.biloxi.example.com", rtcpPort: 49175))
        #expect(n.media[1].remote?.port == 49170 && n.media.allSatisfy { $0.direction == .sendrecv } && n.warnings.isEmpty)
    }

    @Test func section2_2AudioAndVideo2() throws {
        var alice = Self.alice([Self.audio(49170, [Self.pcmu, Self.pcma, Self.ilbc]), Self.video(51372, [Self.h261, Self.mpv])])
        var bob = Self.bob([Self.audio(49172, [Self.pcmu, Self.pcma])])
        try Self.expectSame(try alice.createOffer(), "2.2-offer")
        try Self.expectSame(try bob.receiveOffer(try Self.load("2.2-offer")).answer, "2.2-answer")
        let first = try alice.receiveAnswer(try Self.load("2.2-answer"))
        #expect(first.media[0].receiveCodecs.map(\.payloadType) == [0, 8] && !first.media[1].isActive)
        // Alice narrows to one codec and moves port; the declined video keeps its place with port 0.
        alice.updateLocalMedia(at: 0) { $0.codecs = [Self.pcmu]; $0.port = 51372 }
        try Self.expectSame(try alice.createOffer(), "2.2-offer-2")
        try Self.expectSame(try bob.receiveOffer(try Self.load("2.2-offer-2")).answer, "2.2-answer-2")
        let second = try alice.receiveAnswer(try Self.load("2.2-answer-2"))
        #expect(second.media[0].sendCodec?.encoding == "PCMU" && second.media[0].receiveCodecs.map(\.payloadType) == [0])
    }

    @Test func section2_3AudioAndVideo3() throws {
        var alice = Self.alice([Self.audio(49170, [Self.pcmu, Self.pcma, Self.ilbc]), Self.video(51372, [Self.h261, Self.mpv])])
        var bob = Self.bob([Self.audio(49172, [SDPCodec(encoding: "iLBC", clockRate: 8000, payloadType: 99)]), Self.video(51374, [Self.h261])])
        try Self.expectSame(try alice.createOffer(), "2.3-offer")
        // Bob renumbers iLBC 99 in the RFC; §6.1 says the answer SHOULD keep the offer's 97, which we do.
        let (answer, _) = try bob.receiveOffer(try Self.load("2.3-offer"))
        #expect(Self.meaning(answer)[1] == "m=audio 49172 RTP/AVP 97:ilbc/8000 sendrecv @host.biloxi.example.com")
        #expect(Self.meaning(answer)[2] == Self.meaning(try Self.load("2.3-answer"))[2])
        // Alice takes the RFC's 99: she sends iLBC as 99 and receives it as her own 97.
        let n = try alice.receiveAnswer(try Self.load("2.3-answer"))
        #expect(n.media[0].sendCodec?.payloadType == 99 && n.media[0].receiveCodecs.map(\.payloadType) == [97])
        #expect(n.media[1].sendCodec?.encoding == "H261")
    }

    @Test func section2_4TwoAudioStreams() throws {
        var alice = Self.alice([Self.audio(49170, [Self.pcmu, Self.ilbc]), Self.audio(49172, [Self.events98], .sendonly)])
        var bob = Self.bob([Self.audio(49172, [Self.ilbc]), Self.audio(49174, [Self.events98])])
        try Self.expectSame(try alice.createOffer(), "2.4-offer")
        try Self.expectSame(try bob.receiveOffer(try Self.load("2.4-offer")).answer, "2.4-answer")
        let n = try alice.receiveAnswer(try Self.load("2.4-answer"))
        #expect(n.media[0].sendCodec?.encoding == "iLBC" && n.media[1].sendCodec == nil)
        #expect(n.media[1].direction == .sendonly && n.media[1].sendTelephoneEvent == 98)
    }

    @Test func section2_5AudioAndVideo4() throws {
        var alice = Self.alice([Self.audio(49170, [Self.ilbc]), Self.video(51372, [Self.h261])])
        var bob = Self.bob([Self.audio(49174, [Self.ilbc]), Self.video(49170, [Self.h261])])
        try Self.expectSame(try alice.createOffer(), "2.5-offer")
        try Self.expectSame(try bob.receiveOffer(try Self.load("2.5-offer")).answer, "2.5-answer")
        try alice.receiveAnswer(try Self.load("2.5-answer"))
        // Bob moves his media; Alice answers with her unchanged description, so her version stays (§8).
        bob.changeAddress(to: "newhost.biloxi.example.com")
        bob.updateLocalMedia(at: 0) { $0.port = 49178 }
        bob.updateLocalMedia(at: 1) { $0.port = 49188 }
        try Self.expectSame(try bob.createOffer(), "2.5-offer-2")
        let (answer, n) = try alice.receiveOffer(try Self.load("2.5-offer-2"))
        try Self.expectSame(answer, "2.5-answer-2")
        #expect(n.media[0].remote?.address == "newhost.biloxi.example.com" && n.media[1].remote?.port == 49188)
        try bob.receiveAnswer(try Self.load("2.5-answer-2"))
    }

    @Test func section2_6AudioOnly1() throws {
        var alice = Self.alice([Self.audio(49170, [Self.pcmu]), Self.audio(51372, [Self.ilbc, Self.events101])])
        var bob = Self.bob([Self.audio(49170, [Self.ilbc, Self.events101])])
        try Self.expectSame(try alice.createOffer(), "2.6-offer")
        try Self.expectSame(try bob.receiveOffer(try Self.load("2.6-offer")).answer, "2.6-answer")
        let n = try alice.receiveAnswer(try Self.load("2.6-answer"))
        #expect(!n.media[0].isActive && n.media[1].sendCodec?.encoding == "iLBC" && n.media[1].sendTelephoneEvent == 101)
    }

    @Test func section2_7AudioAndVideo5() throws {
        let ilbc99 = SDPCodec(encoding: "iLBC", clockRate: 8000, payloadType: 99)
        var alice = Self.alice([Self.audio(49170, [ilbc99]), Self.video(51372, [Self.h261])])
        var bob = Self.bob([Self.audio(49172, [Self.ilbc]), Self.video(51374, [Self.h261, Self.mpv])])
        try Self.expectSame(try alice.createOffer(), "2.7-offer")
        try Self.expectSame(try bob.receiveOffer(try Self.load("2.7-offer")).answer, "2.7-answer")
        try alice.receiveAnswer(try Self.load("2.7-answer"))
        alice.updateLocalMedia(at: 1) { $0.codecs = [Self.h261, Self.mpv] }
        try Self.expectSame(try alice.createOffer(), "2.7-offer-2")
        try Self.expectSame(try bob.receiveOffer(try Self.load("2.7-offer-2")).answer, "2.7-answer-2")
        let n = try alice.receiveAnswer(try Self.load("2.7-answer-2"))
        #expect(n.media[1].receiveCodecs.map(\.payloadType) == [31, 32])
    }

    @Test func section2_8AudioAndVideo6() throws {
        var alice = Self.alice([Self.audio(49170, [Self.pcmu, Self.pcma, Self.ilbc]), Self.video(51372, [Self.h261, Self.mpv])])
        var bob = Self.bob([Self.audio(49174, [Self.pcmu]), Self.video(49172, [Self.mpv], address: "otherhost.biloxi.example.com")])
        try Self.expectSame(try alice.createOffer(), "2.8-offer")
        try Self.expectSame(try bob.receiveOffer(try Self.load("2.8-offer")).answer, "2.8-answer")
        let n = try alice.receiveAnswer(try Self.load("2.8-answer"))
        #expect(n.media[1].remote?.address == "otherhost.biloxi.example.com" && n.media[0].remote?.address == "host.biloxi.example.com")
    }

    // MARK: §3 Hold and resume

    @Test func section3_1HoldAndUnhold1() throws {
        var alice = Self.alice([Self.audio(49170, [Self.pcmu, Self.ilbc])])
        var bob = Self.bob([Self.audio(49172, [Self.ilbc])], address: "placeholder.biloxi.example.com")
        try Self.expectSame(try alice.createOffer(), "3.1-offer")
        bob.hold()
        try Self.expectSame(try bob.receiveOffer(try Self.load("3.1-offer")).answer, "3.1-answer")
        let held = try alice.receiveAnswer(try Self.load("3.1-answer"))
        #expect(held.media[0].direction == .recvonly && held.media[0].isHeldByRemote)
        bob.resume()
        bob.changeAddress(to: "host.biloxi.example.com")
        bob.updateLocalMedia(at: 0) { $0.port = 49170 }
        try Self.expectSame(try bob.createOffer(), "3.1-offer-2")
        alice.updateLocalMedia(at: 0) { $0.port = 49178 }
        let (answer, n) = try alice.receiveOffer(try Self.load("3.1-offer-2"))
        try Self.expectSame(answer, "3.1-answer-2")
        #expect(n.media[0].direction == .sendrecv && !n.media[0].isHeldByRemote && n.media[0].sendCodec?.payloadType == 97)
        #expect(try bob.receiveAnswer(try Self.load("3.1-answer-2")).media[0].direction == .sendrecv)
    }

    @Test func section3_2HoldWithTwoStreams() throws {
        var alice = Self.alice([Self.audio(49170, [Self.pcmu, Self.ilbc]), Self.audio(49172, [Self.events98], .sendonly)])
        var bob = Self.bob([Self.audio(49172, [Self.ilbc]), Self.audio(49174, [Self.events98], .recvonly)])
        try Self.expectSame(try alice.createOffer(), "3.2-offer")
        try Self.expectSame(try bob.receiveOffer(try Self.load("3.2-offer")).answer, "3.2-answer")
        try alice.receiveAnswer(try Self.load("3.2-answer"))
        // Bob holds the audio stream only.
        bob.updateLocalMedia(at: 0) { $0.direction = $0.direction.held }
        try Self.expectSame(try bob.createOffer(), "3.2-offer-2")
        // The RFC has Alice answer with her first offer unchanged: sendrecv for a sendonly stream, which
        // §6.1 forbids, and PCMU, which Bob no longer offers (§6.1 allows it, but it cannot be used). We
        // answer recvonly with the offered iLBC only; the second stream is the RFC's.
        let (answer, n) = try alice.receiveOffer(try Self.load("3.2-offer-2"))
        var expected = Self.meaning(try Self.load("3.2-answer-2"))
        expected[1] = "m=audio 49170 RTP/AVP 97:ilbc/8000 recvonly @host.atlanta.example.com"
        #expect(Self.meaning(answer) == expected)
        #expect(n.media[0].direction == .recvonly && n.media[0].isHeldByRemote && n.media[1].direction == .sendonly)
        let bobs = try bob.receiveAnswer(answer)
        #expect(bobs.media[0].direction == .sendonly && bobs.warnings.isEmpty)
        // Bob taking the RFC's own answer narrows the direction and says so.
        var bob2 = Self.bob([Self.audio(49172, [Self.ilbc]), Self.audio(49174, [Self.events98], .recvonly)])
        _ = try bob2.receiveOffer(try Self.load("3.2-offer"))
        bob2.updateLocalMedia(at: 0) { $0.direction = .sendonly }
        _ = try bob2.createOffer()
        let narrowed = try bob2.receiveAnswer(try Self.load("3.2-answer-2"))
        #expect(narrowed.media[0].direction == .sendonly && narrowed.media[0].receiveCodecs.map(\.payloadType) == [97])
        #expect(narrowed.warnings.count == 2 && narrowed.warnings.allSatisfy { $0.hasPrefix("m=0") })
    }

    // MARK: §4 Addition and deletion of streams

    @Test func section4_1SecondAudioStreamAdded() throws {
        var alice = Self.alice([Self.audio(49170, [Self.pcmu, Self.ilbc])])
        var bob = Self.bob([Self.audio(49170, [Self.ilbc])])
        try Self.expectSame(try alice.createOffer(), "4.1-offer")
        try Self.expectSame(try bob.receiveOffer(try Self.load("4.1-offer")).answer, "4.1-answer")
        try alice.receiveAnswer(try Self.load("4.1-answer"))
        bob.addMedia(Self.audio(48282, [Self.events98], .recvonly, address: "mediaserver.biloxi.example.com"))
        try Self.expectSame(try bob.createOffer(), "4.1-offer-2")
        alice.addMedia(Self.audio(49172, [Self.events98], .sendonly))
        let (answer, n) = try alice.receiveOffer(try Self.load("4.1-offer-2"))
        try Self.expectSame(answer, "4.1-answer-2")
        // "Alice receives RTCP packets on port 49173 from the media server": she sends RTCP there too.
        #expect(n.media[1].remote?.address == "mediaserver.biloxi.example.com" && n.media[1].remote?.rtcpPort == 48283)
        #expect(n.media[1].direction == .sendonly && n.media[1].sendTelephoneEvent == 98)
        let bobs = try bob.receiveAnswer(try Self.load("4.1-answer-2"))
        #expect(bobs.media[1].direction == .recvonly && bobs.media[1].receiveTelephoneEvents == [98])
        // Alice's added stream was used for Bob's line: her next offer does not add it again.
        #expect(try alice.createOffer().media.count == 2)
    }

    @Test func section4_2AudioThenVideoAdded() throws {
        var alice = Self.alice([Self.audio(49170, [Self.pcmu])])
        var bob = Self.bob([Self.audio(49172, [Self.pcmu]), Self.video(49168, [Self.h261])])
        try Self.expectSame(try alice.createOffer(), "4.2-offer")
        try Self.expectSame(try bob.receiveOffer(try Self.load("4.2-offer")).answer, "4.2-answer")
        try alice.receiveAnswer(try Self.load("4.2-answer"))
        alice.addMedia(Self.video(49172, [Self.h261]))
        try Self.expectSame(try alice.createOffer(), "4.2-offer-2")
        try Self.expectSame(try bob.receiveOffer(try Self.load("4.2-offer-2")).answer, "4.2-answer-2")
        let n = try alice.receiveAnswer(try Self.load("4.2-answer-2"))
        #expect(n.media[1].isActive && n.media[1].remote?.port == 49168)
    }

    @Test func section4_3AudioAndVideoThenVideoDeleted() throws {
        var alice = Self.alice([Self.audio(49170, [Self.ilbc]), Self.video(51372, [Self.h261])])
        var bob = Self.bob([Self.audio(49174, [Self.ilbc]), Self.video(49170, [Self.h261])])
        try Self.expectSame(try alice.createOffer(), "4.3-offer")
        try Self.expectSame(try bob.receiveOffer(try Self.load("4.3-offer")).answer, "4.3-answer")
        try alice.receiveAnswer(try Self.load("4.3-answer"))
        bob.removeMedia(at: 1)
        try Self.expectSame(try bob.createOffer(), "4.3-offer-2")
        let (answer, n) = try alice.receiveOffer(try Self.load("4.3-offer-2"))
        try Self.expectSame(answer, "4.3-answer-2")
        #expect(!n.media[1].isActive)
        let bobs = try bob.receiveAnswer(try Self.load("4.3-answer-2"))
        #expect(!bobs.media[1].isActive && bobs.media[0].isActive)
        // The deleted line stays in every later offer, with port 0 (§8.2).
        #expect(try bob.createOffer().media.map(\.port) == [49174, 0])
    }

    // MARK: §5 Third-party call control

    @Test func section5_1NoMediaThenAudioAdded() throws {
        var alice = Self.alice([])
        var bob = Self.bob([Self.audio(49172, [Self.ilbc])])
        try Self.expectSame(try alice.createOffer(), "5.1-offer")
        let (answer, n) = try bob.receiveOffer(try Self.load("5.1-offer"))
        try Self.expectSame(answer, "5.1-answer")
        #expect(n.media.isEmpty)
        try alice.receiveAnswer(try Self.load("5.1-answer"))
        alice.addMedia(Self.audio(49170, [Self.ilbc]))
        try Self.expectSame(try alice.createOffer(), "5.1-offer-2")
        try Self.expectSame(try bob.receiveOffer(try Self.load("5.1-offer-2")).answer, "5.1-answer-2")
        #expect(try alice.receiveAnswer(try Self.load("5.1-answer-2")).firstActive()?.remote?.port == 49172)
    }

    @Test func section5_2HoldAndUnhold2() throws {
        var alice = Self.alice([Self.audio(23442, [Self.ilbc])], address: "0.0.0.0")
        var bob = Self.bob([Self.audio(49170, [Self.ilbc])])
        try Self.expectSame(try alice.createOffer(), "5.2-offer")
        let (answer, held) = try bob.receiveOffer(try Self.load("5.2-offer"))
        try Self.expectSame(answer, "5.2-answer")
        // c=0.0.0.0: Bob sends neither RTP nor RTCP (RFC 3264 §8.4).
        #expect(held.media[0].remote == nil && held.media[0].direction == .recvonly && held.media[0].isHeldByRemote)
        try alice.receiveAnswer(try Self.load("5.2-answer"))
        alice.changeAddress(to: "host.atlanta.example.com")
        alice.updateLocalMedia(at: 0) { $0.port = 49170 }
        try Self.expectSame(try alice.createOffer(), "5.2-offer-2")
        let (answer2, n) = try bob.receiveOffer(try Self.load("5.2-offer-2"))
        try Self.expectSame(answer2, "5.2-answer-2")
        #expect(n.media[0].remote?.address == "host.atlanta.example.com" && n.media[0].direction == .sendrecv)
    }

    @Test func section5_3HoldAndUnhold3() throws {
        var alice = Self.alice([Self.audio(49170, [Self.ilbc])])
        var bob = Self.bob([Self.audio(9322, [Self.ilbc])], address: "0.0.0.0")
        try Self.expectSame(try alice.createOffer(), "5.3-offer")
        try Self.expectSame(try bob.receiveOffer(try Self.load("5.3-offer")).answer, "5.3-answer")
        let held = try alice.receiveAnswer(try Self.load("5.3-answer"))
        #expect(held.media[0].remote == nil && held.media[0].direction == .recvonly)
        bob.changeAddress(to: "host.biloxi.example.com")
        bob.updateLocalMedia(at: 0) { $0.port = 49172 }
        try Self.expectSame(try bob.createOffer(), "5.3-offer-2")
        let (answer, n) = try alice.receiveOffer(try Self.load("5.3-offer-2"))
        try Self.expectSame(answer, "5.3-answer-2")
        #expect(n.media[0].remote?.port == 49172 && n.media[0].direction == .sendrecv)
    }
}
