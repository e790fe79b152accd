import EventLoopPOSIX
import SIPMessage
import StackCore

/// The transport-layer rules of RFC 3261 §18 and RFC 3581, as pure functions of messages and
/// addresses, so that they are tested without sockets.
public enum SIPTransportRules {
    /// §18.1.1: the size above which a request goes over a congestion-controlled transport when the
    /// path MTU is unknown.
    public static let udpSizeLimit = 1300

    /// §18.1.1: the protocol to send a request of `size` bytes over when UDP was chosen: TCP when it is
    /// larger than 1300 bytes (the Via is then rewritten to say TCP).
    public static func transport(forRequestOfSize size: Int, preferred: SIPTransportProtocol) -> SIPTransportProtocol {
        preferred == .udp && size > udpSizeLimit ? .tcp : preferred
    }

    /// §18.2.1 and RFC 3581 §4: stamps the top Via of a received request with `received` when its
    /// sent-by host differs from the source address, and fills in an empty `rport` with the source port
    /// (adding `received` then too). Returns the request unchanged when the Via needs nothing.
    public static func stampReceived(_ request: SIPMessage, source: SocketAddress) -> SIPMessage {
        guard let via = request.topVia else { return request }
        var changes: [(String, String?)] = []
        let rport = via.rport
        let sameHost = via.host.kind != .name && SocketAddress(ip: via.host.text.string, port: 0)?.withPort(0) == source.withPort(0)
        if !sameHost || rport != nil { changes.append(("received", source.ip)) }
        if case .some(.none) = rport { changes.append(("rport", String(source.port))) }
        guard !changes.isEmpty, let stamped = try? via.settingParameters(changes) else { return request }
        var copy = request
        copy.replaceTopVia(stamped)
        return copy
    }

    /// §18.2.2 and RFC 3581 §4: where to send a response, from its top Via (as stamped on receipt) and
    /// the address the request came from. Over a stream the response goes back on the connection the
    /// request came in on (`source`) while it is open; when it has closed, a new connection goes to
    /// `received` (or the sent-by host) at the sent-by port. Over UDP it goes to `received` (or the
    /// sent-by host when it is an IP address) and the `rport` value, else the sent-by port, else 5060.
    /// Nil when the Via names a host that would need DNS (RFC 3263) and carries no `received`.
    public static func responseDestination(_ response: SIPMessage, source: SIPTransportAddress,
                                           connectionOpen: Bool = true) -> SIPTransportAddress?
    {
        if source.transport.isReliable && connectionOpen { return source }
        guard let via = response.topVia else { return nil }
        let received = via.received?.string.trimmingCharacters(in: "[]")
        guard let host = received ?? (via.host.kind == .name ? nil : via.host.text.string) else { return nil }
        let port: Int
        if source.transport == .udp, case .some(.some(let p)) = via.rport { port = p } else { port = via.port ?? 5060 }
        guard let address = SocketAddress(ip: host, port: UInt16(clamping: port)) else { return nil }
        return SIPTransportAddress(source.transport, address)
    }

    /// §18.1.2: a response is for us only when the sent-by of its top Via is one we put in requests: a
    /// port we listen on, and a host that is one of our addresses (any address when listening on the
    /// wildcard) or one of `names`. Others are discarded.
    public static func sentByIsOurs(_ response: SIPMessage, listening: [SocketAddress], names: [String]) -> Bool {
        guard let via = response.topVia else { return false }
        let port = via.port ?? 5060
        let candidates = listening.filter { Int($0.port) == port }
        guard !candidates.isEmpty else { return false }
        if via.host.kind == .name {
            return names.contains { via.host.text.equalsIgnoringCase(text: $0) }
        }
        guard let sent = SocketAddress(ip: via.host.text.string, port: UInt16(clamping: port)) else { return false }
        return candidates.contains { $0 == sent || $0.isWildcard }
    }

    /// The 400 to answer a request that did not parse, when enough of it can be read to route a
    /// response (Via, From, To, Call-ID and CSeq); nil for responses, ACKs and hopeless input
    /// (issue 3: "a request that parses far enough to route a response gets 400 with a reason").
    public static func badRequestResponse(to bytes: ArraySlice<UInt8>, error: SIPParseError) -> SIPMessage? {
        guard !bytes.starts(with: "SIP/".utf8), !bytes.starts(with: "ACK ".utf8) else { return nil }
        let wanted: Set<String> = ["via", "v", "from", "f", "to", "t", "call-id", "i", "cseq"]
        var kept: [String] = []
        // Split on bytes: as Characters, CR LF is one grapheme.
        var lines = bytes.prefix(SIPParserLimits.default.maxMessageSize)
            .split(separator: 0x0A, omittingEmptySubsequences: false)
            .map { String(decoding: $0.last == 0x0D ? $0.dropLast() : $0, as: UTF8.self) }
        guard !lines.isEmpty else { return nil }
        lines.removeFirst()
        for line in lines {
            if line.isEmpty { break }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: " \t").lowercased()
            if wanted.contains(name) { kept.append(line) }
        }
        guard kept.count >= 5 else { return nil }
        let text = "OPTIONS sip:salvage.invalid SIP/2.0\r\n" + kept.joined(separator: "\r\n") + "\r\nContent-Length: 0\r\n\r\n"
        guard let skeleton = try? SIPMessage(parsing: text), skeleton.defects.isEmpty, skeleton.topVia != nil,
              skeleton.cseq != nil, skeleton.callID != nil, skeleton.cseq?.method != .ack else { return nil }
        let reason = error.reason.isEmpty ? "Bad Request (\(error.kind.rawValue))" : "Bad Request (\(error.reason))"
        return skeleton.makeResponse(status: .badRequest, reason: String(reason.prefix(120)))
    }
}

extension StringProtocol {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
