import SIPMessage
import SIPTransaction
import SIPUserAgent
import StackCore
import StackTesting
import Testing

/// Calls between two user agent cores over the simulated network (RFC 3261 §13–§15).
@Suite struct InviteSessionTests {
    static func ms(_ n: Int64) -> Instant { .zero + .milliseconds(n) }

    /// Endpoint 1 rings at once and answers after `answerAfter` (or rejects with `reject`).
    static func callee(answerAfter: Duration = .milliseconds(100), reject: SIPStatus? = nil, ring: Bool = true)
        -> UserAgentSimulation.Hook
    {
        { sim, i, event in
            guard i == 1, case .incomingCall(let id, _) = event else { return }
            if ring { sim.act(1) { $0.ring(id, now: $1) } }
            sim.at(sim.now + answerAfter, 1) { sim in
                sim.act(1) { core, now in reject.map { core.reject(id, status: $0, now: now) } ?? core.answer(id, body: "v=0\r\n", now: now) }
            }
        }
    }

    static func place(_ sim: inout UserAgentSimulation) throws -> SessionID {
        let id = sim.call(0, 1)
        return try #require(id)
    }

    static func incomingSession(_ sim: UserAgentSimulation) -> SessionID? {
        for e in sim.events[1] { if case .incomingCall(let id, _) = e { return id } }
        return nil
    }

    static func expectClean(_ sim: UserAgentSimulation) {
        #expect(sim.isQuiet)
        #expect(sim.armedTimers == 0)
        for i in 0..<sim.cores.count {
            #expect(sim.cores[i].sessionCount == 0)
            #expect(sim.cores[i].armedTimerCount == 0)
            #expect(sim.layers[i].count == 0)
        }
    }

    @Test func callAnsweredAndHungUpByCaller() throws {
        var sim = try UserAgentSimulation(count: 2)
        sim.onEvent = Self.callee()
        let id = try Self.place(&sim)
        sim.at(Self.ms(1000), 0) { $0.act(0) { $0.hangUp(id, now: $1) } }
        sim.run()
        #expect(sim.states(0, id) == [.calling, .early(status: 180), .confirmed, .terminating, .ended(.hungUpLocally)])
        let callee = try #require(Self.incomingSession(sim))
        #expect(sim.states(1, callee) == [.early(status: 180), .connecting, .confirmed, .ended(.hungUpRemotely)])
        Self.expectClean(sim)
    }

    @Test func calleeHangsUp() throws {
        var sim = try UserAgentSimulation(count: 2)
        sim.onEvent = Self.callee()
        let id = try Self.place(&sim)
        sim.at(Self.ms(1000), 1) { sim in
            let callee = Self.incomingSession(sim)!
            sim.act(1) { $0.hangUp(callee, now: $1) }
        }
        sim.run()
        #expect(sim.states(0, id).last == .ended(.hungUpRemotely))
        #expect(sim.states(1, try #require(Self.incomingSession(sim))).last == .ended(.hungUpLocally))
        Self.expectClean(sim)
    }

    @Test(arguments: [486, 603, 480])
    func calleeRejects(status: Int) throws {
        var sim = try UserAgentSimulation(count: 2)
        sim.onEvent = Self.callee(reject: SIPStatus(rawValue: status)!)
        let id = try Self.place(&sim)
        sim.run()
        guard case .ended(.rejected(let got, _)) = sim.states(0, id).last else {
            Issue.record("caller did not end rejected: \(sim.states(0, id))")
            return
        }
        #expect(got == status)
        #expect(sim.states(1, try #require(Self.incomingSession(sim))).last == .ended(.declined(status: status)))
        Self.expectClean(sim)
    }

    @Test func callerCancelsWhileRinging() throws {
        var sim = try UserAgentSimulation(count: 2)
        sim.onEvent = Self.callee(answerAfter: .seconds(10))
        let id = try Self.place(&sim)
        sim.at(Self.ms(500), 0) { $0.act(0) { $0.hangUp(id, now: $1) } }
        sim.run()
        #expect(sim.states(0, id) == [.calling, .early(status: 180), .terminating, .ended(.cancelled)])
        #expect(sim.states(1, try #require(Self.incomingSession(sim))).last == .ended(.cancelled))
        Self.expectClean(sim)
    }

