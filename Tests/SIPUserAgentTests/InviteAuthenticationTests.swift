import SIPMessage
import SIPTransaction
import SIPUserAgent
import StackCore
import StackTesting
import Testing

/// Digest authentication of INVITE and of requests inside a call (RFC 3261 §22.2, §22.3) through
/// the digest engine the registration uses.
@Suite struct InviteAuthenticationTests {
    typealias Sim = UserAgentSimulation
    static let realm = "sim.example"

    /// True when `request` carries a Proxy-Authorization that answers `nonce` in `realm` for user
    /// alice with password secret (MD5, qop auth), checked here independently of the client.
    static func verifies(_ request: SIPMessage, nonce: String) -> Bool {
        guard let value = request.headers.first(.proxyAuthorization),
              let c = try? SIPAuthCredentials(parsing: value, header: .proxyAuthorization, limits: .default),
              c.username == "alice", c.realm == realm, c.nonce == nonce, c.qop == "auth",
              let uri = c.uri, let cnonce = c.cnonce, let nc = c.nonceCount, let method = request.method else { return false }
        let expected = DigestInput(algorithm: .md5, username: "alice", password: "secret", realm: realm, nonce: nonce,
                                   method: method.rawValue, uri: uri, qop: .auth, cnonce: cnonce, nonceCount: nc).response
        return uri == request.requestURI?.text.string && c.response == expected
    }

    /// Endpoint 1 plays an authenticating proxy in front of its phone: an INVITE without valid
    /// credentials gets 407 with a fresh nonce; a valid one is answered.
    static func challenger() -> Sim.Hook {
        { sim, i, event in
            guard i == 1, case .incomingCall(let id, let invite) = event else { return }
            let nonce = "nonce-\(invite.cseq?.number ?? 0)"
            if let previous = invite.cseq.map({ "nonce-\($0.number - 1)" }), verifies(invite, nonce: previous) {
                sim.act(1) { $0.answer(id, body: "v=0\r\n", now: $1) }
            } else {
                let challenge = SIPHeaderField(name: .proxyAuthenticate,
                                               value: ByteString("Digest realm=\"\(realm)\", nonce=\"\(nonce)\", qop=\"auth\", algorithm=MD5"))
                sim.act(1) { $0.reject(id, status: .proxyAuthenticationRequired, extraHeaders: [challenge], now: $1) }
            }
        }
    }

    static func invites(_ sim: Sim) -> [SIPMessage] {
        sim.events[1].compactMap { if case .incomingCall(_, let m) = $0 { return m } else { return nil } }
    }

    @Test func challengedInviteIsSentAgainWithCredentials() throws {
        var sim = try Sim(count: 2) { c in c.credentials = [DigestCredentials(username: "alice", password: "secret")] }
        sim.onEvent = Self.challenger()
        let id = try InviteSessionTests.place(&sim)
        sim.at(.zero + .seconds(2), 0) { $0.act(0) { $0.hangUp(id, now: $1) } }
        sim.run()
        #expect(sim.states(0, id) == [.calling, .confirmed, .terminating, .ended(.hungUpLocally)])
        let invites = Self.invites(sim)
        try #require(invites.count == 2)
        // §22.2: same Call-ID and From tag, CSeq one higher, a new branch; the body is sent again.
        #expect(invites[0].callID == invites[1].callID && invites[0].from?.tag == invites[1].from?.tag)
        #expect(invites.map { $0.cseq?.number } == [1, 2])
        #expect(invites[0].topVia?.branch != invites[1].topVia?.branch)
        #expect(invites[1].body == invites[0].body)
        #expect(Self.verifies(invites[1], nonce: "nonce-1"))
        InviteSessionTests.expectClean(sim)
    }

    @Test func wrongPasswordEndsTheCallWithATypedReason() throws {
        var sim = try Sim(count: 2) { c in c.credentials = [DigestCredentials(username: "alice", password: "wrong")] }
        sim.onEvent = Self.challenger()
        let id = try InviteSessionTests.place(&sim)
        sim.run()
        #expect(sim.states(0, id).last == .ended(.authenticationFailed(realm: Self.realm)))
        #expect(Self.invites(sim).count == 2)
        InviteSessionTests.expectClean(sim)
    }

