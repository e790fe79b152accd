import SIPMessage
import SIPTransaction
import StackCore
import Testing

@Suite struct NonInviteClientTransactionTests {
    func driver(reliable: Bool) throws -> TransactionDriver<NonInviteClientTransaction, ClientTransactionEvent> {
        let t = try #require(NonInviteClientTransaction(request: Messages.options(), configuration: TransactionConfiguration(reliable: reliable)))
        return TransactionDriver(transaction: t) { $0.handle($1, now: $2) }
    }

    /// RFC 3261 §17.1.2.2 over UDP, no answer: timer E doubles from T1 up to T2 (4 s), so the request
    /// goes out at 0, 0.5, 1.5, 3.5, 7.5, then every 4 s; timer F ends it at 32 s.
    @Test func unansweredOverUDP() throws {
        var d = try driver(reliable: false)
        d.feed(.started)
        d.run(until: .seconds(100))
        #expect(d.sendTimes(of: .options) == [0, 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5])
        #expect(d.times { $0 == .reportTimeout } == [32])
        #expect(d.transaction.state == .terminated)
    }

    @Test func unansweredOverTCP() throws {
        var d = try driver(reliable: true)
        d.feed(.started)
        d.run(until: .seconds(100))
        #expect(d.sendTimes(of: .options) == [0])
        #expect(d.times { $0 == .reportTimeout } == [32])
    }

    /// After a 1xx, timer E keeps its schedule and then fires every T2.
    @Test func provisionalSlowsRetransmissionToT2() throws {
        var d = try driver(reliable: false)
        let options = try Messages.options()
        d.feed(.started)
        d.run(until: .seconds(0.6))
        d.feed(.responseReceived(Messages.response(100, to: options)))
        #expect(d.transaction.state == .proceeding)
        d.run(until: .seconds(100))
        #expect(d.sendTimes(of: .options) == [0, 0.5, 1.5, 5.5, 9.5, 13.5, 17.5, 21.5, 25.5, 29.5])
        #expect(d.times { $0 == .reportTimeout } == [32])
    }

    /// A final response is passed up once; retransmissions are absorbed; timer K = T4 (5 s) over UDP.
    @Test func finalResponseAndTimerK() throws {
        var d = try driver(reliable: false)
        let ok = Messages.response(200, to: try Messages.options())
        d.feed(.started)
        d.run(until: .seconds(0.7))
        d.feed(.responseReceived(ok))
        #expect(d.transaction.state == .completed)
        d.now = .seconds(1)
        d.feed(.responseReceived(ok))
        d.run(until: .seconds(100))
        #expect(d.times { if case .deliver = $0 { return true } else { return false } } == [0.7])
        #expect(d.sendTimes(of: .options) == [0, 0.5])
        #expect(d.times { $0 == .terminate } == [5.7])
    }

    @Test func timerKIsZeroOverTCP() throws {
        var d = try driver(reliable: true)
        d.feed(.started)
        d.feed(.responseReceived(Messages.response(404, to: try Messages.options())))
        #expect(d.transaction.state == .terminated && d.terminated)
    }

    @Test func transportError() throws {
        var d = try driver(reliable: false)
        d.feed(.started)
        d.now = .seconds(0.1)
        d.feed(.transportFailed)
        #expect(d.log.contains { $0.1 == .reportTransportError } && d.transaction.state == .terminated)
    }

    @Test func notForInviteOrAck() throws {
        let invite = try Messages.invite()
        #expect(NonInviteClientTransaction(request: invite, configuration: TransactionConfiguration(reliable: false)) == nil)
        let ack = try #require(invite.acknowledgement(for: Messages.response(486, to: invite)))
        #expect(NonInviteClientTransaction(request: ack, configuration: TransactionConfiguration(reliable: false)) == nil)
    }
}
