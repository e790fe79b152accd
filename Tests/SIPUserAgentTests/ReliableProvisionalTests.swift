import SIPMessage
import SIPTransaction
import SIPUserAgent
import StackCore
import StackTesting
import Testing

/// Reliable provisional responses and PRACK (RFC 3262), between two cores over the simulated
/// network and against hand-made responses.
@Suite struct ReliableProvisionalTests {
    typealias Sim = UserAgentSimulation
    static func ms(_ n: Int64) -> Instant { .zero + .milliseconds(n) }

    /// Two user agents; the callee sends its provisional responses reliably whenever it can.
    static func reliablePair() throws -> Sim {
        try Sim(count: 2) { $0.reliableProvisionalResponses = .whenSupported }
    }

    /// Records every message put on the network (before any loss) and drops those `lose` picks.
    final class Wire: @unchecked Sendable {
        var sent: [SIPMessage] = []
        func requests(_ method: SIPMethod) -> [SIPMessage] { sent.filter { $0.method == method } }
        func responses(_ status: Int, to method: SIPMethod) -> [SIPMessage] {
            sent.filter { $0.status?.rawValue == status && $0.cseq?.method == method }
        }
        func index(where match: (SIPMessage) -> Bool) -> Int? { sent.firstIndex(where: match) }
    }

    static func tap(_ sim: inout Sim, lose: @escaping (SIPMessage, Wire) -> Bool = { _, _ in false }) -> Wire {
        let wire = Wire()
        sim.drop = { m in
            wire.sent.append(m)
            return lose(m, wire)
        }
        return wire
    }

    static func acknowledgements(_ sim: Sim) -> Int {
        sim.events[1].filter { if case .provisionalAcknowledged = $0 { return true } else { return false } }.count
    }

    @Test func reliableRingingIsAcknowledgedBeforeTheAnswer() throws {
        var sim = try Self.reliablePair()
        sim.onEvent = InviteSessionTests.callee(answerAfter: .milliseconds(300))
        let wire = Self.tap(&sim)
        let id = try InviteSessionTests.place(&sim)
        sim.at(Self.ms(2000), 0) { $0.act(0) { $0.hangUp(id, now: $1) } }
        sim.run()
        let invite = try #require(wire.requests(.invite).first)
        #expect(invite.hasOption("100rel"))
        let ringing = try #require(wire.responses(180, to: .invite).first)
        #expect(try ringing.optionTags(.require) == ["100rel"])
        let rseq = try #require(try ringing.header(.rSeq, as: SIPRSeq.self)).value
        #expect(rseq >= 1 && rseq < 1 << 31)
        let prack = try #require(wire.requests(.prack).first)
        #expect(wire.requests(.prack).count == 1)
        #expect(try prack.header(.rAck, as: SIPRAck.self) == SIPRAck(rseq: rseq, sequence: 1, method: .invite))
        #expect(prack.cseq?.number == 2)
        #expect(prack.to?.tag == ringing.to?.tag)
        #expect(wire.responses(200, to: .prack).count == 1)
        // The BYE numbers on from the PRACK (INVITE 1, PRACK 2, BYE 3).
        #expect(wire.requests(.bye).first?.cseq?.number == 3)
        #expect(Self.acknowledgements(sim) == 1)
        #expect(sim.states(0, id) == [.calling, .early(status: 180), .confirmed, .terminating, .ended(.hungUpLocally)])
        InviteSessionTests.expectClean(sim)
    }

    @Test func unreliableUnlessTheCallerAsksOrTheCalleePrefers() throws {
        // By default a callee sends reliably only when the caller requires it (§3).
        var sim = try Sim(count: 2)
        sim.onEvent = InviteSessionTests.callee()
        let wire = Self.tap(&sim)
        let id = try InviteSessionTests.place(&sim)
        sim.at(Self.ms(1000), 0) { $0.act(0) { $0.hangUp(id, now: $1) } }
        sim.run()
        #expect(wire.responses(180, to: .invite).first?.headers.contains(.rSeq) == false)
        #expect(wire.requests(.prack).isEmpty)
        InviteSessionTests.expectClean(sim)
    }

