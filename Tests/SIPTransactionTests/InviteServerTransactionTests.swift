import SIPMessage
import SIPTransaction
import StackCore
import Testing

@Suite struct InviteServerTransactionTests {
    func driver(reliable: Bool) throws -> TransactionDriver<InviteServerTransaction, ServerTransactionEvent> {
        let t = try #require(InviteServerTransaction(request: Messages.invite(), configuration: TransactionConfiguration(reliable: reliable)))
        return TransactionDriver(transaction: t) { $0.handle($1, now: $2) }
    }

    /// §17.2.1: a silent TU gets 100 Trying sent for it at 200 ms; a retransmitted INVITE is answered
    /// with the latest provisional response (the 100, then the TU's 180).
    @Test func tryingAfter200msAndRetransmissionsAnswered() throws {
        var d = try driver(reliable: false)
        let invite = try Messages.invite()
        d.feed(.started)
        #expect(d.delivered() == [invite])
        d.run(until: .seconds(0.5))
        d.feed(.requestReceived(invite))
        d.now = .seconds(1)
        d.feed(.responded(Messages.response(180, to: invite)))
        d.now = .seconds(1.5)
        d.feed(.requestReceived(invite))
        #expect(d.sendTimes(status: 100) == [0.2, 0.5])
        #expect(d.sendTimes(status: 180) == [1, 1.5])
        #expect(d.delivered().count == 1 && d.transaction.state == .proceeding)
        let sent = d.log.compactMap { if case .send(let m) = $0.1 { return m } else { return nil } }
        let t = try #require(sent.first)
        #expect(t.status == .trying && t.to?.tag == nil && t.cseq == invite.cseq && t.via == invite.via)
    }

    @Test func noTryingWhenTheUserAnswersInTime() throws {
        var d = try driver(reliable: false)
        let invite = try Messages.invite()
        d.feed(.started)
        d.now = .seconds(0.1)
        d.feed(.responded(Messages.response(180, to: invite)))
        d.run(until: .seconds(10))
        #expect(d.sendTimes(status: 100).isEmpty && d.sendTimes(status: 180) == [0.1])
    }

    /// A 486 over UDP with no ACK is retransmitted on timer G (T1 doubling up to T2) until timer H at
    /// 64·T1 reports the timeout.
    @Test func unacknowledgedFailureOverUDP() throws {
        var d = try driver(reliable: false)
        d.feed(.started)
        d.feed(.responded(Messages.response(486, to: try Messages.invite())))
        #expect(d.transaction.state == .completed)
        d.run(until: .seconds(100))
        #expect(d.sendTimes(status: 486) == [0, 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5])
        #expect(d.times { $0 == .reportTimeout } == [32])
        #expect(d.transaction.state == .terminated && d.terminated)
    }

    /// The ACK moves Completed to Confirmed; ACK copies are absorbed (not passed up); timer I = T4.
    @Test func acknowledgedFailureOverUDP() throws {
        var d = try driver(reliable: false)
        let invite = try Messages.invite()
        let busy = Messages.response(486, to: invite)
        let ack = try #require(invite.acknowledgement(for: busy))
        d.feed(.started)
        d.now = .seconds(0.1)
        d.feed(.responded(busy))
        d.run(until: .seconds(2))
        d.feed(.requestReceived(invite))
        d.feed(.requestReceived(ack))
        #expect(d.transaction.state == .confirmed)
        d.now = .seconds(3)
        d.feed(.requestReceived(ack))
        d.feed(.requestReceived(invite))
        d.run(until: .seconds(100))
        #expect(d.sendTimes(status: 486) == [0.1, 0.6, 1.6, 2])
        #expect(d.delivered().map(\.method) == [.invite])
        #expect(d.times { $0 == .terminate } == [7])
        #expect(d.times { $0 == .reportTimeout }.isEmpty)
    }

    @Test func failureOverTCP() throws {
        var d = try driver(reliable: true)
        let invite = try Messages.invite()
        let busy = Messages.response(486, to: invite)
        d.feed(.started)
        d.feed(.responded(busy))
        d.now = .seconds(1)
        d.feed(.requestReceived(try #require(invite.acknowledgement(for: busy))))
        #expect(d.sendTimes(status: 486) == [0] && d.times { $0 == .terminate } == [1])

        var silent = try driver(reliable: true)
        silent.feed(.started)
        silent.feed(.responded(busy))
        silent.run(until: .seconds(100))
        #expect(silent.sendTimes(status: 486) == [0] && silent.times { $0 == .reportTimeout } == [32])
    }

    /// RFC 6026 §7.1: a 2xx moves to Accepted for 64·T1; the TU's 2xx retransmissions go out, INVITE
    /// copies are absorbed, ACKs go to the TU, and a transport error is reported without ending it.
    @Test func successGoesToAccepted() throws {
        var d = try driver(reliable: false)
        let invite = try Messages.invite()
        let ok = Messages.response(200, to: invite)
        d.feed(.started)
        d.now = .seconds(0.05)
        d.feed(.responded(ok))
        #expect(d.transaction.state == .accepted)
        d.now = .seconds(0.55)
        d.feed(.responded(ok))
        d.feed(.requestReceived(invite))
        d.feed(.responded(Messages.response(500, to: invite)))
        d.feed(.transportFailed)
        var ack = invite
        ack.startLine = .request(try #require(invite.requestLine).replacingMethod(.ack))
        d.now = .seconds(1)
        d.feed(.requestReceived(ack))
        d.run(until: .seconds(100))
        #expect(d.sendTimes(status: 200) == [0.05, 0.55] && d.sendTimes(status: 500).isEmpty)
        #expect(d.sendTimes(status: 100).isEmpty)
        #expect(d.delivered().map(\.method) == [.invite, .ack])
        #expect(d.times { $0 == .reportTransportError } == [0.55])
        #expect(d.times { $0 == .terminate } == [32.05])
    }

    @Test func transportErrorInProceedingEndsIt() throws {
        var d = try driver(reliable: false)
        d.feed(.started)
        d.feed(.responded(Messages.response(180, to: try Messages.invite())))
        d.feed(.transportFailed)
        d.run(until: .seconds(100))
        #expect(d.transaction.state == .terminated && d.log.contains { $0.1 == .reportTransportError })
        #expect(d.sendTimes(status: 100).isEmpty)
    }

    @Test func onlyForInvites() throws {
        #expect(InviteServerTransaction(request: try Messages.options(), configuration: TransactionConfiguration(reliable: false)) == nil)
    }
}
