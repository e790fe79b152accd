import Foundation
import SIPUserAgent
import Softphone
import Testing

/// Our user agents against Kamailio as registrar and record-routing proxy with digest
/// authentication (issue 7; `Fixtures/kamailio/`), over real loopback sockets.
@Suite(.serialized) struct KamailioInteropTests {
    func requireKamailio() throws {
        try #require(Kamailio.isInstalled, "kamailio is missing: run `make test`, which installs it")
    }

    /// 423 with Min-Expires 10 for the 5 s asked, 401 answered, registered for 10 s, refreshed
    /// before expiry, then removed; the state stream tells the same story.
    @Test func registersRefreshesAndUnregisters() async throws {
        try requireKamailio()
        let kamailio = try Kamailio()
        defer { kamailio.stop() }
        let ua = try CallingUserAgent(user: "alice")
        let id = try #require(try ua.register(at: kamailio.address, password: "alice-secret", expires: 5))
        // Registered, then refreshed about 5 s later (granted 10, refreshed at half of it).
        #expect(ua.wait { $0.filter { $0 == "\(id) registered 10" }.count >= 2 }, "\(ua.events)")
        // While registered, the flow to the registrar is kept alive (RFC 5626 §4.4.1).
        #expect(try ua.keepAliveDestinations() == ["udp:\(kamailio.address)"])
        try ua.unregisterAll()
        #expect(ua.wait { $0.contains("\(id) unregistered") }, "\(ua.events)")
        #expect(try ua.registrationCount() == 0)
        #expect(try ua.keepAliveDestinations().isEmpty)
        // The async stream has every change, in order, buffered.
        var seen: [String] = []
        for await update in ua.driver.registrationUpdates {
            seen.append(CallingUserAgent.describe(update.state))
            if update.state == .unregistered { break }
        }
        #expect(seen.first == "registering" && seen.last == "unregistered", "\(seen)")
        #expect(seen.filter { $0 == "registered 10" }.count >= 2, "\(seen)")
        #expect(seen.contains("unregistering"), "\(seen)")
    }

    /// A wrong password is a typed error, with no retry.
    @Test func wrongPasswordIsATypedFailure() throws {
        try requireKamailio()
        let kamailio = try Kamailio()
        defer { kamailio.stop() }
        let ua = try CallingUserAgent(user: "alice")
        let id = try #require(try ua.register(at: kamailio.address, password: "wrong", expires: 60))
        let expected = "\(id) failed: \(RegistrationError.authenticationFailed(realm: "127.0.0.1"))"
        #expect(ua.wait { $0.contains(expected) }, "\(ua.events)")
        #expect(!ua.events.contains { $0.hasSuffix("retrying") })
    }

    /// alice, bob and carol register; alice calls bob, bob transfers her to carol (REFER, NOTIFY and
    /// the new INVITE all through Kamailio, the new call challenged with 407), and hangs up when
    /// alice's NOTIFY reports carol's 200. alice sends carol a key by INFO in the new call, carol
    /// sends alice a MESSAGE through the proxy (challenged too), and alice hangs up.
    @Test func transferMessageAndDTMFThroughTheProxy() throws {
        try requireKamailio()
        let kamailio = try Kamailio()
        defer { kamailio.stop() }
        let proxy = "sip:\(kamailio.address);lr"
        func agent(_ user: String) throws -> CallingUserAgent {
            try CallingUserAgent(user: user, domain: "127.0.0.1",
                                 credentials: [DigestCredentials(username: user, password: "\(user)-secret")], outboundProxy: proxy)
        }
        let alice = try agent("alice"), bob = try agent("bob"), carol = try agent("carol")
        for ua in [alice, bob, carol] {
            let id = try #require(try ua.register(at: kamailio.address, password: "\(ua === alice ? "alice" : ua === bob ? "bob" : "carol")-secret", expires: 60))
            #expect(ua.wait { $0.contains("\(id) registered 60") }, "\(ua.events)")
        }
        try alice.call("sip:bob@\(kamailio.address)")
        #expect(bob.wait { $0.contains("call1 confirmed") }, "\(bob.events)")
        try bob.transfer(SessionID(rawValue: 1), to: "sip:carol@\(kamailio.address)")
        #expect(bob.wait { $0.contains("call1 transfer ended succeeded(200 OK)") }, "\(bob.events)\n\(alice.events)\n\(kamailio.stop().suffix(3000))")
        #expect(bob.events.contains("call1 transfer accepted") && bob.events.contains("call1 transfer progress(100 Trying)"), "\(bob.events)")
        #expect(bob.wait { $0.contains("call1 ended: hung up") }, "\(bob.events)")
        #expect(alice.wait { $0.contains("call1 ended: the peer hung up") }, "\(alice.events)")
        #expect(alice.events.contains("call1 transfer placed call2") && alice.events.contains("call2 confirmed"), "\(alice.events)")
        #expect(carol.wait { $0.contains("call1 confirmed") }, "\(carol.events)")

        try alice.sendDTMF("7", in: SessionID(rawValue: 2))
        #expect(carol.wait { $0.contains("call1 dtmf 7 160") }, "\(carol.events)")
        #expect(alice.wait { $0.contains("request1 delivered(status: 200)") }, "\(alice.events)")
        try carol.sendMessage("hello alice", to: "sip:alice@\(kamailio.address)")
        #expect(alice.wait { $0.contains("no call message hello alice") }, "\(alice.events)")
        #expect(carol.wait { $0.contains("request1 delivered(status: 200)") }, "\(carol.events)")

        try alice.hangUp(SessionID(rawValue: 2))
        #expect(carol.wait { $0.contains("call1 ended: the peer hung up") }, "\(carol.events)")
        for ua in [alice, bob, carol] { try ua.unregisterAll() }
        #expect(alice.wait { $0.contains { $0.hasSuffix("unregistered") } })
        #expect(try alice.leftovers().sessions == 0 && bob.leftovers().sessions == 0 && carol.leftovers().sessions == 0)
    }

