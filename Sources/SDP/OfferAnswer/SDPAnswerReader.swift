/// Checks the peer's answer against our offer (RFC 3264 §6, §7) and works out each stream.
struct AnswerReader {
    let offer: SDPSessionDescription
    let answer: SDPSessionDescription
    let local: [SDPLocalMedia]
    let slots: [Int?]
    var warnings: [String] = []

    mutating func read() throws(SDPNegotiationError) -> SDPNegotiation {
        guard answer.media.count == offer.media.count else {
            throw SDPNegotiationError(.mediaMismatch, "the answer has \(answer.media.count) m= lines, the offer \(offer.media.count)")
        }
        var media: [SDPNegotiatedMedia] = []
        for i in offer.media.indices {
            let o = offer.media[i], a = answer.media[i]
            guard o.type == a.type else {
                throw SDPNegotiationError(.mediaMismatch, media: i, "answered \(a.type) to an offered \(o.type)")
            }
            if o.port == 0 || a.port == 0 {
                if o.port == 0, a.port != 0 { warnings.append("m=\(i): a port for a stream offered with port 0; ignored") }
                media.append(AnswerBuilder.inactive(o, index: i))
                continue
            }
            media.append(try stream(i, offered: o, answered: a))
        }
        return SDPNegotiation(media: media, warnings: warnings)
    }

    /// One accepted stream.
    mutating func stream(_ i: Int, offered o: SDPMediaDescription, answered a: SDPMediaDescription)
        throws(SDPNegotiationError) -> SDPNegotiatedMedia
    {
        guard o.proto.uppercased() == a.proto.uppercased() else {
            throw SDPNegotiationError(.profileMismatch, media: i, "answered \(a.proto) to an offered \(o.proto)")
        }
        guard !a.formats.isEmpty else { throw SDPNegotiationError(.noCommonFormat, media: i, "no formats") }
        // §6.1: at least one answered format is one we offered, with the same number or a dynamic number
        // of its own (RFC 4317 §2.3 answers iLBC as 99 to an offered 97). The answer MAY list formats we
        // did not offer; nobody can send those yet, so they are skipped. A number we offered for another
        // codec is a conflict.
        let ours = o.codecs
        var theirs: [SDPCodec] = []
        var receive: [SDPCodec] = []
        var extra: [String] = []
        let answered = a.codecs
        for f in a.formats {
            guard let c = answered.first(where: { String($0.payloadType) == f }) else {
                if !o.formats.contains(f) { extra.append(f) }
                continue
            }
            let sameNumber = ours.first { $0.payloadType == c.payloadType }
            if let sameNumber {
                guard sameNumber.matches(c) else {
                    throw SDPNegotiationError(.formatNotOffered, media: i,
                                              "\(f) is \(c.encoding)/\(c.clockRate) in the answer, \(sameNumber.encoding)/\(sameNumber.clockRate) in the offer")
                }
                receive.append(sameNumber)
                theirs.append(c)
            } else if c.payloadType >= 96, let mine = ours.first(where: { $0.matches(c) }) {
                receive.append(mine)
                theirs.append(c)
            } else {
                extra.append(f)
            }
        }
        guard !theirs.isEmpty else {
            throw SDPNegotiationError(.formatNotOffered, media: i, "none of the answered formats \(a.formats) was offered")
        }
        if !extra.isEmpty { warnings.append("m=\(i): formats \(extra) were not offered; skipped") }
        let send = theirs.first { !$0.isAuxiliary }
        if send == nil, ours.contains(where: { !$0.isAuxiliary }) {
            warnings.append("m=\(i): the answer keeps only auxiliary formats")
        }

        // Direction (§6.1): what the answer allows, within what we offered.
        let offeredDirection = offer.direction(ofMedia: i)
        let answeredDirection = answer.direction(ofMedia: i)
        let allowed = SDPDirection.answer(toOffered: offeredDirection, local: .sendrecv)
        if answeredDirection.intersection(allowed) != answeredDirection {
            warnings.append("m=\(i): \(answeredDirection.rawValue) does not answer \(offeredDirection.rawValue) (RFC 3264 §6.1); narrowed")
        }
        let holdAddress = answer.isHold(media: i)
        var direction = answeredDirection.reversed.intersection(offeredDirection)
        if holdAddress { direction = SDPDirection(sends: false, receives: direction.receives) }

        let srtp = try keying(i, offered: o, answered: a)
        let remote = try RemoteAddress(media: a, session: answer, index: i)
        let mux = o.rtcpMux && a.rtcpMux
        let slot = slots.indices.contains(i) ? slots[i] : nil
        let weWantToSend = slot.flatMap { local.indices.contains($0) ? local[$0].direction.sends : nil } ?? true
        return SDPNegotiatedMedia(
            index: i, type: o.type, proto: o.proto, isActive: true, localPort: o.port,
            remote: holdAddress ? nil : remote.endpoint(for: a, mux: mux),
            direction: direction, sendCodec: send, receiveCodecs: receive,
            sendTelephoneEvent: theirs.telephoneEvent(toSendWith: send),
            receiveTelephoneEvents: receive.filter(\.isTelephoneEvent).map(\.payloadType), remotePtime: a.ptime,
            rtcpMux: mux, srtp: srtp,
            isHeldByRemote: holdAddress || (!answeredDirection.receives && weWantToSend))
    }

    /// The SRTP keys (RFC 4568 §6.1): exactly one answered crypto line, echoing an offered tag and suite.
    func keying(_ i: Int, offered o: SDPMediaDescription, answered a: SDPMediaDescription) throws(SDPNegotiationError)
        -> SDPNegotiatedSRTP?
    {
        let offered = o.cryptos, answered = a.attributes.values("crypto")
        let secure = RTPProfile(o.proto)?.isSecure ?? false
        if answered.isEmpty {
            guard !secure else { throw SDPNegotiationError(.cryptoMismatch, media: i, "no crypto line for an SRTP stream") }
            return nil
        }
        guard answered.count == 1, let c = SDPCrypto(answered[0]) else {
            throw SDPNegotiationError(.cryptoMismatch, media: i, "the answer must carry exactly one valid crypto line")
        }
        guard let mine = offered.first(where: { $0.tag == c.tag }), mine.suite == c.suite else {
            throw SDPNegotiationError(.cryptoMismatch, media: i, "crypto tag \(c.tag) \(c.suite) was not offered")
        }
        return SDPNegotiatedSRTP(tag: c.tag, suite: c.suite, localKeyParameters: mine.keyParameters.joined(separator: ";"),
                                 remoteKeyParameters: c.keyParameters.joined(separator: ";"))
    }
}
