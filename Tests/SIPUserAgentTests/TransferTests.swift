import SIPMessage
import SIPTransaction
import SIPUserAgent
import StackCore
import StackTesting
import Testing

/// Call transfer between three cores over the simulated network: ua1 (the transferor) calls ua0
/// (the transferee) and sends it to ua2 (the target), blind by REFER (RFC 3515) or attended with
/// Replaces (RFC 3891).
@Suite struct TransferTests {
    typealias Sim = UserAgentSimulation
    static func ms(_ n: Int64) -> Instant { .zero + .milliseconds(n) }

    struct Roles {
        /// The target's final answer to a new call (nil: 200 after ringing 500 ms).
        var targetRejects: SIPStatus?
        /// The target only rings.
        var targetRingsForever = false
        /// The transferee refuses every REFER.
        var transfereeRefuses = false
        /// The transferee leaves REFERs unanswered.
        var transfereeIgnores = false
    }

    /// ua0 answers its calls at once and accepts transfers; ua2 rings, then answers or refuses,
    /// except calls that replace one of its own, answered at once; ua1 hangs up once a transfer
    /// succeeds.
    static func peers(_ roles: Roles = Roles()) -> Sim.Hook {
        { sim, i, event in
            switch event {
            case .incomingCall(let id, _) where i == 2 && sim.cores[2].replacedCall(by: id) == nil:
                sim.act(2) { $0.ring(id, now: $1) }
                guard !roles.targetRingsForever else { return }
                sim.at(sim.now + .milliseconds(500), 2) { sim in
                    sim.act(2) { core, now in
                        roles.targetRejects.map { core.reject(id, status: $0, now: now) } ?? core.answer(id, body: "v=0\r\n", now: now)
                    }
                }
            case .incomingCall(let id, _):
                sim.act(i) { $0.answer(id, body: "v=0\r\n", now: $1) }
            case .transferRequested(let id, _, _) where i == 0 && !roles.transfereeIgnores:
                if roles.transfereeRefuses {
                    sim.act(0) { $0.refuseTransfer(id, now: $1) }
                } else {
                    sim.act(0) { $0.acceptTransfer(id, body: "v=0\r\n", now: $1).1 }
                }
            case .transferEnded(let id, .succeeded) where i == 1:
                sim.act(1) { $0.hangUp(id, now: $1) }
            default:
                break
            }
        }
    }

    enum Report: Equatable { case progress(TransferProgress), ended(TransferOutcome) }

    static func reports(_ sim: Sim, _ i: Int) -> [Report] {
        sim.events[i].compactMap {
            switch $0 {
            case .transferProgress(_, let p): return .progress(p)
            case .transferEnded(_, let o): return .ended(o)
            default: return nil
            }
        }
    }

    static func hangUpAll(_ sim: inout Sim) {
        for i in 0..<sim.cores.count {
            for id in sim.cores[i].openSessions { sim.act(i) { $0.hangUp(id, now: $1) } }
        }
    }

    static func place(_ sim: inout Sim, _ from: Int, _ to: Int) throws -> SessionID {
        let id = sim.call(from, to)
        return try #require(id)
    }

    static func frag(_ status: Int, _ reason: String) -> SIPFragmentStatus { SIPFragmentStatus(status: status, reason: reason) }

