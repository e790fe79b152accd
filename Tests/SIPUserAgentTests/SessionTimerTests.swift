import SIPMessage
import SIPTransaction
import SIPUserAgent
import StackCore
import StackTesting
import Testing

/// Session timers (RFC 4028): negotiation in the INVITE and its 2xx, refreshes by UPDATE or
/// re-INVITE, 422, and the BYE when the interval runs out, over the simulated network.
@Suite struct SessionTimerTests {
    typealias Sim = UserAgentSimulation
    typealias Wire = ReliableProvisionalTests.Wire
    static func s(_ n: Int64) -> Instant { .zero + .seconds(n) }

    static func intervals(_ sim: Sim, _ i: Int) -> [SessionInterval?] {
        sim.events[i].compactMap { if case .sessionIntervalChanged(_, let v) = $0 { return v } else { return nil } }
    }

    static func configure(_ pick: @escaping (Int, inout UserAgentConfiguration) -> Void) -> (inout UserAgentConfiguration) -> Void {
        var index = 0
        return { c in
            pick(index, &c)
            index += 1
        }
    }

    @Test func callerRefreshesByUpdateAndTheCallLives() throws {
        var sim = try Sim(count: 2)
        sim.onEvent = SessionModificationTests.peers()
        let wire = ReliableProvisionalTests.tap(&sim)
        let id = try InviteSessionTests.place(&sim)
        sim.at(Self.s(4000), 0) { $0.act(0) { $0.hangUp(id, now: $1) } }
        sim.run(until: Self.s(10_000))
        let invite = try #require(wire.requests(.invite).first)
        #expect(invite.headers.first(.sessionExpires) == "1800")
        #expect(invite.hasOption("timer"))
        let ok = try #require(wire.responses(200, to: .invite).first)
        #expect(ok.headers.first(.sessionExpires) == "1800;refresher=uac")
        #expect(try ok.optionTags(.require) == ["timer"])
        // Refreshes at half the interval: 900, 1800, 2700, 3600 s; bodiless UPDATEs, since the
        // callee allows UPDATE.
        let updates = wire.requests(.update)
        #expect(updates.count == 4)
        #expect(updates.allSatisfy { $0.body.isEmpty && $0.headers.first(.sessionExpires) == "1800;refresher=uac" })
        #expect(Self.intervals(sim, 0) == [SessionInterval(seconds: 1800, refresher: .local)])
        #expect(Self.intervals(sim, 1) == [SessionInterval(seconds: 1800, refresher: .remote)])
        // The refreshes reach neither application.
        #expect(SessionModificationTests.outcomes(sim, 0).isEmpty && SessionModificationTests.requests(sim, 1).isEmpty)
        #expect(sim.states(0, id).suffix(2) == [.terminating, .ended(.hungUpLocally)])
        InviteSessionTests.expectClean(sim)
    }

    @Test func refreshByReInviteWhenTheCalleeRefusesUpdate() throws {
        var sim = try Sim(count: 2, configure: Self.configure { i, c in
            if i == 1 { c.allowedMethods.removeAll { $0 == .update } }
        })
        sim.onEvent = SessionModificationTests.peers()
        let wire = ReliableProvisionalTests.tap(&sim)
        let id = try InviteSessionTests.place(&sim)
        sim.at(Self.s(1000), 0) { $0.act(0) { $0.hangUp(id, now: $1) } }
        sim.run()
        #expect(wire.requests(.update).isEmpty)
        // The re-INVITE carries the last description this side sent, unchanged (RFC 3264 §8).
        #expect(SessionModificationTests.requests(sim, 1).map(\.body.string) == ["v=0\r\n"])
        #expect(wire.requests(.invite).count == 2)
        #expect(SessionModificationTests.outcomes(sim, 0).isEmpty)
        InviteSessionTests.expectClean(sim)
    }

    @Test func calleeRefreshesForACallerWithoutTimers() throws {
        // A caller without `timer` cannot refresh: the callee asks for 1800 s and refreshes itself,
        // without Require: timer; the caller answers the refreshes without a Session-Expires.
        var sim = try Sim(count: 2, configure: Self.configure { i, c in
            if i == 0 { c.supportedOptions = ["100rel"] }
        })
        sim.onEvent = SessionModificationTests.peers()
        let wire = ReliableProvisionalTests.tap(&sim)
        let id = try InviteSessionTests.place(&sim)
        sim.at(Self.s(2000), 0) { $0.act(0) { $0.hangUp(id, now: $1) } }
        sim.run()
        #expect(wire.requests(.invite).first?.headers.contains(.sessionExpires) == false)
        let ok = try #require(wire.responses(200, to: .invite).first)
        #expect(ok.headers.first(.sessionExpires) == "1800;refresher=uas")
        #expect(ok.headers.contains(.require) == false)
        #expect(wire.requests(.update).count == 2)  // at 900 and 1800 s, from the callee
        #expect(wire.requests(.update).allSatisfy { $0.from?.tag != wire.requests(.invite).first?.from?.tag })
        #expect(Self.intervals(sim, 1) == [SessionInterval(seconds: 1800, refresher: .local)])
        #expect(Self.intervals(sim, 0).isEmpty)
        InviteSessionTests.expectClean(sim)
    }

