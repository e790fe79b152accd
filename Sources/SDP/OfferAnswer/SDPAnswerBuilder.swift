/// Builds the answer to one offer (RFC 3264 §6): one m= line per offered line, in order.
struct AnswerBuilder {
    let offer: SDPSessionDescription
    let configuration: SDPNegotiatorConfiguration
    let held: Bool
    /// The local stream behind each m= line of the session so far.
    let slots: [Int?]

    /// The answer's m= lines, what each stream settled on, and the local stream behind each line.
    func build() throws(SDPNegotiationError) -> ([SDPMediaDescription], SDPNegotiation, [Int?]) {
        var lines: [SDPMediaDescription] = []
        var media: [SDPNegotiatedMedia] = []
        var newSlots: [Int?] = []
        var offeredLive = false
        // Local streams already running an m= line keep it; new lines take free ones.
        let reserved = Set(slots.enumerated().compactMap { i, s in offer.media.indices.contains(i) ? s : nil })
        for (i, m) in offer.media.enumerated() {
            let previous = slots.indices.contains(i) ? slots[i] : nil
            if m.port == 0 {
                lines.append(SDPOfferAnswer.disabled(m))
                media.append(Self.inactive(m, index: i))
                newSlots.append(nil)
                continue
            }
            offeredLive = true
            var answered: (SDPMediaDescription, SDPNegotiatedMedia)?
            var slot: Int?
            // The stream keeps its local stream across re-offers; a new one takes the first free of its type that fits.
            let local = configuration.media
            let taken = Set(newSlots.compactMap { $0 })
            let candidates = previous.flatMap { local.indices.contains($0) && local[$0].type == m.type ? [$0] : nil }
                ?? local.indices.filter { !reserved.contains($0) }
            for s in candidates where !taken.contains(s) && local[s].type == m.type {
                if let a = try answerLine(m, index: i, local: local[s]) {
                    answered = a
                    slot = s
                    break
                }
            }
            if let (line, negotiated) = answered {
                lines.append(line)
                media.append(negotiated)
            } else {
                lines.append(SDPOfferAnswer.disabled(m))
                media.append(Self.inactive(m, index: i))
            }
            newSlots.append(slot)
        }
        if offeredLive, !media.contains(where: \.isActive) {
            throw SDPNegotiationError(.noAcceptableMedia, "no offered stream has a codec, profile and keying we support")
        }
        return (lines, SDPNegotiation(media: media, warnings: []), newSlots)
    }

    static func inactive(_ m: SDPMediaDescription, index: Int) -> SDPNegotiatedMedia {
        SDPNegotiatedMedia(index: index, type: m.type, proto: m.proto, isActive: false, localPort: 0, remote: nil,
                           direction: .inactive, sendCodec: nil, receiveCodecs: [], sendTelephoneEvent: nil,
                           receiveTelephoneEvents: [], remotePtime: nil, rtcpMux: false, srtp: nil, isHeldByRemote: false)
    }

    /// The answer to offered line `m` from local stream `local`, or nil when the two have nothing in common.
    func answerLine(_ m: SDPMediaDescription, index: Int, local: SDPLocalMedia) throws(SDPNegotiationError)
        -> (SDPMediaDescription, SDPNegotiatedMedia)?
    {
        guard let profile = RTPProfile(m.proto) else { return nil }
        // SRTP (RFC 4568 §7.1.1): the first offered crypto line whose suite we have a key for and whose
        // session parameters we need not understand.
        var srtp: SDPNegotiatedSRTP?
        if profile.isSecure || (local.srtp != .disabled && !m.cryptos.isEmpty) {
            guard local.srtp != .disabled else { return nil }
            for c in m.cryptos where c.sessionParameters.isEmpty {
                if let key = local.cryptoKeys.first(where: { $0.suite == c.suite }) {
                    srtp = SDPNegotiatedSRTP(tag: c.tag, suite: c.suite, localKeyParameters: key.keyParameters,
                                             remoteKeyParameters: c.keyParameters.joined(separator: ";"))
                    break
                }
            }
            if srtp == nil, profile.isSecure || local.srtp == .mandatory { return nil }
        } else if local.srtp == .mandatory {
            return nil
        }
        guard let codecs = commonCodecs(offered: m.codecs, local: local.codecs) else { return nil }
        let remote = try RemoteAddress(media: m, session: offer, index: index)

        let offered = offer.direction(ofMedia: index)
        let wanted = held ? local.direction.held : local.direction
        let direction = SDPDirection.answer(toOffered: offered, local: wanted)
        let holdAddress = offer.isHold(media: index)
        let mux = m.rtcpMux && local.rtcpMux

        var line = SDPMediaDescription(type: m.type, port: local.port, proto: m.proto, formats: codecs.map { String($0.payloadType) })
        line.connections = configuration.mediaConnections(for: local, held: held)
        line.attributes = SDPOfferAnswer.formatAttributes(codecs)
        if let srtp {
            line.attributes.append(SDPAttribute("crypto", SDPCrypto(tag: srtp.tag, suite: srtp.suite,
                                                                    keyParameters: [srtp.localKeyParameters]).value))
        }
        SDPOfferAnswer.appendCommon(to: &line, ptime: local.ptime, maxptime: local.maxptime, rtcpMux: mux, direction: direction)

        let send = codecs.first { !$0.isAuxiliary }
        let events = codecs.filter(\.isTelephoneEvent)
        let ours = holdAddress ? SDPDirection(sends: false, receives: direction.receives) : direction
        let negotiated = SDPNegotiatedMedia(
            index: index, type: m.type, proto: m.proto, isActive: true, localPort: local.port,
            remote: holdAddress ? nil : remote.endpoint(for: m, mux: mux), direction: ours, sendCodec: send, receiveCodecs: codecs,
            sendTelephoneEvent: codecs.telephoneEvent(toSendWith: send),
            receiveTelephoneEvents: events.map(\.payloadType), remotePtime: m.ptime, rtcpMux: mux, srtp: srtp,
            isHeldByRemote: holdAddress || (!offered.receives && wanted.sends))
        return (line, negotiated)
    }