    @Test func blindTransferReportsEachStepAndSucceeds() throws {
        var sim = try Sim(count: 3)
        sim.onEvent = Self.peers()
        var wire: [SIPMessage] = []
        sim.drop = { wire.append($0); return false }
        let id = try Self.place(&sim, 1, 0)
        sim.at(Self.ms(1000), 1) { $0.act(1) { $0.transfer(id, to: Sim.uri(2), now: $1) } }
        sim.at(Self.ms(5000), 0) { Self.hangUpAll(&$0) }
        sim.run()
        #expect(Self.reports(sim, 1) == [.progress(.accepted), .progress(.progress(Self.frag(100, "Trying"))),
                                         .progress(.progress(Self.frag(180, "Ringing"))), .ended(.succeeded(Self.frag(200, "OK")))])
        #expect(sim.states(1, id).last == .ended(.hungUpLocally))
        let refer = try #require(wire.first { $0.method == .refer })
        #expect(refer.headers.first(.referTo) == "<sip:ua2@10.0.0.3>")
        #expect(refer.headers.first(.referredBy) == "<sip:ua1@10.0.0.2>")
        #expect(refer.cseq?.number == 2)
        let invite = try #require(wire.first { $0.method == .invite && $0.requestURI?.text == "sip:ua2@10.0.0.3" })
        #expect(invite.headers.first(.referredBy) == "<sip:ua1@10.0.0.2>")
        #expect(invite.headers.first(.replaces) == nil)
        let notifies = wire.filter { $0.method == .notify }
        #expect(notifies.map(\.body.string) == ["SIP/2.0 100 Trying\r\n", "SIP/2.0 180 Ringing\r\n", "SIP/2.0 200 OK\r\n"])
        #expect(notifies.allSatisfy { $0.headers.first(.event) == "refer;id=2" })
        #expect(notifies.allSatisfy { $0.headers.first(.contentType) == "message/sipfrag;version=2.0" })
        #expect(notifies.map { $0.headers.first(.subscriptionState)?.string } == ["active;expires=120", "active;expires=120",
                                                                                  "terminated;reason=noresource"])
        #expect(sim.cores[0].transferringCall(of: SessionID(rawValue: 2)) == nil)  // the tie ends with the final NOTIFY
        InviteSessionTests.expectClean(sim)
    }

    @Test func aFailedTransferReportsTheTargetsAnswer() throws {
        var sim = try Sim(count: 3)
        sim.onEvent = Self.peers(Roles(targetRejects: .busyHere))
        let id = try Self.place(&sim, 1, 0)
        sim.at(Self.ms(1000), 1) { $0.act(1) { $0.transfer(id, to: Sim.uri(2), now: $1) } }
        sim.at(Self.ms(5000), 1) { Self.hangUpAll(&$0) }
        sim.run()
        #expect(Self.reports(sim, 1).last == .ended(.failed(Self.frag(486, "Busy Here"))))
        #expect(sim.states(1, id).last == .ended(.hungUpRemotely))  // the call went on until ua0 hung up
        InviteSessionTests.expectClean(sim)
    }

    @Test func refusedAndUnansweredREFERs() throws {
        for roles in [Roles(transfereeRefuses: true), Roles(transfereeIgnores: true)] {
            var sim = try Sim(count: 3)
            sim.onEvent = Self.peers(roles)
            let id = try Self.place(&sim, 1, 0)
            sim.at(Self.ms(1000), 1) { $0.act(1) { $0.transfer(id, to: Sim.uri(2), now: $1) } }
            sim.at(Self.ms(20_000), 1) { Self.hangUpAll(&$0) }
            sim.run()
            let reason = roles.transfereeIgnores ? "No Answer From Application" : "Decline"
            #expect(Self.reports(sim, 1) == [.ended(.refused(status: 603, reason: reason))])
            InviteSessionTests.expectClean(sim)
        }
    }

    @Test func aNotifyOvertakingThe202AcceptsTheTransferOnce() throws {
        var sim = try Sim(count: 3)
        sim.onEvent = Self.peers()
        var dropped = false
        sim.drop = { m in
            guard !dropped, m.status == .accepted else { return false }
            dropped = true
            return true
        }
        let id = try Self.place(&sim, 1, 0)
        sim.at(Self.ms(1000), 1) { $0.act(1) { $0.transfer(id, to: Sim.uri(2), now: $1) } }
        sim.at(Self.ms(5000), 0) { Self.hangUpAll(&$0) }
        sim.run()
        #expect(dropped)
        let reports = Self.reports(sim, 1)
        #expect(reports.filter { $0 == .progress(.accepted) }.count == 1)
        #expect(reports.last == .ended(.succeeded(Self.frag(200, "OK"))))
        InviteSessionTests.expectClean(sim)
    }

    @Test func noFinalNotifyWithinTheTransferTimeout() throws {
        var sim = try Sim(count: 3) { $0.transferTimeout = .seconds(10) }
        sim.onEvent = Self.peers(Roles(targetRingsForever: true))
        let id = try Self.place(&sim, 1, 0)
        sim.at(Self.ms(1000), 1) { $0.act(1) { $0.transfer(id, to: Sim.uri(2), now: $1) } }
        sim.at(Self.ms(30_000), 0) { Self.hangUpAll(&$0) }
        sim.run()
        #expect(Self.reports(sim, 1).last == .ended(.unreachable("no final NOTIFY")))
        // The target's ringing call was cancelled by the hang-up; its NOTIFY (487) found the
        // transferor's subscription gone, which ended only that subscription.
        InviteSessionTests.expectClean(sim)
    }

    @Test func attendedTransferReplacesTheConsultationCall() throws {
        var sim = try Sim(count: 3)
        sim.onEvent = Self.peers()
        var wire: [SIPMessage] = []
        sim.drop = { wire.append($0); return false }
        let toTransferee = try Self.place(&sim, 1, 0)
        let toTarget = try Self.place(&sim, 1, 2)
        var targetSide: SessionID?
        sim.at(Self.ms(2000), 1) { sim in
            targetSide = sim.cores[2].openSessions.first
            sim.act(1) { $0.transfer(toTransferee, replacing: toTarget, now: $1) }
        }
        sim.at(Self.ms(6000), 0) { sim in
            #expect(sim.cores[0].sessionCount == 1 && sim.cores[1].sessionCount == 0 && sim.cores[2].sessionCount == 1)
            Self.hangUpAll(&sim)
        }
        sim.run()
        let dialog = try #require(wire.first { $0.method == .invite && $0.cseq?.number == 1 && $0.requestURI?.text == "sip:ua2@10.0.0.3" })
        let answer = try #require(wire.first { $0.status == .ok && $0.callID == dialog.callID && $0.cseq?.method == .invite })
        let refer = try #require(wire.first { $0.method == .refer })
        let expected = "\(dialog.callID!.string)%3Bto-tag%3D\(answer.to!.tag!.string)%3Bfrom-tag%3D\(dialog.from!.tag!.string)"
        #expect(refer.headers.first(.referTo)?.string.hasSuffix("?Replaces=\(expected)>") == true)
        let replacing = try #require(wire.first { $0.method == .invite && $0.headers.first(.replaces) != nil })
        #expect(replacing.headers.first(.replaces)?.string == "\(dialog.callID!.string);to-tag=\(answer.to!.tag!.string);from-tag=\(dialog.from!.tag!.string)")
        #expect(replacing.requestURI?.sipURI?.headers == nil)
        #expect(sim.states(2, try #require(targetSide)).last == .ended(.replaced))
        #expect(sim.states(1, toTarget).last == .ended(.hungUpRemotely))
        #expect(Self.reports(sim, 1) .last == .ended(.succeeded(Self.frag(200, "OK"))))
        #expect(sim.states(1, toTransferee).last == .ended(.hungUpLocally))
        InviteSessionTests.expectClean(sim)
    }

    @Test func replacesThatMatchesNothingOrAnEstablishedCallWithEarlyOnly() throws {
        var sim = try Sim(count: 3)
        sim.onEvent = Self.peers()
        let first = try Self.place(&sim, 1, 0)
        var attempts: [SessionID] = []
        sim.at(Self.ms(1000), 2) { sim in
            let d = sim.cores[1].dialog(of: first)!
            // As ua0 sees it: its local tag is ua1's remote tag.
            let match = "\(d.id.callID.string);to-tag=\(d.id.remoteTag.string);from-tag=\(d.id.localTag.string)"
            for value in ["nothing@here;to-tag=a;from-tag=b", match + ";early-only", "\(d.id.callID.string);to-tag=x;from-tag=y"] {
                let (id, actions) = sim.cores[2].call(Sim.uri(0), body: "v=0\r\n",
                                                      extraHeaders: [SIPHeaderField(name: .replaces, value: ByteString(value))], now: sim.now)
                attempts.append(id!)
                sim.perform(actions, at: 2)
            }
        }
        sim.at(Self.ms(3000), 1) { Self.hangUpAll(&$0) }
        sim.run()
        #expect(attempts.map { sim.states(2, $0).last } == [.ended(.rejected(status: 481, reason: "Call/Transaction Does Not Exist")),
                                                           .ended(.rejected(status: 486, reason: "Busy Here")),
                                                           .ended(.rejected(status: 481, reason: "Call/Transaction Does Not Exist"))])
        #expect(sim.states(1, first).last == .ended(.hungUpRemotely))  // untouched until ua0 hung up
        InviteSessionTests.expectClean(sim)
    }

    @Test func malformedReferAndNotifyRequestsAreRefused() throws {
        var sim = try Sim(count: 2)
        sim.onEvent = InviteSessionTests.callee()
        let id = try InviteSessionTests.place(&sim)
        var statuses: [Int] = []
        sim.at(Self.ms(1000), 0) { sim in
            let d = sim.cores[1].dialog(of: InviteSessionTests.incomingSession(sim)!)!
            func request(_ method: String, _ cseq: Int, _ extra: String, body: String = "") -> SIPMessage {
                try! SIPMessage(parsing: Array("""
                    \(method) sip:ua1@10.0.0.2 SIP/2.0\r
                    Via: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK-\(method)\(cseq)\r
                    Max-Forwards: 70\r
                    From: <sip:ua0@10.0.0.1>;tag=\(d.id.remoteTag.string)\r
                    To: <sip:ua1@10.0.0.2>;tag=\(d.id.localTag.string)\r
                    Call-ID: \(d.id.callID.string)\r
                    CSeq: \(cseq) \(method)\r
                    \(extra)Content-Length: \(body.utf8.count)\r
                    \r
                    \(body)
                    """.utf8))
            }
            let probes = [
                request("REFER", 10, ""),                                                     // no Refer-To: 400
                request("REFER", 11, "Refer-To: <sip:a@b>\r\nRefer-To: <sip:c@d>\r\n"),         // two: 400
                request("NOTIFY", 12, "Event: presence\r\nSubscription-State: active\r\n"),    // 489
                request("NOTIFY", 13, "Event: refer\r\n"),                                       // no Subscription-State: 400
                request("NOTIFY", 14, "Event: refer;id=99\r\nSubscription-State: active\r\n"), // no such transfer: 481
            ]
            for (n, probe) in probes.enumerated() {
                let actions = sim.cores[1].receiveRequest(probe, transaction: TransactionID(rawValue: 900 + UInt64(n)), now: sim.now)
                statuses += UserAgentRefusalTests.responses(actions).compactMap { $0.status?.rawValue }
            }
            // ua0's own CSeq is now below the probes', so ua1 hangs up.
            let callee = InviteSessionTests.incomingSession(sim)!
            sim.act(1) { $0.hangUp(callee, now: $1) }
        }
        sim.run()
        #expect(statuses == [400, 400, 489, 400, 481])
        #expect(sim.states(0, id).last == .ended(.hungUpRemotely))
        InviteSessionTests.expectClean(sim)
    }

    @Test func sipfragStatusLines() {
        #expect(SIPFragmentStatus(body: "SIP/2.0 180 Ringing\r\nContact: <sip:x@y>\r\n") == Self.frag(180, "Ringing"))
        #expect(SIPFragmentStatus(body: "SIP/2.0 200 OK") == Self.frag(200, "OK"))
        #expect(SIPFragmentStatus(body: "SIP/2.0 603") == Self.frag(603, ""))
        for bad in ["", "INVITE sip:a@b SIP/2.0\r\n", "SIP/2.0 99 Low\r\n", "SIP/2.0 1000 Big\r\n", "HTTP/1.1 200 OK\r\n"] {
            #expect(SIPFragmentStatus(body: ByteString(bad)) == nil)
        }
    }
}
