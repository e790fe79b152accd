import Foundation
import SDP
import StackTesting
import Testing

@Suite struct SDPParserTests {
    static let offer = """
        v=0\r
        o=alice 2890844526 2890844526 IN IP4 192.0.2.10\r
        s=-\r
        c=IN IP4 192.0.2.10\r
        b=AS:84\r
        t=0 0\r
        a=sendrecv\r
        m=audio 49170 RTP/SAVP 111 9 0 8 101\r
        a=rtpmap:111 opus/48000/2\r
        a=fmtp:111 minptime=10;useinbandfec=1; maxplaybackrate=16000\r
        a=rtpmap:9 G722/8000\r
        a=rtpmap:0 PCMU/8000\r
        a=rtpmap:8 PCMA/8000\r
        a=rtpmap:101 telephone-event/8000\r
        a=fmtp:101 0-15,66,70\r
        a=ptime:20\r
        a=maxptime:120\r
        a=rtcp:49171 IN IP4 192.0.2.10\r
        a=rtcp-mux\r
        a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:4\r
        a=crypto:2 AEAD_AES_256_GCM inline:HGAPy4Cedy/qumbZvpJ8DcRNzyOZE8kNHFDxFGkYlzPOPz3EXwTgRNG9gCo= UNENCRYPTED_SRTCP\r
        a=x-unknown:kept verbatim\r
        a=recvonly\r
        m=video 0 RTP/AVP 96\r
        a=rtpmap:96 VP8/90000\r

        """

    @Test func parsesEveryLineTypeOfATypicalOffer() throws {
        let d = try SDPSessionDescription(parsing: Self.offer)
        #expect(d.origin.username == "alice" && d.origin.sessionVersion == 2890844526 && d.origin.address == "192.0.2.10")
        #expect(d.connection == SDPConnection(addressType: "IP4", address: "192.0.2.10"))
        #expect(d.bandwidths == [SDPBandwidth(type: "AS", value: 84)] && d.timings == [SDPTiming()])
        #expect(d.attributes == [SDPAttribute("sendrecv")] && d.warnings.isEmpty)
        #expect(d.media.count == 2)
        let audio = d.media[0]
        #expect(audio.type == "audio" && audio.port == 49170 && audio.proto == "RTP/SAVP" && audio.formats == ["111", "9", "0", "8", "101"])
        #expect(audio.rtpMaps[111] == SDPRtpMap(payloadType: 111, encoding: "opus", clockRate: 48000, channels: 2))
        #expect(audio.rtpMaps[9]?.clockRate == 8000)
        let opus = try #require(audio.formatParameters["111"])
        #expect(opus["useinbandfec"] == "1" && opus["MaxPlaybackRate"] == "16000" && opus["stereo"] == nil)
        #expect(audio.formatParameters["101"]?.eventRanges == [0...15, 66...66, 70...70])
        #expect(audio.ptime == 20 && audio.maxptime == 120 && audio.rtcpMux)
        #expect(audio.rtcp?.port == 49171 && audio.rtcp?.connection?.address == "192.0.2.10")
        #expect(audio.cryptos.map(\.tag) == [1, 2] && audio.cryptos[0].keyParameters == ["inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:4"])
        #expect(audio.cryptos[1].sessionParameters == ["UNENCRYPTED_SRTCP"])
        #expect(audio.attributes.first("x-unknown")?.value == "kept verbatim")
        // The media section's own direction wins over the session's; the rejected video has the session's.
        #expect(d.direction(ofMedia: 0) == .recvonly && d.direction(ofMedia: 1) == .sendrecv)
        #expect(d.media[1].port == 0)
    }

    /// Canonical input serializes back byte for byte, and attribute order is kept.
    @Test func roundTrip() throws {
        let d = try SDPSessionDescription(parsing: Self.offer)
        #expect(d.serialized() == Self.offer)
        #expect(try SDPSessionDescription(parsing: d.serialized()) == d)
    }