    @Test func lostRingingIsResentAndAcknowledgedOnce() throws {
        // The first 180 and the first PRACK are lost: the callee resends its 180 (T1, doubling),
        // the PRACK's transaction resends the PRACK, and the caller never sends a second PRACK.
        var sim = try Self.reliablePair()
        sim.onEvent = InviteSessionTests.callee(answerAfter: .seconds(5))
        let wire = Self.tap(&sim) { m, wire in
            (m.status == .ringing && wire.responses(180, to: .invite).count == 1)
                || (m.method == .prack && wire.requests(.prack).count == 1)
        }
        let id = try InviteSessionTests.place(&sim)
        sim.at(Self.ms(8000), 0) { $0.act(0) { $0.hangUp(id, now: $1) } }
        sim.run()
        let pracks = wire.requests(.prack)
        #expect(pracks.count >= 2)
        #expect(Set(pracks.compactMap { $0.topVia?.branch }).count == 1)
        #expect(wire.responses(180, to: .invite).count >= 2)
        #expect(Self.acknowledgements(sim) == 1)
        #expect(sim.states(0, id).filter { $0 == .early(status: 180) }.count == 1)
        #expect(sim.states(0, id).last == .ended(.hungUpLocally))
        InviteSessionTests.expectClean(sim)
    }

    @Test func answerWaitsForThePRACKOfEarlyMedia() throws {
        // §3: no 2xx while a reliable provisional response with a session description is
        // unacknowledged. The callee answers at once; the PRACK is lost the first time.
        var sim = try Self.reliablePair()
        sim.onEvent = { sim, i, event in
            guard i == 1, case .incomingCall(let id, _) = event else { return }
            sim.act(1) { $0.ring(id, status: .sessionProgress, body: "early\r\n", now: $1) }
            sim.act(1) { $0.answer(id, body: "v=0\r\n", now: $1) }
        }
        let wire = Self.tap(&sim) { m, wire in m.method == .prack && wire.requests(.prack).count == 1 }
        let id = try InviteSessionTests.place(&sim)
        sim.at(Self.ms(5000), 0) { $0.act(0) { $0.hangUp(id, now: $1) } }
        sim.run()
        let prackOK = try #require(wire.index { $0.status == .ok && $0.cseq?.method == .prack })
        let inviteOK = try #require(wire.index { $0.status == .ok && $0.cseq?.method == .invite })
        #expect(prackOK < inviteOK)
        #expect(sim.states(0, id).contains(.confirmed))
        InviteSessionTests.expectClean(sim)
    }

    @Test func answerWithoutEarlyMediaDoesNotWait() throws {
        // A reliable 180 without a body does not hold the 2xx back; its PRACK is still answered.
        var sim = try Self.reliablePair()
        sim.onEvent = { sim, i, event in
            guard i == 1, case .incomingCall(let id, _) = event else { return }
            sim.act(1) { $0.ring(id, now: $1) }
            sim.act(1) { $0.answer(id, body: "v=0\r\n", now: $1) }
        }
        let wire = Self.tap(&sim)
        let id = try InviteSessionTests.place(&sim)
        sim.at(Self.ms(3000), 0) { $0.act(0) { $0.hangUp(id, now: $1) } }
        sim.run()
        #expect(wire.responses(180, to: .invite).count == 1)  // not resent once answered
        #expect(wire.responses(200, to: .prack).count == 1)
        #expect(sim.states(0, id).contains(.confirmed))
        InviteSessionTests.expectClean(sim)
    }

