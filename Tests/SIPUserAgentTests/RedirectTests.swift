import SIPMessage
import SIPTransaction
import SIPUserAgent
import StackCore
import StackTesting
import Testing

/// 3xx responses to an INVITE followed to the targets in their Contacts (RFC 3261 §8.1.3.4).
@Suite struct RedirectTests {
    typealias Sim = UserAgentSimulation

    /// Endpoint 1 redirects with `status` and `contacts`; endpoints 2 and 3 answer.
    static func redirector(_ contacts: String, status: SIPStatus = .movedTemporarily) -> Sim.Hook {
        { sim, i, event in
            guard case .incomingCall(let id, _) = event else { return }
            if i == 1 {
                sim.act(1) { $0.reject(id, status: status, extraHeaders: [SIPHeaderField(name: .contact, value: ByteString(contacts))], now: $1) }
            } else {
                sim.act(i) { $0.answer(id, body: "v=0\r\n", now: $1) }
            }
        }
    }

    static func run(_ contacts: String, status: SIPStatus = .movedTemporarily,
                    configure: @escaping (inout UserAgentConfiguration) -> Void = { _ in }) throws -> (Sim, SessionID, ReliableProvisionalTests.Wire) {
        var sim = try Sim(count: 4, configure: configure)
        sim.onEvent = Self.redirector(contacts, status: status)
        let wire = ReliableProvisionalTests.tap(&sim)
        let id = try InviteSessionTests.place(&sim)
        sim.at(.zero + .seconds(2), 0) { $0.act(0) { $0.hangUp(id, now: $1) } }
        sim.run()
        return (sim, id, wire)
    }

    @Test func followsTheBestContact() throws {
        let (sim, id, wire) = try Self.run("<sip:ua3@10.0.0.4>;q=0.2, <sip:ua2@10.0.0.3>;q=0.9")
        let invites = wire.requests(.invite)
        #expect(invites.map { $0.requestURI?.text.string } == ["sip:ua1@10.0.0.2", "sip:ua2@10.0.0.3"])
        #expect(invites.map { $0.cseq?.number } == [1, 2])
        #expect(invites[1].callID == invites[0].callID && invites[1].from?.tag == invites[0].from?.tag)
        #expect(invites[1].topVia?.branch != invites[0].topVia?.branch)
        #expect(sim.states(0, id) == [.calling, .confirmed, .terminating, .ended(.hungUpLocally)])
        #expect(sim.events[2].contains { if case .incomingCall = $0 { return true } else { return false } })
        InviteSessionTests.expectClean(sim)
    }

    @Test func aRedirectToATargetAlreadyTriedEndsTheCall() throws {
        let (sim, id, wire) = try Self.run("<sip:ua1@10.0.0.2>")
        #expect(wire.requests(.invite).count == 1)
        #expect(sim.states(0, id).last == .ended(.rejected(status: 302, reason: "Moved Temporarily")))
        InviteSessionTests.expectClean(sim)
    }

    @Test(arguments: [305, 380])
    func useProxyAndAlternativeServiceAreNotFollowed(code: Int) throws {
        let status = try #require(SIPStatus(rawValue: code))
        let (sim, id, wire) = try Self.run("<sip:ua2@10.0.0.3>", status: status)
        #expect(wire.requests(.invite).count == 1)
        guard case .ended(.rejected(let code, _)) = sim.states(0, id).last else {
            Issue.record("not rejected: \(sim.states(0, id))")
            return
        }
        #expect(code == status.rawValue)
        InviteSessionTests.expectClean(sim)
    }

    @Test func redirectsCanBeTurnedOff() throws {
        let (sim, id, wire) = try Self.run("<sip:ua2@10.0.0.3>") { $0.followsRedirects = false }
        #expect(wire.requests(.invite).count == 1)
        #expect(sim.states(0, id).last == .ended(.rejected(status: 302, reason: "Moved Temporarily")))
        InviteSessionTests.expectClean(sim)
    }

    @Test func aChainOfRedirectsStopsAtTheLimit() throws {
        // Every callee redirects to the next: 1 → 2 → 3 → 1; with a limit of 2 the third 3xx ends it.
        var sim = try Sim(count: 4) { $0.maximumRedirects = 2 }
        sim.onEvent = { sim, i, event in
            guard case .incomingCall(let id, _) = event else { return }
            let next = Sim.uri(i == 3 ? 1 : i + 1).text.string
            sim.act(i) { $0.reject(id, status: .movedTemporarily, extraHeaders: [SIPHeaderField(name: .contact, value: ByteString("<\(next)>"))], now: $1) }
        }
        let wire = ReliableProvisionalTests.tap(&sim)
        let id = try InviteSessionTests.place(&sim)
        sim.run()
        #expect(wire.requests(.invite).count == 3)
        #expect(sim.states(0, id).last == .ended(.rejected(status: 302, reason: "Moved Temporarily")))
        InviteSessionTests.expectClean(sim)
    }
}