    @Test func noCredentialsEndsTheCallWithTheChallenge() throws {
        var sim = try Sim(count: 2)
        sim.onEvent = Self.challenger()
        let id = try InviteSessionTests.place(&sim)
        sim.run()
        #expect(sim.states(0, id).last == .ended(.rejected(status: 407, reason: "Proxy Authentication Required")))
        #expect(Self.invites(sim).count == 1)
        InviteSessionTests.expectClean(sim)
    }

    @Test func hangUpWhileChallengedEndsAsCancelled() throws {
        // The caller hangs up before the 407 arrives (1 ms away): the INVITE is not sent again.
        var sim = try Sim(count: 2) { c in c.credentials = [DigestCredentials(username: "alice", password: "secret")] }
        sim.onEvent = Self.challenger()
        let id = try InviteSessionTests.place(&sim)
        sim.at(.zero + .microseconds(1500), 0) { $0.act(0) { $0.hangUp(id, now: $1) } }
        sim.run()
        #expect(sim.states(0, id).last == .ended(.cancelled))
        #expect(Self.invites(sim).count == 1)
        InviteSessionTests.expectClean(sim)
    }

    /// A caller core alone, fed responses by hand: its BYE and its re-INVITE are challenged.
    @Test func requestsInsideTheCallAnswerChallenges() throws {
        let identity = try SIPNameAddress(uri: SIPAnyURI(parsing: "sip:alice@10.0.0.1"))
        var configuration = UserAgentConfiguration(identity: identity, endpoints: [SIPLocalEndpoint(transport: "UDP", host: "10.0.0.1", port: 5060)])
        configuration.credentials = [DigestCredentials(username: "alice", password: "secret")]
        var core = UserAgentCore(configuration: configuration, random: SeededRandom(seed: 3))
        let now = Instant.zero
        let (placed, actions) = core.call(try SIPAnyURI(parsing: "sip:bob@10.0.0.2"), body: "v=0\r\n", now: now)
        let id = try #require(placed)
        let invite = try #require(Self.sent(actions).first)
        var ok = invite.makeResponse(status: .ok, toTag: "bob")
        ok.appendHeader(.contact, "<sip:bob@10.0.0.2>")
        _ = core.receiveResponse(ok, now: now)
        #expect(core.state(of: id) == .confirmed)

        func challenge(_ request: SIPMessage, nonce: String) -> SIPMessage {
            var r = request.makeResponse(status: .proxyAuthenticationRequired)
            r.appendHeader(.proxyAuthenticate, "Digest realm=\"\(Self.realm)\", nonce=\"\(nonce)\", qop=\"auth\"")
            return r
        }

        // re-INVITE: challenged, sent again with credentials and the next CSeq, then accepted.
        let reinvite = try #require(Self.sent(core.modify(id, body: "hold\r\n", now: now)).first)
        #expect(reinvite.cseq?.number == 2)
        let again = try #require(Self.sent(core.receiveResponse(challenge(reinvite, nonce: "r1"), now: now)).first)
        #expect(again.cseq?.number == 3 && again.method == .invite && again.body == "hold\r\n")
        #expect(Self.verifies(again, nonce: "r1"))
        let accepted = core.receiveResponse(again.makeResponse(status: .ok, toTag: nil), now: now)
        #expect(accepted.contains { if case .event(.modificationEnded(_, .accepted, _)) = $0 { return true } else { return false } })
        #expect(accepted.contains { if case .sendACK(let ack, _) = $0 { return ack.cseq?.number == 3 } else { return false } })

        // BYE: challenged, sent again, then the call ends.
        let bye = try #require(Self.sent(core.hangUp(id, now: now)).first)
        #expect(bye.method == .bye && bye.cseq?.number == 4)
        let byeAgain = try #require(Self.sent(core.receiveResponse(challenge(bye, nonce: "b1"), now: now)).first)
        #expect(byeAgain.method == .bye && byeAgain.cseq?.number == 5 && Self.verifies(byeAgain, nonce: "b1"))
        // A second challenge without stale=true for the realm just answered: the credentials are wrong.
        _ = core.receiveResponse(challenge(byeAgain, nonce: "b2"), now: now)
        #expect(core.state(of: id) == nil)
        #expect(core.sessionCount == 0 && core.armedTimerCount == 0)
    }

    static func sent(_ actions: [UserAgentAction]) -> [SIPMessage] {
        actions.compactMap { if case .send(let m, _) = $0 { return m } else { return nil } }
    }
}
