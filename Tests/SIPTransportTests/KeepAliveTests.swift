#if canImport(Glibc)
import Glibc
#endif
import EventLoopPOSIX
import SIPMessage
import SIPTransport
import StackCore
import Testing

/// Keep-alives toward a registrar or proxy (RFC 5626 §3.5.1, §4.4.1) over real loopback sockets.
@Suite struct KeepAliveTests {
    @Test func udpKeepAlivesGoUntilStopped() throws {
        let a = try TransportHarness()
        let peer = try RawUDPPeer()
        let destination = SIPTransportAddress(.udp, peer.address)
        #expect(try a.onLoop { a.layer.startKeepAlive(to: destination, every: .milliseconds(50)) })
        #expect(try peer.receive() == "\r\n\r\n")
        #expect(try peer.receive() == "\r\n\r\n")
        try a.onLoop { a.layer.stopKeepAlive(to: destination) }
        // At most one already on its way; then none.
        _ = try peer.receive(seconds: 0.1)
        #expect(try peer.receive(seconds: 0.3) == nil)
        #expect(try a.onLoop { a.layer.keepAliveDestinations.isEmpty })
    }

    @Test func receivedKeepAlivesCarryNoMessage() throws {
        let b = try TransportHarness()
        let peer = try RawUDPPeer()
        try peer.send("\r\n\r\n", to: b.udp)
        try peer.send(Requests.options(via: "SIP/2.0/UDP \(peer.address);branch=z9hG4bKka"), to: b.udp)
        // The first event is the OPTIONS: the CRLFs were dropped without an event.
        guard case .message(let m, _) = try b.nextEvent() else { Issue.record("no message"); return }
        #expect(m.method == .options)
    }

    @Test func tcpPingsGetPongsAndKeepTheConnectionPastItsIdleTimeout() throws {
        var config = SIPTransportConfiguration()
        config.idleTimeout = .milliseconds(100)
        config.keepAlivePongTimeout = .milliseconds(300)
        let a = try TransportHarness(configuration: config), b = try TransportHarness()
        let destination = SIPTransportAddress(.tcp, b.tcp)
        #expect(try a.onLoop { a.layer.startKeepAlive(to: destination, every: .milliseconds(50)) })
        // Idle for 100 ms would close it, no pong for 300 ms too; after 1 s it is still the one
        // connection, and no close was reported.
        #expect(throws: EventLoopError.timedOut) { try a.nextEvent(seconds: 1) }
        #expect(try a.onLoop { a.layer.connectionCount } == 1)
        try a.onLoop { a.layer.stopKeepAlive(to: destination) }
        // Without keep-alives it closes for idleness.
        guard case .connectionClosed(let peer) = try a.nextEvent() else { Issue.record("not closed"); return }
        #expect(peer == destination)
    }

    @Test func noPongClosesTheConnection() throws {
        var config = SIPTransportConfiguration()
        config.keepAlivePongTimeout = .milliseconds(200)
        let a = try TransportHarness(configuration: config)
        // A listener that never reads: the kernel completes the handshake, nobody answers the ping.
        let silent = try Socket.tcpListener(bindingTo: SocketAddress(ip: "127.0.0.1", port: 0)!)
        let destination = SIPTransportAddress(.tcp, try silent.localAddress())
        #expect(try a.onLoop { a.layer.startKeepAlive(to: destination, every: .seconds(60)) })
        try a.onLoop { a.layer.stopKeepAlive(to: destination) }
        #expect(try a.onLoop { a.layer.startKeepAlive(to: destination, every: .milliseconds(20)) })
        guard case .connectionClosed(let peer) = try a.nextEvent(seconds: 5) else { Issue.record("not closed"); return }
        #expect(peer == destination)
        try a.onLoop { a.layer.stopKeepAlive(to: destination) }
        silent.close()
    }

    @Test func keepAlivesAreBounded() throws {
        let a = try TransportHarness()
        let accepted = try a.onLoop {
            (0..<(SIPTransportLayer.maximumKeepAlives + 5)).map { i in
                a.layer.startKeepAlive(to: SIPTransportAddress(.udp, SocketAddress(ip: "127.0.0.1", port: UInt16(20000 + i))!), every: .seconds(3600))
            }
        }
        #expect(accepted.filter { $0 }.count == SIPTransportLayer.maximumKeepAlives)
        #expect(try a.onLoop { a.layer.startKeepAlive(to: SIPTransportAddress(.udp, SocketAddress(ip: "127.0.0.1", port: 20000)!), every: .zero) } == false)
    }
}