    @Test func lenientSlipsBecomeWarnings() throws {
        let text = "v=0\no=- 1 1 IN IP6 2001:db8::1 \nt=0 0\nm=audio 5004 RTP/AVP 0\nc=IN IP6 2001:db8::1\na=inactive\t\n"
        let d = try SDPSessionDescription(parsing: text)
        #expect(d.warnings.map(\.kind) == [.bareLineFeed, .trailingWhiteSpace, .missingSessionName])
        #expect(d.warnings.map(\.line) == [1, 2, 3])
        #expect(d.origin.address == "2001:db8::1" && d.sessionName == "-" && d.media[0].direction == .inactive)
        #expect(d.serialized().hasPrefix("v=0\r\no=- 1 1 IN IP6 2001:db8::1\r\ns=-\r\nt=0 0\r\n"))
    }

    @Test func holdForms() throws {
        let old = try SDPSessionDescription(parsing: "v=0\r\no=- 1 2 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\nm=audio 5004 RTP/AVP 0\r\n")
        #expect(old.isHold(media: 0) && old.direction(ofMedia: 0) == .sendrecv)
        let multicast = try SDPSessionDescription(parsing: "v=0\r\no=- 1 2 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 233.252.0.1/127/3\r\nt=0 0\r\n")
        #expect(multicast.connection?.ttl == 127 && multicast.connection?.count == 3 && !multicast.isHoldAddressless)
    }

    /// Typed errors carry the line number (1-based).
    @Test(arguments: [
        ("", SDPError.Kind.missingLine, 1),
        ("v=1\r\n", .invalidValue, 1),
        ("v=0\r\ns=-\r\n", .missingLine, 2),
        ("v=0\r\no=- 1 1 IN IP4\r\ns=-\r\nt=0 0\r\n", .invalidValue, 2),
        ("v=0\r\no=- x 1 IN IP4 h\r\ns=-\r\nt=0 0\r\n", .invalidValue, 2),
        ("v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\n", .missingLine, 3),
        ("v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nt=0 0\r\nc=IN IP4 h\r\n", .misplacedLine, 5),
        ("v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nr=1 2 3\r\nt=0 0\r\n", .misplacedLine, 4),
        ("v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nt=0 0\r\nx=1\r\n", .invalidLine, 5),
        ("v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nt=0 0\r\nm=audio 70000 RTP/AVP 0\r\n", .invalidValue, 5),
        ("v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nt=0 0\r\nm=audio 5004 RTP/AVP\r\n", .invalidValue, 5),
        ("v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nt=0 0\r\nm=audio 5004 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\nc=IN IP4 h\r\n", .misplacedLine, 7),
        ("v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nt=0 0\r\nm=audio 5004 RTP/AVP 0\r\nt=0 0\r\n", .misplacedLine, 6),
        ("v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nt=0 0\r\n\r\na=x\r\n", .invalidLine, 5),
        ("v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nt=0 0\r\na=:x\r\n", .invalidValue, 5),
        ("v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nt=0 0\r\nb=AS\r\n", .misplacedLine, 5),
    ])
    func errorsNameTheLine(text: String, kind: SDPError.Kind, line: Int) {
        do {
            let d = try SDPSessionDescription(parsing: text)
            Issue.record("parsed: \(d)")
        } catch {
            #expect(error.kind == kind && error.line == line, "\(error)")
        }
    }

