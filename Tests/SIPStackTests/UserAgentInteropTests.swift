import EventLoopPOSIX
import Foundation
import SIPUserAgent
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
        try callSippScenario("builtin:uas", transport: transport, ua: ua, ending: "hung up", expectingPackets: 5)
        #expect(ua.events.contains { $0.hasSuffix("confirmed") }, "\(ua.events)")
    }

    /// Our UAC calls a sipp UAS running `scenario` and waits for the call to end with `ending`.
    func callSippScenario(_ scenario: String, transport: String, ua: CallingUserAgent, ending: String,
                          expectingPackets: Int) throws {
        let port = Sipp.freePort()
        let capture = try Capture.start(ports: [port, Int(ua.local.port)])
        let (process, folder) = try Sipp.start(scenario: scenario, localPort: port, transport: transport)
        #expect(Sipp.waitUntilBound(port: port, tcp: transport == "t1"))
        let suffix = transport == "t1" ? ";transport=tcp" : ""
        try ua.call("sip:service@127.0.0.1:\(port)\(suffix)")
        #expect(ua.wait { $0.contains { $0.hasSuffix("ended: \(ending)") } }, "\(ua.events)")
        let outcome = Sipp.finish(process, folder)
        #expect(outcome.status == 0, "\(outcome.output.prefix(3000))")
        let verdict = try capture.finish(expectingAtLeast: expectingPackets)
        #expect(verdict.problems.isEmpty, "\(verdict.problems)")
        let left = try ua.leftovers()
        #expect(left.sessions == 0 && left.timers == 0)
    }

    /// sipp's UAS challenges our INVITE with 401 and checks the Digest answer with its own code;
    /// it answers the second INVITE and then hangs up itself with BYE.
    @Test(arguments: ["u1", "t1"])
    func ourUACAnswersAChallengeAndTheCalleeHangsUp(transport: String) throws {
        try requireSipp()
        let ua = try CallingUserAgent(credentials: [DigestCredentials(username: "alice", password: "secret")])
        try callSippScenario("uas-challenges-then-hangs-up.xml", transport: transport, ua: ua, ending: "the peer hung up",
                             expectingPackets: 7)
        #expect(ua.events.contains { $0.hasSuffix("confirmed") }, "\(ua.events)")
    }

    /// A wrong password: sipp refuses the answer with 403, and the call ends with that refusal.
    @Test func ourUACWithAWrongPasswordIsRefused() throws {
        try requireSipp()
        let ua = try CallingUserAgent(credentials: [DigestCredentials(username: "alice", password: "wrong")])
        let port = Sipp.freePort()
        let (process, folder) = try Sipp.start(scenario: "uas-challenges-then-hangs-up.xml", localPort: port,
                                               extra: ["-timeout", "3"])
        #expect(Sipp.waitUntilBound(port: port))
        try ua.call("sip:service@127.0.0.1:\(port)")
        #expect(ua.wait { $0.contains { $0.hasSuffix("ended: refused with 403 Forbidden") } }, "\(ua.events)")
        let outcome = Sipp.finish(process, folder)
        #expect(outcome.status != 0)
        #expect(try ua.leftovers().sessions == 0)
    }

    /// Our UAC puts the call on hold with a re-INVITE (a=sendonly, CSeq 2, in the dialog); sipp
    /// answers a=recvonly and gets the ACK of that 2xx and then our BYE.
    @Test(arguments: ["u1", "t1"])
    func ourUACHoldsTheCall(transport: String) throws {
        try requireSipp()
        let ua = try CallingUserAgent()
        ua.holdWhenConfirmed = true
        try callSippScenario("uas-accepts-hold.xml", transport: transport, ua: ua, ending: "hung up", expectingPackets: 7)
        #expect(ua.events.contains { $0.hasSuffix("modification accepted") }, "\(ua.events)")
    }

    /// sipp's UAS takes key 5 by INFO, then our REFER; it accepts with 202 and reports 100 and 200
    /// by NOTIFY, and our UAC takes the transfer as succeeded and hangs up.
    @Test(arguments: ["u1", "t1"])
    func ourUACSendsAKeyAndTransfersTheCallee(transport: String) throws {
        try requireSipp()
        let ua = try CallingUserAgent()
        ua.keyThenTransferTo = "sip:carol@127.0.0.1:5999"
        try callSippScenario("uas-transferee-notifies.xml", transport: transport, ua: ua, ending: "hung up", expectingPackets: 13)
        #expect(ua.events.contains("request1 delivered(status: 200)"), "\(ua.events)")
        #expect(ua.events.contains("call1 transfer accepted") && ua.events.contains("call1 transfer progress(100 Trying)"),
                "\(ua.events)")
        #expect(ua.events.contains("call1 transfer ended succeeded(200 OK)"), "\(ua.events)")
    }

    /// The CANCEL/200 race: sipp answers the INVITE as our CANCEL arrives; we ACK the 200 and end
    /// the call with BYE.
    @Test(arguments: ["u1", "t1"])
    func answerWinsTheRaceWithOurCancel(transport: String) throws {
        try requireSipp()
        let ua = try CallingUserAgent()
        ua.hangUpWhenRinging = true
        try callSippScenario("uas-answers-despite-cancel.xml", transport: transport, ua: ua, ending: "cancelled",
                             expectingPackets: 8)
    }

    /// sipp's UAS sends 183 (early media) and 180 reliably (RFC 3262) and answers with a 90 s
    /// session that it refreshes itself by UPDATE (RFC 4028); our UAC PRACKs both in order in the
    /// early dialog, answers the refresh with the interval, and hangs up with the next CSeq.
    @Test(arguments: ["u1", "t1"])
    func ourUACAcknowledgesReliableProvisionalsAndTakesARefresh(transport: String) throws {
        try requireSipp()
        let ua = try CallingUserAgent()
        ua.hangUpAfter = .milliseconds(500)
        try callSippScenario("uas-100rel-refreshes-session.xml", transport: transport, ua: ua, ending: "hung up",
                             expectingPackets: 13)
        #expect(ua.events.contains { $0.hasSuffix("session interval 90 s, refreshed by remote") }, "\(ua.events)")
    }

    /// sipp's UAC requires 100rel and refreshes a 90 s session by UPDATE: our UAS rings reliably,
    /// takes the PRACK, answers with the interval agreed (Require: timer) and answers the refresh.
    @Test(arguments: ["u1", "t1"])
    func sippRequiresReliableRingingAndRefreshesTheSession(transport: String) throws {
        try requireSipp()
        let ua = try CallingUserAgent()
        ua.ringBeforeAnswering = .milliseconds(300)
        let port = Sipp.freePort()
        let capture = try Capture.start(ports: [port, Int(ua.local.port)])
        let (process, folder) = try Sipp.start(scenario: "uac-requires-100rel-and-refreshes.xml", localPort: port,
                                               remote: "127.0.0.1:\(ua.local.port)", transport: transport)
        let outcome = Sipp.finish(process, folder)
        #expect(outcome.status == 0, "\(outcome.output.prefix(3000))")
        #expect(ua.wait { $0.contains { $0.hasSuffix("ended: the peer hung up") } }, "\(ua.events)")
        #expect(ua.events.contains { $0.hasSuffix("PRACK received") }, "\(ua.events)")
        #expect(ua.events.contains { $0.hasSuffix("session interval 90 s, refreshed by remote") }, "\(ua.events)")
        let verdict = try capture.finish(expectingAtLeast: 10)
        #expect(verdict.problems.isEmpty, "\(verdict.problems)")
        let left = try ua.leftovers()
        #expect(left.sessions == 0 && left.timers == 0)
    }
}
