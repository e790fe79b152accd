import EventLoopPOSIX
import Foundation
import SIPTransport
import Softphone
import Testing

/// The transaction and transport layers against sipp over real loopback sockets (issue 3), each
/// exchange captured and dissected by tshark. sipp and tshark are installed by `make test`; without
/// them these tests fail with a message saying so.
@Suite(.serialized) struct SippInteropTests {
    func requireSipp() throws {
        try #require(Sipp.isInstalled && Capture.isAvailable, "sipp or tshark is missing: run `make test`, which installs them")
    }

    /// Runs `body` under a loopback capture of `ports` and checks that tshark dissects every packet as
    /// SIP with no malformed-packet or expert warning (issue 3), and at least `packets` of them.
    func dissectedCleanly(ports: [Int], packets: Int, _ body: () throws -> Void) throws {
        let capture = try Capture.start(ports: ports)
        try body()
        let verdict = try capture.finish(expectingAtLeast: packets)
        #expect(verdict.sipPackets >= packets, "only \(verdict.sipPackets) SIP packets dissected")
        #expect(verdict.problems.isEmpty, "\(verdict.problems)")
    }

    /// Our INVITE client transaction retransmits (0, 0.5, 1.5 s) until sipp answers after the third
    /// copy; the 2xx is ACKed end to end and the call hung up with BYE.
    @Test func uasAnsweringTheThirdInvite() throws {
        try requireSipp()
        let port = Sipp.freePort()
        let ua = try InteropUserAgent()
        try dissectedCleanly(ports: [port, Int(ua.local[.udp]!.port)], packets: 7) {
            let (process, folder) = try Sipp.start(scenario: "uas-answers-third-invite.xml", localPort: port)
            #expect(Sipp.waitUntilBound(port: port))
            try ua.call(SocketAddress(ip: "127.0.0.1", port: UInt16(port))!, transport: .udp)
            let outcome = Sipp.finish(process, folder)
            #expect(outcome.status == 0, "\(outcome.output.suffix(1500))")
            #expect(outcome.count("INVITE sip:") == 3, "sipp saw \(outcome.count("INVITE sip:")) INVITEs")
            #expect(ua.wait { $0.contains("rx 200 BYE") }, "\(ua.events)")
        }
    }

    /// sipp resends its 200 OK until ACKed; our caller holds the ACK back 1.2 s, so the copies reach its
    /// TU through the Accepted state, and one ACK (built once) ends sipp's retransmissions.
    @Test func uasRepeating200UntilAcked() throws {
        try requireSipp()
        let port = Sipp.freePort()
        let ua = try InteropUserAgent()
        ua.ackDelay = .milliseconds(1200)
        try dissectedCleanly(ports: [port, Int(ua.local[.udp]!.port)], packets: 6) {
            let (process, folder) = try Sipp.start(scenario: "uas-repeats-200.xml", localPort: port)
            #expect(Sipp.waitUntilBound(port: port))
            try ua.call(SocketAddress(ip: "127.0.0.1", port: UInt16(port))!, transport: .udp)
            let outcome = Sipp.finish(process, folder)
            #expect(outcome.status == 0, "\(outcome.output.suffix(1500))")
            #expect(ua.wait { $0.contains("rx 200 BYE") }, "\(ua.events)")
            #expect(ua.events.filter { $0 == "rx 200 INVITE" }.count >= 2, "\(ua.events)")
            #expect(ua.events.filter { $0 == "tx ACK" }.count == 1)
            #expect(outcome.count("SIP/2.0 200 OK") >= 3)
        }
    }

    /// sipp's INVITE is retransmitted before our 100 Trying (sent by the server transaction at 200 ms)
    /// quenches it; the CANCEL finds its INVITE, which ends 487 and absorbs the ACK.
    @Test func uacRetransmittingThenCancelling() throws {
        try requireSipp()
        let ua = try InteropUserAgent()
        ua.inviteAnswer = .ringForever(after: .milliseconds(700))
        let us = ua.local[.udp]!
        let port = Sipp.freePort()
        try dissectedCleanly(ports: [port, Int(us.port)], packets: 8) {
            let (process, folder) = try Sipp.start(scenario: "uac-retransmits-then-cancels.xml", localPort: port,
                                                   remote: "127.0.0.1:\(us.port)")
            let outcome = Sipp.finish(process, folder)
            #expect(outcome.status == 0, "\(outcome.output.suffix(1500))")
            #expect(outcome.count("INVITE sip:") >= 2, "sipp retransmitted \(outcome.count("INVITE sip:") - 1) times")
            #expect(outcome.count("SIP/2.0 100 Trying") == 1)
            #expect(ua.events.filter { $0 == "rx INVITE" }.count == 1)
            #expect(ua.wait { $0.contains("tx 487 INVITE") && $0.contains("tx 200 CANCEL") }, "\(ua.events)")
            #expect(!ua.events.contains("rx ACK"))
        }
    }