    @Test func limitsAndEncoding() {
        var limits = SDPLimits()
        limits.maxMediaSections = 2
        let three = "v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nt=0 0\r\n" + String(repeating: "m=audio 5004 RTP/AVP 0\r\n", count: 3)
        #expect(throws: SDPError(.tooLarge, line: 7, "over 2 media sections")) { try SDPSessionDescription(parsing: three, limits: limits) }
        limits = SDPLimits()
        limits.maxFormats = 3
        #expect(throws: SDPError.self) { try SDPSessionDescription(parsing: "v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nt=0 0\r\nm=audio 1 RTP/AVP 0 1 2 3\r\n", limits: limits) }
        limits = SDPLimits()
        limits.maxSize = 10
        #expect(throws: SDPError.self) { try SDPSessionDescription(parsing: three, limits: limits) }
        var bytes = Array("v=0\r\no=- 1 1 IN IP4 h\r\ns=".utf8) + [0xFF, 0xFE] + Array("\r\nt=0 0\r\n".utf8)
        #expect(throws: SDPError(.invalidEncoding, line: 0, "not UTF-8")) { try SDPSessionDescription(parsing: bytes) }
        bytes = Array("v=0\r\no=- 1 1 IN IP4 h\r\ns=caf\u{e9}\r\nt=0 0\r\n".utf8)
        #expect((try? SDPSessionDescription(parsing: bytes))?.sessionName == "caf\u{e9}")
    }

    /// The SDPs of other projects' test suites (pion, pjproject, sofia-sip): each parses and round-trips
    /// or is refused with a typed error; sofia-sip's two "must fail" inputs fail.
    @Test func otherProjectsCorpora() throws {
        guard let corpora = FixtureLocator.sharedCorpora else {
            Issue.record("../shared/corpora missing")
            return
        }
        let folders = ["fuzz-seeds/pion-sdp/unmarshal_test-consts", "fuzz-seeds/pjproject/sdp", "fuzz-seeds/pjproject/sdes",
                       "fuzz-seeds/sofia-sip/torture_sdp-strings"]
        var parsed = 0, refused = 0
        for folder in folders {
            let dir = corpora.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() where !name.hasSuffix(".tsv") {
                let bytes = Array(try Data(contentsOf: dir.appendingPathComponent(name)))
                do {
                    let d = try SDPSessionDescription(parsing: bytes)
                    let again = try SDPSessionDescription(parsing: d.serialized())
                    #expect(again == d, "\(folder)/\(name) does not round-trip")
                    #expect(again.serialized() == d.serialized())
                    parsed += 1
                    #expect(!["e0_msg.sdp", "e1_msg.sdp"].contains(name), "\(name) must be refused")
                } catch {
                    refused += 1
                }
            }
        }
        #expect(parsed >= 30, "only \(parsed) parsed, \(refused) refused")
    }
}

extension SDPSessionDescription {
    var isHoldAddressless: Bool { connection?.isHoldAddress == true }
}

/// The fuzz target's checks over the seeds and every saved crasher.
@Suite struct SDPFuzzRegressionTests {
    @Test func seedsAndCrashersPass() throws {
        var files: [URL] = []
        let fixtures = FixtureLocator.fixtures
        for sub in ["sdp", "fuzz-crashers/sdp"] {
            let dir = fixtures.appendingPathComponent(sub)
            let names = FileManager.default.subpaths(atPath: dir.path) ?? []
            for name in names where !name.hasSuffix(".md") {
                var isDirectory: ObjCBool = false
                let url = dir.appendingPathComponent(name)
                if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue { files.append(url) }
            }
        }
        for f in files { SDPFuzzChecks.check(Array(try Data(contentsOf: f))) }
        SDPFuzzChecks.check(Array(SDPParserTests.offer.utf8))
    }
}

