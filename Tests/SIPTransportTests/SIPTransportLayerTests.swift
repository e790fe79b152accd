import EventLoopPOSIX
import SIPMessage
import SIPTransport
import StackCore
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite(.serialized) struct SIPTransportLayerTests {
    /// A request over UDP arrives with received and rport stamped (§18.2.1, RFC 3581); the response
    /// goes back to the source port named by rport (§18.2.2).
    @Test(arguments: ["127.0.0.1", "::1"])
    func udpRequestAndResponse(ip: String) throws {
        let h = try TransportHarness(ip: ip)
        let peer = try RawUDPPeer(ip: ip)
        let host = ip.contains(":") ? "[\(ip)]" : ip
        try peer.send(Requests.options(via: "SIP/2.0/UDP \(host):5999;rport;branch=z9hG4bKu1"), to: h.udp)
        let (request, from) = try h.nextMessage()
        #expect(from == SIPTransportAddress(.udp, peer.address))
        #expect(request.topVia?.rport == .some(Int(peer.address.port)) && request.topVia?.received?.string == peer.address.ip)
        try h.onLoop { try h.layer.sendResponse(request.makeResponse(status: .ok), toRequestFrom: from) }
        let reply = try #require(try peer.receive())
        #expect(reply.hasPrefix("SIP/2.0 200 OK\r\n") && reply.contains("rport=\(peer.address.port)"))
    }

    /// A request that does not parse but names its Via, From, To, Call-ID and CSeq gets 400 with a
    /// reason; junk is dropped and the next datagram still gets through.
    @Test func unparseableRequestGets400() throws {
        let h = try TransportHarness()
        let peer = try RawUDPPeer()
        try peer.send("\u{0}\u{1}junk", to: h.udp)
        try peer.send("OPTIONS sip:bob@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:\(peer.address.port);branch=z9hG4bKbad\r\nTo: <sip:bob@127.0.0.1>\r\nFrom: <sip:a@127.0.0.1>;tag=1\r\nCall-ID: bad\r\nCSeq: 1 OPTIONS\r\nContent-Length: 400\r\n\r\n", to: h.udp)
        let reply = try #require(try peer.receive())
        #expect(reply.hasPrefix("SIP/2.0 400 Bad Request (") && reply.contains("Call-ID: bad"))
        try peer.send("\r\n\r\n", to: h.udp)
        try peer.send(Requests.options(via: "SIP/2.0/UDP 127.0.0.1:\(peer.address.port);branch=z9hG4bKok", callID: "after"), to: h.udp)
        #expect(try h.nextMessage().0.callID == "after")
    }

    /// Two layers over TCP: the request opens one connection, the response comes back on it, and a
    /// second request reuses it.
    @Test(arguments: ["127.0.0.1", "::1"])
    func tcpRequestResponseAndReuse(ip: String) throws {
        let a = try TransportHarness(ip: ip), b = try TransportHarness(ip: ip)
        let target = SIPTransportAddress(.tcp, b.tcp)
        let host = ip.contains(":") ? "[\(ip)]" : ip
        let first = try SIPMessage(parsing: Requests.options(via: "SIP/2.0/TCP \(host):\(a.tcp.port);branch=z9hG4bKt1"))
        try a.onLoop { try a.layer.send(first, to: target) }
        let (got, from) = try b.nextMessage()
        #expect(got == first && from.transport == .tcp)
        try b.onLoop { try b.layer.sendResponse(got.makeResponse(status: .ok), toRequestFrom: from) }
        let (response, responseFrom) = try a.nextMessage()
        #expect(response.status == .ok && responseFrom == target)
        let second = try SIPMessage(parsing: Requests.options(via: "SIP/2.0/TCP \(host):\(a.tcp.port);branch=z9hG4bKt2", callID: "t-2"))
        try a.onLoop { try a.layer.send(second, to: target) }
        #expect(try b.nextMessage().0.callID == "t-2")
        #expect(try a.onLoop { a.layer.connectionCount } == 1 && b.onLoop { b.layer.connectionCount } == 1)
    }

    /// §18.1.1: a request over 1300 bytes for a UDP destination goes over TCP, its Via saying TCP.
    @Test func largeRequestGoesOverTCP() throws {
        let a = try TransportHarness(), b = try TransportHarness()
        let big = try SIPMessage(parsing: Requests.options(via: "SIP/2.0/UDP 127.0.0.1:\(a.udp.port);branch=z9hG4bKbig", padding: 1400))
        try a.onLoop { try a.layer.send(big, to: SIPTransportAddress(.udp, b.udp)) }
        let (got, from) = try b.nextMessage()
        #expect(from.transport == .tcp && got.topVia?.transport == "TCP" && got.topVia?.branch == "z9hG4bKbig")
    }

    @Test func connectionLimitAndWriteBackpressure() throws {
        var config = SIPTransportConfiguration()
        config.maxConnections = 1
        config.maxQueuedBytesPerConnection = 400
        let a = try TransportHarness(configuration: config)
        let b = try TransportHarness(), c = try TransportHarness()
        let request = try SIPMessage(parsing: Requests.options(via: "SIP/2.0/TCP 127.0.0.1:\(a.tcp.port);branch=z9hG4bKq"))
        // Both sends happen in one loop turn, while the connection is still being set up.
        let errors: [SIPTransportError?] = try a.onLoop {
            var errors: [SIPTransportError?] = []
            for target in [b.tcp!, b.tcp!, c.tcp!] {
                do { try a.layer.send(request, to: SIPTransportAddress(.tcp, target)); errors.append(nil) }
                catch let e as SIPTransportError { errors.append(e) }
            }
            return errors
        }
        #expect(errors == [nil, .writeQueueFull(limit: 400), .tooManyConnections(limit: 1)])
        #expect(try b.nextMessage().0 == request)
    }

    @Test func failedConnectReportsTheSend() throws {
        let probe = try Socket.tcpListener(bindingTo: SocketAddress(ip: "127.0.0.1", port: 0)!)
        let dead = try probe.localAddress()
        probe.close()
        let a = try TransportHarness()
        let request = try SIPMessage(parsing: Requests.options(via: "SIP/2.0/TCP 127.0.0.1:\(a.tcp.port);branch=z9hG4bKdead"))
        try a.onLoop { try a.layer.send(request, to: SIPTransportAddress(.tcp, dead), context: 42) }
        guard case .sendFailed(let context, let to, let error) = try a.nextEvent() else { Issue.record("no failure"); return }
        #expect(context == 42 && to.address == dead && error.errno == ECONNREFUSED)
        guard case .connectionClosed = try a.nextEvent() else { Issue.record("not closed"); return }
        #expect(try a.onLoop { a.layer.connectionCount } == 0)
    }

    @Test func idleConnectionsClose() throws {
        var config = SIPTransportConfiguration()
        config.idleTimeout = .milliseconds(100)
        let a = try TransportHarness(configuration: config), b = try TransportHarness()
        let request = try SIPMessage(parsing: Requests.options(via: "SIP/2.0/TCP 127.0.0.1:\(a.tcp.port);branch=z9hG4bKidle"))
        try a.onLoop { try a.layer.send(request, to: SIPTransportAddress(.tcp, b.tcp)) }
        _ = try b.nextMessage()
        guard case .connectionClosed(let peer) = try a.nextEvent() else { Issue.record("not closed"); return }
        let open = try a.onLoop { a.layer.connectionCount }
        #expect(peer.address == b.tcp && open == 0)
        // The peer sees the close too.
        guard case .connectionClosed = try b.nextEvent() else { Issue.record("peer not closed"); return }
    }

    /// With `trace` on, every message sent and received is logged whole at info level.
    @Test func sipTraceLogsEveryMessage() throws {
        var config = SIPTransportConfiguration()
        config.trace = true
        let lines = CapturedLog()
        let h = try TransportHarness(configuration: config, logger: lines.logger())
        let peer = try RawUDPPeer()
        try peer.send(Requests.options(via: "SIP/2.0/UDP 127.0.0.1:\(peer.address.port);branch=z9hG4bKtrace", callID: "traced"), to: h.udp)
        let (request, from) = try h.nextMessage()
        try h.onLoop { try h.layer.sendResponse(request.makeResponse(status: .ok), toRequestFrom: from) }
        #expect(try peer.receive() != nil)
        let log = lines.entries
        #expect(log.count == 2)
        #expect(log.first?.hasPrefix("received from udp:\(peer.address)") == true && log.first?.contains("Call-ID: traced") == true)
        #expect(log.last?.hasPrefix("sent to udp:\(peer.address)") == true && log.last?.contains("SIP/2.0 200 OK") == true)
    }

    /// §18.1.2: a response whose top Via we did not write is dropped; ours gets through.
    @Test func foreignResponsesAreDropped() throws {
        let h = try TransportHarness()
        let peer = try RawUDPPeer()
        let foreign = try SIPMessage(parsing: Requests.options(via: "SIP/2.0/UDP 192.0.2.99:5060;branch=z9hG4bKx", callID: "foreign"))
        let ours = try SIPMessage(parsing: Requests.options(via: "SIP/2.0/UDP 127.0.0.1:\(h.udp.port);branch=z9hG4bKy", callID: "ours"))
        try peer.send(String(decoding: foreign.makeResponse(status: .ok).serialized(), as: UTF8.self), to: h.udp)
        try peer.send(String(decoding: ours.makeResponse(status: .ok).serialized(), as: UTF8.self), to: h.udp)
        #expect(try h.nextMessage().0.callID == "ours")
    }

    /// A stream message without Content-Length cannot be framed (§18.3): the connection is closed.
    @Test func framingErrorClosesTheConnection() throws {
        let b = try TransportHarness()
        let raw = try Socket.tcpConnecting(to: b.tcp)
        var p = pollfd(fd: raw.descriptor, events: Int16(POLLOUT), revents: 0)
        #expect(poll(&p, 1, 5000) == 1)
        let text = Requests.options(via: "SIP/2.0/TCP 127.0.0.1:1;branch=z9hG4bKnolen").replacingOccurrences("Content-Length: 0\r\n", "")
        _ = try raw.write(Array(text.utf8)[...])
        guard case .connectionClosed = try b.nextEvent() else { Issue.record("not closed"); return }
    }
}

extension String {
    func replacingOccurrences(_ a: String, _ b: String) -> String {
        var out = "", rest = Substring(self)
        while let r = rest.range(of: a) {
            out += rest[..<r.lowerBound] + b
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}

extension Substring {
    func range(of needle: String) -> Range<Index>? {
        var i = startIndex
        while i < endIndex {
            if self[i...].hasPrefix(needle) { return i..<index(i, offsetBy: needle.count) }
            i = index(after: i)
        }
        return nil
    }
}