    /// Several accounts at once in one user agent.
    @Test func registersSeveralAccounts() throws {
        try requireKamailio()
        let kamailio = try Kamailio()
        defer { kamailio.stop() }
        let ua = try CallingUserAgent(user: "alice")
        let first = try #require(try ua.register(at: kamailio.address, password: "alice-secret", expires: 60))
        let second = try #require(try ua.register(at: kamailio.address, password: "alice-secret", expires: 120))
        #expect(ua.wait { $0.contains("\(first) registered 60") && $0.contains("\(second) registered 120") }, "\(ua.events)")
        try ua.unregisterAll()
        #expect(ua.wait { $0.contains("\(first) unregistered") && $0.contains("\(second) unregistered") }, "\(ua.events)")
    }

    /// alice and bob register; alice calls bob through Kamailio (407 answered, Record-Route kept),
    /// puts him on hold by re-INVITE through the proxy, and hangs up.
    @Test func twoUserAgentsCallThroughTheProxy() throws {
        try requireKamailio()
        let kamailio = try Kamailio()
        defer { kamailio.stop() }
        let proxy = "sip:\(kamailio.address);lr"
        let alice = try CallingUserAgent(user: "alice", domain: "127.0.0.1",
                                         credentials: [DigestCredentials(username: "alice", password: "alice-secret")],
                                         outboundProxy: proxy)
        let bob = try CallingUserAgent(user: "bob", domain: "127.0.0.1",
                                       credentials: [DigestCredentials(username: "bob", password: "bob-secret")],
                                       outboundProxy: proxy)
        let a = try #require(try alice.register(at: kamailio.address, password: "alice-secret", expires: 60))
        let b = try #require(try bob.register(at: kamailio.address, password: "bob-secret", expires: 60))
        #expect(alice.wait { $0.contains("\(a) registered 60") }, "\(alice.events)")
        #expect(bob.wait { $0.contains("\(b) registered 60") }, "\(bob.events)")

        alice.holdWhenConfirmed = true
        try alice.call("sip:bob@\(kamailio.address)")
        #expect(alice.wait { $0.contains { $0.hasSuffix("ended: hung up") } }, "\(alice.events)\n\(kamailio.stop().suffix(3000))")
        #expect(alice.events.contains("call1 route set 1"), "\(alice.events)")
        #expect(alice.events.contains("call1 modification accepted"), "\(alice.events)")
        #expect(bob.wait { $0.contains { $0.hasSuffix("ended: the peer hung up") } }, "\(bob.events)")
        #expect(bob.events.contains("call1 route set 1") && bob.events.contains("call1 INVITE received"), "\(bob.events)")
        #expect(bob.events.contains("call1 modification acknowledged"), "\(bob.events)")
        try alice.unregisterAll()
        try bob.unregisterAll()
        #expect(alice.wait { $0.contains("\(a) unregistered") } && bob.wait { $0.contains("\(b) unregistered") })
        #expect(try alice.leftovers().sessions == 0 && bob.leftovers().sessions == 0)
    }
}