/// The endpoint-style fixtures parse without warnings and serialize back byte for byte.
@Suite struct SDPFixtureTests {
    static func load(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: FixtureLocator.fixtures.appendingPathComponent("sdp/\(name)")))
    }

    @Test(arguments: ["webrtc-browser-offer.sdp", "asterisk-style.sdp", "baresip-style.sdp", "freeswitch-style.sdp",
                      "deskphone-style.sdp", "captured/baresip-offer.sdp", "captured/baresip-offer-srtp.sdp",
                      "captured/baresip-answer.sdp", "captured/linphone-offer.sdp", "captured/linphone-answer.sdp"])
    func parsesAndRoundTrips(name: String) throws {
        let bytes = try Self.load(name)
        let d = try SDPSessionDescription(parsing: bytes)
        #expect(d.warnings.isEmpty)
        #expect(d.serializedBytes() == bytes)
        #expect(d.media.first?.type == "audio")
    }

    @Test func webrtcOffer() throws {
        let d = try SDPSessionDescription(parsing: try Self.load("webrtc-browser-offer.sdp"))
        let audio = try #require(d.media.first)
        #expect(audio.proto == "UDP/TLS/RTP/SAVPF" && audio.rtcpMux && audio.mid == "0")
        #expect(audio.rtpMaps[111]?.encoding == "opus" && audio.rtpMaps[110]?.clockRate == 48000)
        #expect(audio.formatParameters["63"]?.text == "111/111")
        #expect(d.attributes.first("group")?.value == "BUNDLE 0")
        #expect(d.connection == nil && audio.connections.first?.address == "0.0.0.0")
    }

    @Test func srtpOffer() throws {
        let d = try SDPSessionDescription(parsing: try Self.load("baresip-style.sdp"))
        let audio = try #require(d.media.first)
        #expect(audio.cryptos.map(\.suite) == ["AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32"])
        #expect(audio.formatParameters["96"]?["sprop-stereo"] == "1" && audio.rtpMaps[9]?.channels == 1)
        #expect(audio.bandwidths == [SDPBandwidth(type: "AS", value: 128)])
    }
}

extension SDPFixtureTests {
    /// The ICE, DTLS, BUNDLE, ssrc and extmap views on the browser offer.
    @Test func transportViews() throws {
        var text = String(decoding: try Self.load("webrtc-browser-offer.sdp"), as: UTF8.self)
        text += "a=candidate:842163049 1 udp 1677729535 198.51.100.7 61665 typ srflx raddr 10.0.1.1 rport 61665 generation 0 network-cost 999\r\n"
        let d = try SDPSessionDescription(parsing: text)
        let audio = d.media[0]
        #expect(d.iceUsernameFragment(media: 0) == "Xk3o" && d.icePassword(media: 0) == "vZ8Gf4tP0qL2mN7rS1uW9yA3")
        let fp = try #require(d.fingerprints(media: 0).first)
        #expect(fp.hashFunction == "sha-256" && fp.bytes.count == 32 && fp.bytes.first == 0x4A)
        #expect(audio.setup == .actpass)
        #expect(d.groups == [SDPGroup("BUNDLE 0")!] && d.groups.first?.mids == ["0"])
        #expect(audio.sources.map(\.ssrc) == [3570614608, 3570614608] && audio.sources.first?.attribute == SDPAttribute("cname", "4TOk42mSjXCkVIa6"))
        #expect(audio.extensionMaps.map(\.id) == [1, 2] && audio.extensionMaps[0].uri == "urn:ietf:params:rtp-hdrext:ssrc-audio-level")
        let c = try #require(audio.candidates.first)
        #expect(c.type == "srflx" && c.relatedAddress == "10.0.1.1" && c.relatedPort == 61665 && c.port == 61665 && c.priority == 1677729535)
        #expect(c.extensions.map(\.0) == ["generation", "network-cost"])
        #expect(SDPCandidate("1 1 udp 1 192.0.2.1 5000 typ") == nil && SDPFingerprint("sha-256 4A:Z") == nil)
        #expect(SDPExtensionMap("3/sendonly urn:x attr")?.direction == .sendonly && SDPExtensionMap("0 urn:x") == nil)
        // An id of "/" split to nothing and was indexed (SDPFuzz crasher); it and its kin are refused.
        for bad in ["/ urn:x", "1/ urn:x", "/sendonly urn:x", "1/sendonly/x urn:x", "// urn:x"] { #expect(SDPExtensionMap(bad) == nil) }
    }
}