    @Test func shortIntervalGets422AndTheCallerAsksAgain() throws {
        var sim = try Sim(count: 2, configure: Self.configure { i, c in
            if i == 0 { c.sessionExpires = 120 } else { c.minimumSessionExpires = 300 }
        })
        sim.onEvent = SessionModificationTests.peers()
        let wire = ReliableProvisionalTests.tap(&sim)
        let id = try InviteSessionTests.place(&sim)
        sim.at(Self.s(100), 0) { $0.act(0) { $0.hangUp(id, now: $1) } }
        sim.run()
        let refusal = try #require(wire.responses(422, to: .invite).first)
        #expect(refusal.headers.first(.minSE) == "300")
        let invites = wire.requests(.invite)
        #expect(invites.count == 2)
        #expect(invites.last?.cseq?.number == 2)
        #expect(invites.last?.callID == invites.first?.callID)
        #expect(invites.last?.headers.first(.sessionExpires) == "300")
        #expect(invites.last?.headers.first(.minSE) == "300")
        #expect(Self.intervals(sim, 0) == [SessionInterval(seconds: 300, refresher: .local)])
        #expect(sim.states(0, id).contains(.confirmed))
        InviteSessionTests.expectClean(sim)
    }

    @Test func calleeShortensToItsWishButNotBelowMinSE() throws {
        var sim = try Sim(count: 2, configure: Self.configure { i, c in
            if i == 0 { c.sessionExpires = 3600; c.minimumSessionExpires = 600 } else { c.sessionExpires = 120 }
        })
        sim.onEvent = SessionModificationTests.peers()
        let wire = ReliableProvisionalTests.tap(&sim)
        let id = try InviteSessionTests.place(&sim)
        sim.at(Self.s(10), 0) { $0.act(0) { $0.hangUp(id, now: $1) } }
        sim.run()
        #expect(wire.requests(.invite).first?.headers.first(.minSE) == "600")
        #expect(wire.responses(200, to: .invite).first?.headers.first(.sessionExpires) == "600;refresher=uac")
        InviteSessionTests.expectClean(sim)
    }

    @Test func unrefreshedSessionEndsWithByeAtExpiry() throws {
        // From 800 s on nothing crosses the network. The caller's refresh at 900 s times out and
        // it ends the call (§12.2.1.2); the callee, hearing nothing, ends it at 1800 − 32 s.
        var sim = try Sim(count: 2)
        sim.onEvent = SessionModificationTests.peers()
        var cut = false
        sim.at(Self.s(800), 0) { _ in cut = true }
        sim.drop = { _ in cut }
        let id = try InviteSessionTests.place(&sim)
        sim.at(Self.s(1767), 1) { sim in
            #expect(sim.states(1, InviteSessionTests.incomingSession(sim)!).last == .confirmed)
        }
        sim.at(Self.s(1769), 1) { sim in
            #expect(sim.states(1, InviteSessionTests.incomingSession(sim)!).last == .terminating)
        }
        sim.run()
        #expect(sim.states(0, id).last == .ended(.dialogFailed(status: 408)))
        let callee = try #require(InviteSessionTests.incomingSession(sim))
        #expect(sim.states(1, callee).last == .ended(.sessionExpired))
        InviteSessionTests.expectClean(sim)
    }

    @Test func withoutTimerSupportNothingIsNegotiated() throws {
        var sim = try Sim(count: 2) { $0.supportedOptions = [] }
        sim.onEvent = SessionModificationTests.peers()
        let wire = ReliableProvisionalTests.tap(&sim)
        let id = try InviteSessionTests.place(&sim)
        sim.at(Self.s(4000), 0) { $0.act(0) { $0.hangUp(id, now: $1) } }
        sim.run(until: Self.s(10_000))
        #expect(wire.sent.allSatisfy { !$0.headers.contains(.sessionExpires) })
        #expect(wire.requests(.update).isEmpty)
        #expect(Self.intervals(sim, 0).isEmpty && Self.intervals(sim, 1).isEmpty)
        InviteSessionTests.expectClean(sim)
    }

    @Test func sessionExpiresBelowMinimumOrMalformedIsRefused() throws {
        var core = try UserAgentRefusalTests.core()
        let t = TransactionID(rawValue: 1)
        let short = try UserAgentRefusalTests.request("INVITE", extra: "Session-Expires: 30\r\nSupported: timer\r\n", body: "v=0\r\n")
        let r = try #require(UserAgentRefusalTests.responses(core.receiveRequest(short, transaction: t, now: .zero)).first)
        #expect(r.status == .sessionIntervalTooSmall)
        #expect(r.headers.first(.minSE) == "90")
        let bad = try UserAgentRefusalTests.request("INVITE", branch: "z9hG4bK-2", extra: "Session-Expires: soon\r\n", body: "v=0\r\n")
        #expect(UserAgentRefusalTests.responses(core.receiveRequest(bad, transaction: t, now: .zero)).map(\.status) == [.badRequest])
        #expect(core.sessionCount == 0)
    }
}
