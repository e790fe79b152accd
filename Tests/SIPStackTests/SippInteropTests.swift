import EventLoopPOSIX
import Foundation
import SIPTransport
import Softphone
import Testing

/// The transaction and transport layers against sipp over real loopback sockets (issue 3). sipp is
/// installed by `make test`; without it these tests fail with a message saying so.
@Suite(.serialized) struct SippInteropTests {
    func requireSipp() throws {
        try #require(Sipp.isInstalled, "sipp is missing: run `make test`, which installs sip-tester")
    }

    /// Our INVITE client transaction retransmits (0, 0.5, 1.5 s) until sipp answers after the third
    /// copy; the 2xx is ACKed end to end and the call hung up with BYE.
    @Test func uasAnsweringTheThirdInvite() throws {
        try requireSipp()
        let port = Sipp.freePort()
        let (process, folder) = try Sipp.start(scenario: "uas-answers-third-invite.xml", localPort: port)
        #expect(Sipp.waitUntilBound(port: port))
        let ua = try InteropUserAgent()
        try ua.call(SocketAddress(ip: "127.0.0.1", port: UInt16(port))!, transport: .udp)
        let outcome = Sipp.finish(process, folder)
        #expect(outcome.status == 0, "\(outcome.output.suffix(1500))")
        #expect(outcome.count("INVITE sip:") == 3, "sipp saw \(outcome.count("INVITE sip:")) INVITEs")
        #expect(ua.wait { $0.contains("rx 200 BYE") }, "\(ua.events)")
    }

    /// sipp resends its 200 OK until ACKed; our caller holds the ACK back 1.2 s, so the copies reach its
    /// TU through the Accepted state, and one ACK (built once) ends sipp's retransmissions.
    @Test func uasRepeating200UntilAcked() throws {
        try requireSipp()
        let port = Sipp.freePort()
        let (process, folder) = try Sipp.start(scenario: "uas-repeats-200.xml", localPort: port)
        #expect(Sipp.waitUntilBound(port: port))
        let ua = try InteropUserAgent()
        ua.ackDelay = .milliseconds(1200)
        try ua.call(SocketAddress(ip: "127.0.0.1", port: UInt16(port))!, transport: .udp)
        let outcome = Sipp.finish(process, folder)
        #expect(outcome.status == 0, "\(outcome.output.suffix(1500))")
        #expect(ua.wait { $0.contains("rx 200 BYE") }, "\(ua.events)")
        #expect(ua.events.filter { $0 == "rx 200 INVITE" }.count >= 2, "\(ua.events)")
        #expect(ua.events.filter { $0 == "tx ACK" }.count == 1)
        #expect(outcome.count("SIP/2.0 200 OK") >= 3)
    }

    /// sipp's INVITE is retransmitted before our 100 Trying (sent by the server transaction at 200 ms)
    /// quenches it; the CANCEL finds its INVITE, which ends 487 and absorbs the ACK.
    @Test func uacRetransmittingThenCancelling() throws {
        try requireSipp()
        let ua = try InteropUserAgent()
        ua.inviteAnswer = .ringForever(after: .milliseconds(700))
        let us = ua.local[.udp]!
        let (process, folder) = try Sipp.start(scenario: "uac-retransmits-then-cancels.xml", localPort: Sipp.freePort(),
                                               remote: "127.0.0.1:\(us.port)")
        let outcome = Sipp.finish(process, folder)
        #expect(outcome.status == 0, "\(outcome.output.suffix(1500))")
        #expect(outcome.count("INVITE sip:") >= 2, "sipp retransmitted \(outcome.count("INVITE sip:") - 1) times")
        #expect(outcome.count("SIP/2.0 100 Trying") == 1)
        #expect(ua.events.filter { $0 == "rx INVITE" }.count == 1)
        #expect(ua.wait { $0.contains("tx 487 INVITE") && $0.contains("tx 200 CANCEL") }, "\(ua.events)")
        #expect(!ua.events.contains("rx ACK"))
    }

    /// sipp's built-in UAC calls us over TCP: INVITE, 180, 200, ACK, BYE, 200 on one connection.
    @Test func uacOverTCP() throws {
        try requireSipp()
        let ua = try InteropUserAgent()
        let us = ua.local[.tcp]!
        let (process, folder) = try Sipp.start(scenario: "builtin:uac", localPort: Sipp.freePort(), remote: "127.0.0.1:\(us.port)",
                                               transport: "t1")
        let outcome = Sipp.finish(process, folder)
        #expect(outcome.status == 0, "\(outcome.output.suffix(1500))")
        #expect(ua.wait { $0.contains("tx 200 BYE") }, "\(ua.events)")
        #expect(ua.events.contains("rx ACK"))
    }
}

/// tshark dissects what we send and receive in the sipp exchanges without a malformed-packet or
/// expert warning (issue 3).
@Suite(.serialized) struct WireDissectionTests {
    @Test func exchangesDissectCleanly() throws {
        try #require(Sipp.isInstalled && Capture.isAvailable, "sipp or tshark missing: run `make test`")
        let ua = try InteropUserAgent()
        let udpPort = Sipp.freePort(), tcpPort = Sipp.freePort()
        let capture = try Capture.start(ports: [Int(ua.local[.udp]!.port), udpPort, tcpPort])

        let (uas, uasFolder) = try Sipp.start(scenario: "uas-answers-third-invite.xml", localPort: udpPort)
        #expect(Sipp.waitUntilBound(port: udpPort))
        try ua.call(SocketAddress(ip: "127.0.0.1", port: UInt16(udpPort))!, transport: .udp)
        #expect(Sipp.finish(uas, uasFolder).status == 0)
        let (uac, uacFolder) = try Sipp.start(scenario: "builtin:uac", localPort: tcpPort,
                                              remote: "127.0.0.1:\(ua.local[.tcp]!.port)", transport: "t1")
        let uacOutcome = Sipp.finish(uac, uacFolder)
        #expect(uacOutcome.status == 0, "\(uacOutcome.output.suffix(1500))\n\(uacOutcome.messages.suffix(3000))")
        #expect(ua.wait { $0.contains("rx 200 BYE") && $0.contains("tx 200 BYE") })

        let verdict = try capture.finish(expectingAtLeast: 11)
        #expect(verdict.sipPackets >= 11, "only \(verdict.sipPackets) SIP packets dissected")
        #expect(verdict.problems.isEmpty, "\(verdict.problems)")
    }
}