    /// sipp calls us over TCP: INVITE, 180, 200, ACK, BYE, 200 on one connection.
    @Test func uacOverTCP() throws {
        try requireSipp()
        let ua = try InteropUserAgent()
        let us = ua.local[.tcp]!
        try dissectedCleanly(ports: [Int(us.port)], packets: 6) {
            let (process, folder) = try Sipp.start(scenario: "uac-over-tcp.xml", localPort: Sipp.freePort(), remote: "127.0.0.1:\(us.port)",
                                                   transport: "t1")
            let outcome = Sipp.finish(process, folder)
            #expect(outcome.status == 0, "\(outcome.output.suffix(1500))")
            #expect(ua.wait { $0.contains("tx 200 BYE") }, "\(ua.events)")
            #expect(ua.events.contains("rx ACK"))
        }
    }

    /// Our RegistrationClient (issue 7) against a registrar played by sipp: the 401 is answered and
    /// sipp's own digest code (verifyauth) accepts the answer; the removal carries credentials for
    /// the same nonce at once (nc=2), which sipp checks too.
    @Test func registrationWithDigestAuthentication() throws {
        try requireSipp()
        let port = Sipp.freePort()
        let ua = try InteropUserAgent()
        try dissectedCleanly(ports: [port, Int(ua.local[.udp]!.port)], packets: 6) {
            let (process, folder) = try Sipp.start(scenario: "uas-registrar-digest.xml", localPort: port)
            #expect(Sipp.waitUntilBound(port: port))
            try ua.register(at: SocketAddress(ip: "127.0.0.1", port: UInt16(port))!, transport: .udp,
                            user: "alice", password: "secret", expires: 60)
            #expect(ua.wait { $0.contains { $0.hasPrefix("registration registered") } }, "\(ua.events)")
            try ua.unregister()
            #expect(ua.wait { $0.contains("registration unregistered") }, "\(ua.events)")
            let outcome = Sipp.finish(process, folder)
            #expect(outcome.status == 0, "\(outcome.output.suffix(1500))")
            // (The log's lines end in CRLF, one Character to Swift, so the headers are counted as text.)
            #expect(outcome.count("REGISTER sip:") == 3)
            #expect(outcome.messages.components(separatedBy: "\r\nAuthorization: Digest ").count - 1 == 2)
            #expect(outcome.messages.contains("nc=00000002"))
        }
    }

    /// The same registrar with the wrong password: sipp's check refuses the answer (403), and the
    /// registration fails with the registrar's answer.
    @Test func registrationWithAWrongPasswordIsRefused() throws {
        try requireSipp()
        let port = Sipp.freePort()
        let ua = try InteropUserAgent()
        let (process, folder) = try Sipp.start(scenario: "uas-registrar-digest.xml", localPort: port)
        #expect(Sipp.waitUntilBound(port: port))
        try ua.register(at: SocketAddress(ip: "127.0.0.1", port: UInt16(port))!, transport: .udp,
                        user: "alice", password: "not-the-password", expires: 60)
        #expect(ua.wait { $0.contains { $0.hasPrefix("registration failed") } }, "\(ua.events)")
        if case .failed(.rejected(let status, _), let retryAt)? = try ua.onLoop({ ua.registrationState }) {
            #expect(status == 403 && retryAt != nil)
        } else {
            Issue.record("expected a refused registration, got \(String(describing: try ua.onLoop { ua.registrationState }))")
        }
        try ua.unregister()
        let outcome = Sipp.finish(process, folder)
        #expect(outcome.status != 0, "sipp accepted a digest computed with the wrong password")
    }
}