    @Test func cancelWaitsForAProvisionalResponse() throws {
        // §9.1: no CANCEL before a provisional response; the callee sends none of its own, so the
        // CANCEL goes when the transaction's 100 Trying arrives (200 ms).
        var sim = try UserAgentSimulation(count: 2)
        sim.onEvent = Self.callee(answerAfter: .seconds(10), ring: false)
        let id = try Self.place(&sim)
        sim.at(Self.ms(50), 0) { sim in
            sim.act(0) { $0.hangUp(id, now: $1) }
        }
        sim.run(until: Self.ms(150))
        #expect(sim.network.sent == 1)  // the INVITE only
        sim.run()
        #expect(sim.states(0, id).last == .ended(.cancelled))
        #expect(sim.states(1, try #require(Self.incomingSession(sim))).last == .ended(.cancelled))
        Self.expectClean(sim)
    }

    @Test func answerWinsTheRaceWithCancel() throws {
        // The callee answers at 100 ms; the caller hangs up at 100.5 ms, before the 200 reaches it
        // (1 ms away). The CANCEL finds the INVITE answered; the caller ACKs the 200 and sends BYE.
        var sim = try UserAgentSimulation(count: 2)
        sim.onEvent = Self.callee(answerAfter: .milliseconds(99))
        let id = try Self.place(&sim)
        sim.at(.zero + .microseconds(100_500), 0) { $0.act(0) { $0.hangUp(id, now: $1) } }
        sim.run()
        #expect(sim.states(0, id) == [.calling, .early(status: 180), .terminating, .ended(.cancelled)])
        #expect(sim.states(1, try #require(Self.incomingSession(sim))) == [.early(status: 180), .connecting, .confirmed, .ended(.hungUpRemotely)])
        Self.expectClean(sim)
    }

    @Test func unacknowledgedAnswerEndsWithBye() throws {
        // §13.3.1.4: the 2xx is resent (T1 doubling to T2) for 64·T1, then the call ends with BYE.
        var sim = try UserAgentSimulation(count: 2)
        sim.onEvent = Self.callee()
        var okCount = 0
        sim.drop = { m in
            if m.status == .ok, m.cseq?.method == .invite { okCount += 1 }
            return m.method == .ack
        }
        _ = try Self.place(&sim)
        sim.run()
        let callee = try #require(Self.incomingSession(sim))
        #expect(sim.states(1, callee) == [.early(status: 180), .connecting, .terminating, .ended(.noACK)])
        // Sent at 0, resent at 0.5, 1.5, 3.5, 7.5, 11.5, … 31.5 s; the BYE goes at 32 s.
        #expect(okCount == 11)
        #expect(sim.states(0, SessionID(rawValue: 1)).last == .ended(.hungUpRemotely))
        Self.expectClean(sim)
    }

    @Test func retransmitted2xxGetsTheSameACK() throws {
        // The first ACK is lost: the callee resends its 200 and the caller answers with the same ACK.
        var sim = try UserAgentSimulation(count: 2)
        sim.onEvent = Self.callee()
        var acks: [[UInt8]] = []
        sim.drop = { m in
            guard m.method == .ack else { return false }
            acks.append(m.serialized())
            return acks.count == 1
        }
        let id = try Self.place(&sim)
        sim.at(Self.ms(3000), 0) { $0.act(0) { $0.hangUp(id, now: $1) } }
        sim.run()
        #expect(acks.count == 2)
        #expect(acks.first == acks.last)
        #expect(sim.states(1, try #require(Self.incomingSession(sim))).contains(.confirmed))
        Self.expectClean(sim)
    }

    @Test func unreachableCalleeTimesOut() throws {
        var sim = try UserAgentSimulation(count: 2)
        sim.drop = { $0.method == .invite }
        let id = try Self.place(&sim)
        sim.run()
        guard case .ended(.unreachable) = sim.states(0, id).last else {
            Issue.record("expected unreachable: \(sim.states(0, id))")
            return
        }
        Self.expectClean(sim)
    }
}