    @Test func secondProvisionalWaitsForThePRACKOfTheFirst() throws {
        // §3: one unacknowledged reliable provisional response at a time; RSeq counts up by one.
        var sim = try Self.reliablePair()
        sim.onEvent = { sim, i, event in
            guard i == 1, case .incomingCall(let id, _) = event else { return }
            sim.act(1) { $0.ring(id, now: $1) }
            sim.act(1) { $0.ring(id, status: .sessionProgress, now: $1) }
            sim.at(sim.now + .seconds(1), 1) { $0.act(1) { $0.answer(id, body: "v=0\r\n", now: $1) } }
        }
        let wire = Self.tap(&sim)
        let id = try InviteSessionTests.place(&sim)
        sim.at(Self.ms(3000), 0) { $0.act(0) { $0.hangUp(id, now: $1) } }
        sim.run()
        let rseqs = try wire.sent.filter { $0.status?.isProvisional == true && $0.status != .trying }
            .compactMap { try $0.header(.rSeq, as: SIPRSeq.self)?.value }
        #expect(rseqs.count == 2 && rseqs[1] == rseqs[0] &+ 1)
        let racks = try wire.requests(.prack).compactMap { try $0.header(.rAck, as: SIPRAck.self)?.responseNumber }
        #expect(racks == rseqs)
        #expect(wire.requests(.prack).map { $0.cseq?.number } == [2, 3])
        #expect(sim.states(0, id).prefix(3) == [.calling, .early(status: 180), .early(status: 183)])
        InviteSessionTests.expectClean(sim)
    }

    @Test func noPRACKRefusesTheCallWith500() throws {
        var sim = try Self.reliablePair()
        sim.onEvent = InviteSessionTests.callee(answerAfter: .seconds(100))
        let wire = Self.tap(&sim) { m, _ in m.method == .prack }
        let id = try InviteSessionTests.place(&sim)
        sim.run()
        // Sent at 0, resent at 0.5, 1.5, 3.5, 7.5, 15.5 and 31.5 s; refused at 64·T1 = 32 s.
        #expect(wire.responses(180, to: .invite).count == 7)
        #expect(sim.states(0, id).last == .ended(.rejected(status: 500, reason: "Server Internal Error")))
        let callee = try #require(InviteSessionTests.incomingSession(sim))
        #expect(sim.states(1, callee).last == .ended(.noPRACK))
        InviteSessionTests.expectClean(sim)
    }

    // MARK: Against hand-made messages

