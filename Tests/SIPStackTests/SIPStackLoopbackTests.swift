import EventLoopPOSIX
import SIPMessage
import SIPTransaction
import SIPTransport
import Softphone
import StackCore
import Testing

/// Two stacks on their own loops place a call to each other over real loopback sockets: INVITE
/// (client and server transactions), the 2xx ACKed end to end, BYE.
@Suite(.serialized) struct SIPStackLoopbackTests {
    @Test(arguments: [SIPTransportProtocol.udp, .tcp])
    func callAndHangUp(transport: SIPTransportProtocol) throws {
        let alice = try InteropUserAgent(), bob = try InteropUserAgent()
        try alice.call(bob.local[transport]!, transport: transport)
        #expect(alice.wait { $0.contains("rx 200 BYE") }, "\(alice.events)")
        #expect(bob.wait { $0.contains("tx 200 BYE") }, "\(bob.events)")
        #expect(alice.events.prefix(3) == ["tx INVITE", "rx 180 INVITE", "rx 200 INVITE"])
        #expect(bob.events.contains("rx ACK") && !bob.events.contains("no ACK"))
        // Only transactions waiting out retransmissions (INVITE in Accepted, BYE in Completed on UDP) remain.
        let open = try bob.onLoop { bob.stack.openTransactions }
        #expect(open <= (transport == .udp ? 2 : 1))
    }

    @Test func rejectedCallIsAcknowledgedByTheTransaction() throws {
        let alice = try InteropUserAgent(), bob = try InteropUserAgent()
        bob.inviteAnswer = .reject(486)
        try alice.call(bob.local[.udp]!, transport: .udp)
        #expect(alice.wait { $0.contains("rx 486 INVITE") })
        // The INVITE server transaction absorbs the ACK (Completed → Confirmed); the TU never sees it.
        let confirmed = bob.wait(seconds: 5) { _ in (try? bob.onLoop { bob.stack.statistics.retransmissionsAbsorbed }) ?? 0 >= 1 }
        #expect(confirmed && !bob.events.contains("rx ACK"))
    }

    /// §17.1.4: a connection that cannot be made reaches the TU as a transport error of the transaction
    /// that needed it, which then ends.
    @Test func refusedConnectionIsATransportError() throws {
        let probe = try Socket.tcpListener(bindingTo: SocketAddress(ip: "127.0.0.1", port: 0)!)
        let dead = try probe.localAddress()
        probe.close()
        let alice = try InteropUserAgent()
        try alice.call(dead, transport: .tcp)
        #expect(alice.wait { $0.contains { $0.hasPrefix("transport error") } }, "\(alice.events)")
        #expect(try alice.onLoop { alice.stack.openTransactions } == 0)
    }
}