    /// The offered codecs we also have, numbered as the offer numbers them (§6.1), in the offerer's order
    /// or ours, with our fmtp (what we want to receive); nil when there is no codec to run the stream with.
    func commonCodecs(offered: [SDPCodec], local: [SDPCodec]) -> [SDPCodec]? {
        var main: [(rank: Int, codec: SDPCodec)] = []
        for o in offered where !o.isAuxiliary {
            guard let rank = local.firstIndex(where: { !$0.isAuxiliary && $0.matches(o) }),
                  !main.contains(where: { $0.codec.payloadType == o.payloadType }) else { continue }
            var c = o
            c.formatParameters = local[rank].formatParameters
            main.append((rank, c))
        }
        if configuration.preferLocalCodecOrder { main.sort { $0.rank < $1.rank } }
        var chosen = main.map(\.codec)
        if configuration.answerWithSingleCodec { chosen = Array(chosen.prefix(1)) }
        if chosen.isEmpty, offered.contains(where: { !$0.isAuxiliary }) { return nil }

        // Auxiliary formats ride along: telephone-events at the clock of a chosen codec when offered so
        // (RFC 4733 §2.1), else at any clock we have; comfort noise and the rest when we have them.
        let rates = Set(chosen.map(\.clockRate))
        let offeredEvents = offered.filter { e in e.isTelephoneEvent && local.contains { $0.matches(e) } }
        let matchingEvents = offeredEvents.filter { rates.contains($0.clockRate) }
        let events = matchingEvents.isEmpty ? offeredEvents : matchingEvents
        for o in offered where o.isAuxiliary {
            guard let mine = local.first(where: { $0.matches(o) }) else { continue }
            if o.isTelephoneEvent {
                guard events.contains(o) else { continue }
                var c = o
                c.formatParameters = Self.eventIntersection(offered: o.formatParameters, local: mine.formatParameters)
                chosen.append(c)
            } else if rates.isEmpty || rates.contains(o.clockRate) {
                var c = o
                c.formatParameters = mine.formatParameters
                chosen.append(c)
            }
        }
        return chosen.isEmpty ? nil : chosen
    }

    /// The events both sides support (RFC 4733 §7.1.1), as an fmtp list; ours when the offer gives none.
    static func eventIntersection(offered: String?, local: String?) -> String? {
        guard let offered, let local else { return local ?? offered }
        guard let a = SDPFormatParameters(format: "0", text: offered).eventRanges,
              let b = SDPFormatParameters(format: "0", text: local).eventRanges else { return local }
        var out: [ClosedRange<Int>] = []
        for x in a { for y in b where x.overlaps(y) { out.append(max(x.lowerBound, y.lowerBound)...min(x.upperBound, y.upperBound)) } }
        guard !out.isEmpty else { return local }
        return out.sorted { $0.lowerBound < $1.lowerBound }
            .map { $0.lowerBound == $0.upperBound ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" }
            .joined(separator: ",")
    }

}

/// A peer's connection address and port, before RTCP is worked out.
struct RemoteAddress {
    let connection: SDPConnection
    let port: Int

    /// Where the peer receives m= line `index` of `session`: its own c= line, else the session's;
    /// throws when there is neither.
    init(media m: SDPMediaDescription, session: SDPSessionDescription, index: Int) throws(SDPNegotiationError) {
        guard let c = m.connections.first ?? session.connection else {
            throw SDPNegotiationError(.missingConnection, media: index, "no c= line for the stream or the session")
        }
        connection = c
        port = m.port
    }

    /// The endpoint with its RTCP address (RFC 3605 `a=rtcp`, RFC 5761 mux, else port + 1).
    func endpoint(for m: SDPMediaDescription, mux: Bool) -> SDPRemoteEndpoint {
        let rtcp = m.rtcp
        return SDPRemoteEndpoint(addressType: connection.addressType, address: connection.address, port: port,
                                 rtcpAddress: mux ? connection.address : (rtcp?.connection?.address ?? connection.address),
                                 rtcpPort: mux ? port : (rtcp?.port ?? port + 1))
    }
}

/// The RTP profiles this negotiator runs (RFC 3551, RFC 3711, RFC 4585, RFC 5124). DTLS-SRTP profiles
/// (`UDP/TLS/RTP/SAVP[F]`) are not among them, so such streams are rejected.
struct RTPProfile {
    let isSecure: Bool

    init?(_ proto: String) {
        switch proto.uppercased() {
        case "RTP/AVP", "RTP/AVPF": isSecure = false
        case "RTP/SAVP", "RTP/SAVPF": isSecure = true
        default: return nil
        }
    }
}
