import Foundation
import SIPUserAgent
import Softphone
import Testing

/// Calls between our user agent and baresip, a real phone (issue 7; audio is checked in issue 8),
/// over UDP on loopback: signalling must complete both ways, and every packet dissect cleanly.
@Suite(.serialized) struct BaresipInteropTests {
    func requirePeers() throws {
        try #require(Baresip.isInstalled && Capture.isAvailable, "baresip or tshark is missing: run `make test`, which installs them")
    }

    /// We call baresip, which answers at once; we ACK, and hang up 300 ms later.
    @Test func ourUACCallsBaresip() throws {
        try requirePeers()
        let baresip = try Baresip()
        defer { baresip.stop() }
        let ua = try CallingUserAgent()
        ua.hangUpAfter = .milliseconds(300)
        let capture = try Capture.start(ports: [baresip.port, Int(ua.local.port)])
        try ua.call("sip:service@127.0.0.1:\(baresip.port)")
        #expect(ua.wait { $0.contains("call1 ended: hung up") }, "\(ua.events)\n\(baresip.stop().suffix(2000))")
        #expect(ua.events.contains("call1 confirmed"), "\(ua.events)")
        let verdict = try capture.finish(expectingAtLeast: 5)
        #expect(verdict.problems.isEmpty, "\(verdict.problems)")
        let left = try ua.leftovers()
        #expect(left.sessions == 0 && left.timers == 0)
    }

    /// baresip calls us; we answer at once, it ACKs, and we hang up 300 ms later.
    @Test func baresipCallsOurUAS() throws {
        try requirePeers()
        let ua = try CallingUserAgent()
        ua.hangUpAfter = .milliseconds(300)
        let capture = try Capture.start(ports: [Int(ua.local.port)])
        let baresip = try Baresip(dial: "sip:ua@127.0.0.1:\(ua.local.port)")
        defer { baresip.stop() }
        #expect(ua.wait { $0.contains("call1 ended: hung up") }, "\(ua.events)\n\(baresip.stop().suffix(2000))")
        #expect(ua.events.contains("incoming call1") && ua.events.contains("call1 confirmed"), "\(ua.events)")
        let verdict = try capture.finish(expectingAtLeast: 5)
        #expect(verdict.problems.isEmpty, "\(verdict.problems)")
        let left = try ua.leftovers()
        #expect(left.sessions == 0 && left.timers == 0)
    }
}
