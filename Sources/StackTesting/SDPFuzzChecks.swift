import SDP

/// The properties the SDP fuzz target checks on every input; `swift test` replays them over seeds.
public enum SDPFuzzChecks {
    /// Parses `data`; whatever parses must serialize to text that parses to an equal description, and
    /// serializing that again must give the same text. The typed views must not trap. A violated
    /// property traps, which the fuzzer records as a crash.
    public static func check(_ data: [UInt8]) {
        guard let d = try? SDPSessionDescription(parsing: data) else { return }
        for i in d.media.indices {
            let m = d.media[i]
            _ = (m.rtpMaps, m.formatParameters.mapValues { ($0.parameters.count, $0.eventRanges) }, m.ptime, m.maxptime)
            _ = (m.rtcp, m.rtcpMux, m.cryptos.map(\.value), d.direction(ofMedia: i), d.isHold(media: i))
            _ = (m.candidates, d.fingerprints(media: i), m.setup, m.sources, m.extensionMaps, d.iceUsernameFragment(media: i))
        }
        _ = d.groups
        let text = d.serialized()
        let again: SDPSessionDescription
        do {
            again = try SDPSessionDescription(parsing: text)
        } catch {
            fatalError("SDP round trip: serialized description does not parse: \(error)")
        }
        guard again == d else { fatalError("SDP round trip: re-parsed description differs") }
        guard again.serialized() == text else { fatalError("SDP round trip: serialization not stable") }
        guard again.warnings.isEmpty else { fatalError("SDP round trip: serialized text has warnings \(again.warnings)") }
        checkNegotiation(d)
    }

    /// The negotiator's properties on any description: answered as an offer, the answer keeps every m=
    /// line in order, lists only offered formats, gives §6.1 directions, and parses back; taken as the
    /// answer to our default offer, it yields a result or a typed error, never a trap.
    static func checkNegotiation(_ d: SDPSessionDescription) {
        for srtp in [SDPSRTPPolicy.disabled, .optional] {
            var audio = SDPLocalMedia.defaultAudio(port: 4000)
            audio.srtp = srtp
            audio.cryptoKeys = [SDPCryptoKey(suite: "AES_CM_128_HMAC_SHA1_80", keyParameters: "inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz")]
            let configuration = SDPNegotiatorConfiguration(sessionID: "1", address: "192.0.2.1",
                                                           media: [audio, SDPLocalMedia(type: "video", port: 4002, codecs: [SDPCodec(encoding: "H264", clockRate: 90000, payloadType: 96)])])
            var answerer = SDPOfferAnswer(configuration: configuration)
            if let (answer, n) = try? answerer.receiveOffer(d) {
                guard answer.media.count == d.media.count, n.media.count == d.media.count else { fatalError("answer changed the m= line count") }
                for (i, (o, a)) in zip(d.media, answer.media).enumerated() {
                    guard o.type == a.type, o.proto == a.proto else { fatalError("answer changed m= line \(i)") }
                    guard a.port == 0 || Set(a.formats).isSubset(of: o.formats) else { fatalError("answer lists unoffered formats") }
                    guard a.port == 0 || SDPDirection.answer(toOffered: d.direction(ofMedia: i), local: .sendrecv).intersection(answer.direction(ofMedia: i)) == answer.direction(ofMedia: i)
                    else { fatalError("answer direction breaks RFC 3264 §6.1") }
                }
                guard (try? SDPSessionDescription(parsing: answer.serialized())) == answer else { fatalError("answer does not round-trip") }
            }
            var offerer = SDPOfferAnswer(configuration: configuration)
            guard let offer = try? offerer.createOffer() else { fatalError("default offer failed") }
            if let n = try? offerer.receiveAnswer(d) {
                guard n.media.count == offer.media.count else { fatalError("negotiated stream count differs from the offer") }
            }
        }
    }
}
