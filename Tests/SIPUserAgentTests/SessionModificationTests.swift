import SIPMessage
import SIPTransaction
import SIPUserAgent
import StackCore
import StackTesting
import Testing

/// Changes of an established call: re-INVITE (RFC 3261 §14) and UPDATE (RFC 3311), with glare,
/// refusals, lost messages and timeouts, between two cores over the simulated network.
@Suite struct SessionModificationTests {
    typealias Sim = UserAgentSimulation
    static func ms(_ n: Int64) -> Instant { .zero + .milliseconds(n) }

    /// Endpoint 1 answers every call at once; both sides accept every change with an answer that
    /// echoes the offer, or refuse it with `refuse`, or (`ignore`) never answer it.
    static func peers(refuse: SIPStatus? = nil, ignore: Bool = false) -> Sim.Hook {
        { sim, i, event in
            switch event {
            case .incomingCall(let id, _) where i == 1:
                sim.act(1) { $0.answer(id, body: "v=0\r\n", now: $1) }
            case .modificationRequested(let id, let request) where !ignore:
                let answer = ByteString("answer to " + request.body.string)
                sim.act(i) { core, now in
                    refuse.map { core.refuseModification(id, status: $0, now: now) }
                        ?? core.acceptModification(id, body: answer, now: now)
                }
            default:
                break
            }
        }
    }

    static func outcomes(_ sim: Sim, _ i: Int) -> [ModificationOutcome] {
        sim.events[i].compactMap { if case .modificationEnded(_, let o, _) = $0 { return o } else { return nil } }
    }

    static func answers(_ sim: Sim, _ i: Int) -> [String] {
        sim.events[i].compactMap { if case .modificationEnded(_, .accepted, let m?) = $0 { return m.body.string } else { return nil } }
    }

    static func requests(_ sim: Sim, _ i: Int) -> [SIPMessage] {
        sim.events[i].compactMap { if case .modificationRequested(_, let r) = $0 { return r } else { return nil } }
    }

    static func acknowledged(_ sim: Sim, _ i: Int) -> Int {
        sim.events[i].filter { if case .modificationAcknowledged = $0 { return true } else { return false } }.count
    }

