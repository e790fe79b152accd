extension SDPOfferAnswer {
    /// The m= lines of the next offer and the local stream behind each.
    func offerLines() throws(SDPNegotiationError) -> ([SDPMediaDescription], [Int?]) {
        let local = configuration.media
        var lines: [SDPMediaDescription] = []
        var slots: [Int?] = []
        guard let committed = structure.committed else {
            // An offer without m= lines is legal (third-party call control, RFC 4317 §5.1).
            for (i, m) in local.enumerated() {
                lines.append(try offerLine(for: m, index: i, previous: nil, remote: nil))
                slots.append(i)
            }
            return (lines, slots)
        }
        // A re-offer keeps every m= line in place (§8); removed or rejected ones stay with port 0.
        let remote = remoteDescription?.media ?? []
        for (i, previous) in committed.media.enumerated() {
            let slot = structure.slots.indices.contains(i) ? structure.slots[i] : nil
            if let slot, !structure.removals.contains(i), local.indices.contains(slot) {
                lines.append(try offerLine(for: local[slot], index: i, previous: previous,
                                           remote: remote.indices.contains(i) ? remote[i] : nil))
                slots.append(slot)
            } else {
                lines.append(Self.disabled(previous))
                slots.append(nil)
            }
        }
        for slot in structure.additions where local.indices.contains(slot) {
            lines.append(try offerLine(for: local[slot], index: lines.count, previous: nil, remote: nil))
            slots.append(slot)
        }
        return (lines, slots)
    }

    /// An m= line that keeps its place with port 0 (RFC 3264 §8.2): the type, profile and first format stay.
    static func disabled(_ m: SDPMediaDescription) -> SDPMediaDescription {
        var out = SDPMediaDescription(type: m.type, port: 0, proto: m.proto, formats: Array(m.formats.prefix(1)))
        if let f = m.formats.first, let pt = Int(f), let map = m.rtpMaps[pt] { out.attributes = [SDPAttribute("rtpmap", map.value)] }
        return out
    }

    /// The m= line offering local stream `m`. Payload numbers already used in the session for a codec
    /// are kept (§8.3.2); new dynamic ones avoid every number in use on this line on either side.
    func offerLine(for m: SDPLocalMedia, index: Int, previous: SDPMediaDescription?, remote: SDPMediaDescription?)
        throws(SDPNegotiationError) -> SDPMediaDescription
    {
        guard (1...65535).contains(m.port) else {
            throw SDPNegotiationError(.invalidConfiguration, media: index, "port \(m.port) cannot be offered")
        }
        guard !m.codecs.isEmpty else { throw SDPNegotiationError(.invalidConfiguration, media: index, "no codecs") }
        let before = previous?.codecs ?? []
        let theirs = remote?.codecs ?? []
        var used = Set(before.map(\.payloadType)).union(theirs.map(\.payloadType))
        var codecs: [SDPCodec] = []
        for var codec in m.codecs {
            if let kept = before.first(where: { $0.matches(codec) }) ?? theirs.first(where: { $0.matches(codec) }),
               !codecs.contains(where: { $0.payloadType == kept.payloadType })
            {
                codec.payloadType = kept.payloadType
            } else if codec.payloadType < 96, SDPCodec.staticTypes[codec.payloadType]?.matches(codec) == true {
                // A static type keeps its number (RFC 3551 §6).
            } else if used.contains(codec.payloadType) || !(96...127).contains(codec.payloadType)
                        || codecs.contains(where: { $0.payloadType == codec.payloadType })
            {
                guard let free = (96...127).first(where: { n in !used.contains(n) && !codecs.contains { $0.payloadType == n } }) else {
                    throw SDPNegotiationError(.invalidConfiguration, media: index, "no dynamic payload type left")
                }
                codec.payloadType = free
            }
            used.insert(codec.payloadType)
            codecs.append(codec)
        }
        let proto = previous.map(\.proto) ?? (m.srtp == .mandatory ? "RTP/SAVP" : "RTP/AVP")
        var line = SDPMediaDescription(type: m.type, port: m.port, proto: proto, formats: codecs.map { String($0.payloadType) })
        let direction = isOnHold ? m.direction.held : m.direction
        line.connections = configuration.mediaConnections(for: m, held: isOnHold)
        line.attributes = Self.formatAttributes(codecs)
        if m.srtp != .disabled {
            for (tag, key) in m.cryptoKeys.enumerated() {
                line.attributes.append(SDPAttribute("crypto", SDPCrypto(tag: tag + 1, suite: key.suite, keyParameters: [key.keyParameters]).value))
            }
        }
        Self.appendCommon(to: &line, ptime: m.ptime, maxptime: m.maxptime, rtcpMux: m.rtcpMux, direction: direction)
        return line
    }

    /// rtpmap for every format (static ones too, as RFC 4317 writes them) and fmtp where there are parameters.
    static func formatAttributes(_ codecs: [SDPCodec]) -> [SDPAttribute] {
        var out: [SDPAttribute] = []
        out.reserveCapacity(codecs.count * 2)
        for c in codecs { out.append(SDPAttribute("rtpmap", c.rtpMap.value)) }
        for c in codecs {
            if let f = c.formatParameters, !f.isEmpty { out.append(SDPAttribute("fmtp", "\(c.payloadType) \(f)")) }
        }
        return out
    }

    /// ptime, maxptime, rtcp-mux and the direction, in that order.
    static func appendCommon(to line: inout SDPMediaDescription, ptime: Int?, maxptime: Int?, rtcpMux: Bool, direction: SDPDirection) {
        if let ptime { line.attributes.append(SDPAttribute("ptime", String(ptime))) }
        if let maxptime { line.attributes.append(SDPAttribute("maxptime", String(maxptime))) }
        if rtcpMux { line.attributes.append(SDPAttribute("rtcp-mux")) }
        line.attributes.append(SDPAttribute(direction.rawValue))
    }
}
