import EventLoopPOSIX
import Foundation
import Softphone
import Testing

/// Calls between our user agent (``UserAgentDriver`` over ``SIPStack``) and sipp's own UAC and UAS
/// scenarios over real loopback sockets (issue 7), captured and dissected by tshark.
@Suite(.serialized) struct UserAgentInteropTests {
    func requireSipp() throws {
        try #require(Sipp.isInstalled && Capture.isAvailable, "sipp or tshark is missing: run `make test`, which installs them")
    }

    /// sipp's UAC calls our UAS ten times (INVITE, 200 with SDP, ACK, BYE, 200) over UDP and TCP.
    @Test(arguments: ["u1", "t1"])
    func sippCallsOurUAS(transport: String) throws {
        try requireSipp()
        let ua = try CallingUserAgent()
        let port = Sipp.freePort()
        let capture = try Capture.start(ports: [port, Int(ua.local.port)])
        let (process, folder) = try Sipp.start(scenario: "builtin:uac", localPort: port, remote: "127.0.0.1:\(ua.local.port)",
                                               transport: transport, calls: 10, extra: ["-r", "20"])
        let outcome = Sipp.finish(process, folder)
        #expect(outcome.status == 0, "\(outcome.output.suffix(1500))")
        #expect(ua.wait { $0.filter { $0.hasSuffix("ended: the peer hung up") }.count == 10 }, "\(ua.events)")
        let verdict = try capture.finish(expectingAtLeast: 50)
        #expect(verdict.problems.isEmpty, "\(verdict.problems)")
        let left = try ua.leftovers()
        #expect(left.sessions == 0 && left.timers == 0)
    }

    /// Our UAC calls sipp's UAS, which answers; we ACK the 200 and hang up with BYE.
    @Test(arguments: ["u1", "t1"])
    func ourUACCallsSippUAS(transport: String) throws {
        try requireSipp()
        let ua = try CallingUserAgent()
        ua.hangUpAfter = .milliseconds(200)
        let port = Sipp.freePort()
        let capture = try Capture.start(ports: [port, Int(ua.local.port)])
        let (process, folder) = try Sipp.start(scenario: "builtin:uas", localPort: port, transport: transport)
        #expect(Sipp.waitUntilBound(port: port, tcp: transport == "t1"))
        let suffix = transport == "t1" ? ";transport=tcp" : ""
        try ua.call("sip:service@127.0.0.1:\(port)\(suffix)")
        #expect(ua.wait { $0.contains { $0.hasSuffix("ended: hung up") } }, "\(ua.events)")
        let outcome = Sipp.finish(process, folder)
        #expect(outcome.status == 0, "\(outcome.output.suffix(1500))")
        #expect(ua.events.contains { $0.hasSuffix("confirmed") }, "\(ua.events)")
        let verdict = try capture.finish(expectingAtLeast: 5)
        #expect(verdict.problems.isEmpty, "\(verdict.problems)")
        let left = try ua.leftovers()
        #expect(left.sessions == 0 && left.timers == 0)
    }
}