    static func callee(_ sim: Sim) throws -> SessionID { try #require(InviteSessionTests.incomingSession(sim)) }

    @Test(arguments: [SIPMethod.invite, .update])
    func callerHoldsAndResumes(method: SIPMethod) throws {
        var sim = try Sim(count: 2)
        sim.onEvent = Self.peers()
        let id = try InviteSessionTests.place(&sim)
        sim.at(Self.ms(1000), 0) { $0.act(0) { $0.modify(id, method: method, body: "hold\r\n", now: $1) } }
        sim.at(Self.ms(2000), 0) { $0.act(0) { $0.modify(id, method: method, body: "resume\r\n", now: $1) } }
        sim.at(Self.ms(3000), 0) { sim in
            #expect(sim.cores[0].dialog(of: id)?.localSequence == 3)  // INVITE 1, then 2 and 3
            sim.act(0) { $0.hangUp(id, now: $1) }
        }
        sim.run()
        #expect(Self.outcomes(sim, 0) == [.accepted, .accepted])
        #expect(Self.answers(sim, 0) == ["answer to hold\r\n", "answer to resume\r\n"])
        let received = Self.requests(sim, 1)
        #expect(received.map(\.method) == [method, method])
        #expect(received.map(\.body.string) == ["hold\r\n", "resume\r\n"])
        #expect(received.allSatisfy { $0.headers.first(.contact) != nil && $0.headers.first(.allow) != nil })
        #expect(Self.acknowledged(sim, 1) == (method == .invite ? 2 : 0))
        #expect(sim.states(0, id) == [.calling, .confirmed, .terminating, .ended(.hungUpLocally)])
        InviteSessionTests.expectClean(sim)
    }

    @Test func calleeChangesTheSession() throws {
        var sim = try Sim(count: 2)
        sim.onEvent = Self.peers()
        let id = try InviteSessionTests.place(&sim)
        sim.at(Self.ms(1000), 1) { sim in
            let callee = InviteSessionTests.incomingSession(sim)!
            sim.act(1) { $0.modify(callee, body: "hold\r\n", now: $1) }
        }
        sim.at(Self.ms(2000), 0) { $0.act(0) { $0.hangUp(id, now: $1) } }
        sim.run()
        #expect(Self.outcomes(sim, 1) == [.accepted])
        #expect(Self.requests(sim, 0).map(\.body.string) == ["hold\r\n"])
        #expect(Self.acknowledged(sim, 0) == 1)
        InviteSessionTests.expectClean(sim)
    }

    @Test func refusedChangeKeepsTheCall() throws {
        // §14.1: a non-2xx final response leaves the session as it was.
        var sim = try Sim(count: 2)
        sim.onEvent = Self.peers(refuse: .notAcceptableHere)
        let id = try InviteSessionTests.place(&sim)
        sim.at(Self.ms(1000), 0) { $0.act(0) { $0.modify(id, body: "video\r\n", now: $1) } }
        sim.at(Self.ms(5000), 0) { sim in
            #expect(sim.cores[0].state(of: id) == .confirmed)
            sim.act(0) { $0.hangUp(id, now: $1) }
        }
        sim.run()
        #expect(Self.outcomes(sim, 0) == [.refused(status: 488, reason: "Not Acceptable Here")])
        #expect(sim.states(0, id).last == .ended(.hungUpLocally))
        InviteSessionTests.expectClean(sim)
    }

    @Test func secondChangeWhileOneIsOpenIsBusy() throws {
        var sim = try Sim(count: 2)
        sim.onEvent = Self.peers()
        let id = try InviteSessionTests.place(&sim)
        sim.at(Self.ms(1000), 0) { sim in
            sim.act(0) { $0.modify(id, body: "one\r\n", now: $1) }
            sim.act(0) { $0.modify(id, body: "two\r\n", now: $1) }
        }
        sim.at(Self.ms(2000), 0) { $0.act(0) { $0.hangUp(id, now: $1) } }
        sim.run()
        #expect(Self.outcomes(sim, 0) == [.busy, .accepted])
        #expect(Self.requests(sim, 1).map(\.body.string) == ["one\r\n"])
        InviteSessionTests.expectClean(sim)
    }

    @Test(arguments: [SIPMethod.invite, .update])
    func glareIsResolvedBy491AndTheRetryTimer(method: SIPMethod) throws {
        // Both sides send a change at the same instant; each refuses the other's with 491 (§14.2,
        // RFC 3311 §5.2). The callee, which did not choose the Call-ID, retries within 0–2 s, the
        // caller within 2.1–4 s (§14.1); both changes then succeed, the callee's first.
        var sim = try Sim(count: 2)
        sim.onEvent = Self.peers()
        var pending: [(Instant, String)] = []
        let id = try InviteSessionTests.place(&sim)
        sim.drop = { m in
            if m.status == .requestPending { pending.append((.zero, m.cseq?.method.rawValue ?? "")) }
            return false
        }
        sim.at(Self.ms(1000), 0) { sim in
            let callee = InviteSessionTests.incomingSession(sim)!
            sim.act(0) { $0.modify(id, method: method, body: "caller\r\n", now: $1) }
            sim.act(1) { $0.modify(callee, method: method, body: "callee\r\n", now: $1) }
        }
        sim.at(Self.ms(10_000), 0) { $0.act(0) { $0.hangUp(id, now: $1) } }
        sim.run()
        #expect(pending.count == 2)
        #expect(Self.outcomes(sim, 0) == [.accepted])
        #expect(Self.outcomes(sim, 1) == [.accepted])
        #expect(Self.requests(sim, 1).map(\.body.string) == ["caller\r\n"])
        #expect(Self.requests(sim, 0).map(\.body.string) == ["callee\r\n"])
        // The callee's retry is answered before the caller's.
        let order = sim.events[0].compactMap { event -> String? in
            switch event {
            case .modificationRequested: return "callee's change"
            case .modificationEnded: return "caller's change"
            default: return nil
            }
        }
        #expect(order == ["callee's change", "caller's change"])
        InviteSessionTests.expectClean(sim)
    }

    @Test func lostACKOfReINVITEIsResentForThe2xx() throws {
        var sim = try Sim(count: 2)
        sim.onEvent = Self.peers()
        var acks: [[UInt8]] = []
        sim.drop = { m in
            guard m.method == .ack, m.cseq?.number == 2 else { return false }
            acks.append(m.serialized())
            return acks.count == 1
        }
        let id = try InviteSessionTests.place(&sim)
        sim.at(Self.ms(1000), 0) { $0.act(0) { $0.modify(id, body: "hold\r\n", now: $1) } }
        sim.at(Self.ms(5000), 0) { $0.act(0) { $0.hangUp(id, now: $1) } }
        sim.run()
        #expect(acks.count == 2 && acks.first == acks.last)
        #expect(Self.acknowledged(sim, 1) == 1)
        #expect(sim.states(0, id).last == .ended(.hungUpLocally))
        InviteSessionTests.expectClean(sim)
    }

    @Test func unansweredChangeIsRefusedAfter64T1() throws {
        var sim = try Sim(count: 2)
        sim.onEvent = Self.peers(ignore: true)
        let id = try InviteSessionTests.place(&sim)
        sim.at(Self.ms(1000), 0) { $0.act(0) { $0.modify(id, body: "hold\r\n", now: $1) } }
        sim.at(Self.ms(40_000), 0) { sim in
            #expect(sim.cores[0].state(of: id) == .confirmed)
            sim.act(0) { $0.hangUp(id, now: $1) }
        }
        sim.run()
        #expect(Self.outcomes(sim, 0) == [.refused(status: 500, reason: "No Answer From Application")])
        InviteSessionTests.expectClean(sim)
    }

    @Test func changeInAForgottenDialogEndsTheCall() throws {
        // The callee hangs up but every BYE is lost: it forgets the call when its BYE times out.
        // The caller's re-INVITE then gets 481, which ends the call (§12.2.1.2).
        var sim = try Sim(count: 2)
        sim.onEvent = Self.peers()
        sim.drop = { $0.method == .bye }
        let id = try InviteSessionTests.place(&sim)
        sim.at(Self.ms(1000), 1) { sim in
            let callee = InviteSessionTests.incomingSession(sim)!
            sim.act(1) { $0.hangUp(callee, now: $1) }
        }
        sim.at(Self.ms(60_000), 0) { $0.act(0) { $0.modify(id, body: "hold\r\n", now: $1) } }
        sim.run()
        #expect(Self.outcomes(sim, 0) == [.refused(status: 481, reason: "Call/Transaction Does Not Exist")])
        #expect(sim.states(0, id).last == .ended(.dialogFailed(status: 481)))
        InviteSessionTests.expectClean(sim)
    }

    @Test func unansweredReINVITEEndsTheCallWithBye() throws {
        var sim = try Sim(count: 2)
        sim.onEvent = Self.peers()
        sim.drop = { $0.method == .invite && $0.cseq?.number == 2 }
        let id = try InviteSessionTests.place(&sim)
        sim.at(Self.ms(1000), 0) { $0.act(0) { $0.modify(id, body: "hold\r\n", now: $1) } }
        sim.run()
        guard case .unreachable = Self.outcomes(sim, 0).first else {
            Issue.record("expected unreachable: \(Self.outcomes(sim, 0))")
            return
        }
        #expect(sim.states(0, id).last == .ended(.dialogFailed(status: 408)))
        #expect(sim.states(1, try Self.callee(sim)).last == .ended(.hungUpRemotely))
        InviteSessionTests.expectClean(sim)
    }

    @Test func byeWhileAChangeIsPendingGets487() throws {
        // §15.1.2: the pending re-INVITE is answered with 487 when the BYE ends the call.
        var sim = try Sim(count: 2)
        sim.onEvent = Self.peers(ignore: true)
        let id = try InviteSessionTests.place(&sim)
        sim.at(Self.ms(1000), 0) { $0.act(0) { $0.modify(id, body: "hold\r\n", now: $1) } }
        sim.at(Self.ms(2000), 1) { sim in
            let callee = InviteSessionTests.incomingSession(sim)!
            sim.act(1) { $0.hangUp(callee, now: $1) }
        }
        sim.run()
        #expect(Self.outcomes(sim, 0).first == .refused(status: 487, reason: "Request Terminated")
            || Self.outcomes(sim, 0).first == .callEnded)
        #expect(sim.states(0, id).last == .ended(.hungUpRemotely))
        InviteSessionTests.expectClean(sim)
    }
}
