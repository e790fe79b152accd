import SIPMessage
import SIPTransaction
import StackCore
import Testing

@Suite struct InviteClientTransactionTests {
    func driver(reliable: Bool) throws -> TransactionDriver<InviteClientTransaction, ClientTransactionEvent> {
        let t = try #require(InviteClientTransaction(request: Messages.invite(), configuration: TransactionConfiguration(reliable: reliable)))
        return TransactionDriver(transaction: t) { $0.handle($1, now: $2) }
    }

    /// RFC 3261 §17.1.1.2 over UDP with T1 = 500 ms and no answer: the INVITE goes out at 0, 0.5, 1.5,
    /// 3.5, 7.5, 15.5 and 31.5 s, and timer B ends the transaction at 32 s.
    @Test func unansweredOverUDP() throws {
        var d = try driver(reliable: false)
        d.feed(.started)
        d.run(until: .seconds(100))
        #expect(d.sendTimes(of: .invite) == [0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5])
        #expect(d.times { $0 == .reportTimeout } == [32])
        #expect(d.transaction.state == .terminated && d.terminated)
    }

    @Test func unansweredOverTCPSendsOnce() throws {
        var d = try driver(reliable: true)
        d.feed(.started)
        d.run(until: .seconds(100))
        #expect(d.sendTimes(of: .invite) == [0])
        #expect(d.times { $0 == .reportTimeout } == [32])
    }

    @Test func provisionalStopsRetransmissionsAndTimerB() throws {
        var d = try driver(reliable: false)
        let invite = try Messages.invite()
        d.feed(.started)
        d.run(until: .seconds(1))
        d.feed(.responseReceived(Messages.response(180, to: invite)))
        #expect(d.transaction.state == .proceeding)
        d.run(until: .seconds(300))
        #expect(d.sendTimes(of: .invite) == [0, 0.5])
        #expect(!d.terminated && d.times { $0 == .reportTimeout }.isEmpty)
        #expect(d.log.contains { if case .deliver(let r) = $0.1 { return r.status == .ringing } else { return false } })
    }

    /// A 486 gets an ACK built per §17.1.1.3; a retransmitted 486 is ACKed again and not passed up;
    /// timer D (32 s over UDP) ends the transaction.
    @Test func failureIsAcknowledgedAndAbsorbed() throws {
        var d = try driver(reliable: false)
        let invite = try Messages.invite()
        let busy = Messages.response(486, to: invite)
        d.feed(.started)
        d.feed(.responseReceived(busy))
        #expect(d.transaction.state == .completed)
        d.now = .seconds(2)
        d.feed(.responseReceived(busy))
        d.run(until: .seconds(100))
        #expect(d.sendTimes(of: .ack) == [0, 2])
        #expect(d.times { if case .deliver = $0 { return true } else { return false } } == [0])
        #expect(d.times { $0 == .terminate } == [32])

        guard case .send(let ack)? = d.log.first(where: { if case .send(let m) = $0.1 { return m.method == .ack } else { return false } })?.1 else {
            Issue.record("no ACK"); return
        }
        #expect(ack.requestLine?.uriText == invite.requestLine?.uriText)
        #expect(ack.via.count == 1 && ack.topVia?.branch == "z9hG4bKinv1")
        #expect(ack.cseq == SIPCSeq(number: 7, method: .ack))
        #expect(ack.to?.tag == "b1" && ack.from == invite.from && ack.callID == invite.callID)
        #expect(ack.headers.first(.route) == "<sip:p1.example.com;lr>")
    }

    @Test func failureOverTCPTerminatesAtOnce() throws {
        var d = try driver(reliable: true)
        d.feed(.started)
        d.feed(.responseReceived(Messages.response(603, to: try Messages.invite())))
        #expect(d.transaction.state == .terminated && d.sendTimes(of: .ack) == [0])
    }

    /// RFC 6026 §7.2: a 2xx moves to Accepted; retransmitted 2xx go to the TU (which ACKs them);
    /// timer M (64·T1) ends the transaction. The transaction itself never ACKs a 2xx.
    @Test func successGoesToAccepted() throws {
        var d = try driver(reliable: false)
        let ok = Messages.response(200, to: try Messages.invite())
        d.feed(.started)
        d.now = .seconds(0.2)
        d.feed(.responseReceived(ok))
        #expect(d.transaction.state == .accepted)
        d.now = .seconds(1)
        d.feed(.responseReceived(ok))
        d.run(until: .seconds(100))
        #expect(d.sendTimes(of: .ack).isEmpty && d.sendTimes(of: .invite) == [0])
        #expect(d.times { if case .deliver = $0 { return true } else { return false } } == [0.2, 1])
        #expect(d.times { $0 == .terminate } == [32.2])
    }

    @Test func transportErrorEndsTheTransaction() throws {
        var d = try driver(reliable: false)
        d.feed(.started)
        d.feed(.transportFailed)
        #expect(d.transaction.state == .terminated && d.log.contains { $0.1 == .reportTransportError })
    }

    @Test func onlyForInvites() throws {
        #expect(InviteClientTransaction(request: try Messages.options(), configuration: TransactionConfiguration(reliable: false)) == nil)
    }

    @Test func configurableT1() throws {
        var config = TransactionConfiguration(reliable: false)
        config.t1 = .milliseconds(100)
        let t = try #require(InviteClientTransaction(request: Messages.invite(), configuration: config))
        var d = TransactionDriver(transaction: t) { $0.handle($1, now: $2) }
        d.feed(.started)
        d.run(until: .seconds(100))
        #expect(d.sendTimes(of: .invite) == [0, 0.1, 0.3, 0.7, 1.5, 3.1, 6.3])
        #expect(d.times { $0 == .reportTimeout } == [6.4])
    }
}