    static func caller() throws -> (UserAgentCore, SessionID, SIPMessage) {
        let identity = try SIPNameAddress(uri: SIPAnyURI(parsing: "sip:alice@192.0.2.1"))
        let configuration = UserAgentConfiguration(identity: identity, endpoints: [SIPLocalEndpoint(transport: "UDP", host: "192.0.2.1", port: 5060)])
        var core = UserAgentCore(configuration: configuration, random: SeededRandom(seed: 5))
        let (id, actions) = core.call(try SIPAnyURI(parsing: "sip:bob@192.0.2.2"), body: "v=0\r\n", now: .zero)
        let invite = try #require(actions.compactMap { if case .send(let m, _) = $0 { return m } else { return nil } }.first)
        return (core, try #require(id), invite)
    }

    static func provisional(to invite: SIPMessage, tag: String, rseq: UInt32?, status: SIPStatus = .ringing) -> SIPMessage {
        var r = invite.makeResponse(status: status, toTag: tag)
        r.appendHeader(.contact, "<sip:bob@192.0.2.2>")
        if let rseq {
            r.appendHeader(.require, "100rel")
            r.appendHeader(.rSeq, String(rseq))
        }
        return r
    }

    static func pracks(_ actions: [UserAgentAction]) -> [SIPMessage] {
        actions.compactMap { if case .send(let m, _) = $0, m.method == .prack { return m } else { return nil } }
    }

    @Test func callerAcknowledgesInOrderOnlyPerFork() throws {
        var (core, id, invite) = try Self.caller()
        // Fork a: 5, then 5 again (a retransmission), then 7 (a gap), then 6.
        let first = Self.pracks(core.receiveResponse(Self.provisional(to: invite, tag: "a", rseq: 5), now: .zero))
        #expect(first.count == 1)
        #expect(Self.pracks(core.receiveResponse(Self.provisional(to: invite, tag: "a", rseq: 5), now: .zero)).isEmpty)
        #expect(Self.pracks(core.receiveResponse(Self.provisional(to: invite, tag: "a", rseq: 7), now: .zero)).isEmpty)
        let next = Self.pracks(core.receiveResponse(Self.provisional(to: invite, tag: "a", rseq: 6, status: .sessionProgress), now: .zero))
        #expect(try next.first?.header(.rAck, as: SIPRAck.self) == SIPRAck(rseq: 6, sequence: 1, method: .invite))
        // Fork b numbers its own RSeq and its own CSeq.
        let other = Self.pracks(core.receiveResponse(Self.provisional(to: invite, tag: "b", rseq: 900), now: .zero))
        #expect(other.first?.to?.tag == "b")
        #expect([first, next, other].map { $0.first?.cseq?.number } == [2, 3, 2])
        // An unreliable 180 and the 100rel of a 100 get no PRACK.
        #expect(Self.pracks(core.receiveResponse(Self.provisional(to: invite, tag: "c", rseq: nil), now: .zero)).isEmpty)
        var trying = Self.provisional(to: invite, tag: "d", rseq: 1, status: .trying)
        trying.removeHeaders(.contact)
        #expect(Self.pracks(core.receiveResponse(trying, now: .zero)).isEmpty)
        #expect(core.state(of: id) == .early(status: 180))
    }

    @Test func calleeAnswersPRACKs() throws {
        var core = try UserAgentRefusalTests.core { $0.reliableProvisionalResponses = .whenSupported }
        let t = TransactionID(rawValue: 1)
        let invite = try UserAgentRefusalTests.request("INVITE", extra: "Supported: 100rel\r\n", body: "v=0\r\n")
        let id = try #require(UserAgentRefusalTests.incoming(core.receiveRequest(invite, transaction: t, now: .zero)))
        let ringing = try #require(UserAgentRefusalTests.responses(core.ring(id, now: .zero)).first)
        let rseq = try #require(try ringing.header(.rSeq, as: SIPRSeq.self)).value
        let tag = try #require(ringing.to?.tag).string
        func prack(_ rack: String, cseq: Int) throws -> [SIPMessage] {
            let request = try UserAgentRefusalTests.request("PRACK", toTag: tag, branch: "z9hG4bK-p\(cseq)", cseq: cseq,
                                                            extra: rack.isEmpty ? "" : "RAck: \(rack)\r\n")
            return UserAgentRefusalTests.responses(core.receiveRequest(request, transaction: TransactionID(rawValue: UInt64(cseq)), now: .zero))
        }
        #expect(try prack("", cseq: 2).map(\.status) == [.badRequest])
        #expect(try prack("\(rseq &+ 1) 1 INVITE", cseq: 3).map(\.status) == [.callDoesNotExist])
        #expect(try prack("\(rseq) 9 INVITE", cseq: 4).map(\.status) == [.callDoesNotExist])
        #expect(try prack("\(rseq) 1 INVITE", cseq: 5).map(\.status) == [.ok])
        // Acknowledged once: the same RAck again names nothing outstanding.
        #expect(try prack("\(rseq) 1 INVITE", cseq: 6).map(\.status) == [.callDoesNotExist])
    }
}

extension SIPMessage {
    /// True when Supported lists `tag`.
    func hasOption(_ tag: String) -> Bool { ((try? optionTags(.supported)) ?? []).contains(tag) }
}

extension SIPRAck {
    init(rseq: UInt32, sequence: UInt32, method: SIPMethod) {
        try! self.init(parsing: ByteString("\(rseq) \(sequence) \(method.rawValue)"), limits: .default)
    }
}
