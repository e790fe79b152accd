import SIPMessage
import SIPTransaction
import StackCore
import Testing

@Suite struct NonInviteServerTransactionTests {
    func driver(reliable: Bool) throws -> TransactionDriver<NonInviteServerTransaction, ServerTransactionEvent> {
        let t = try #require(NonInviteServerTransaction(request: Messages.options(), configuration: TransactionConfiguration(reliable: reliable)))
        return TransactionDriver(transaction: t) { $0.handle($1, now: $2) }
    }

    /// §17.2.2 over UDP: retransmissions in Trying are discarded; after the final response each one is
    /// answered again; later finals from the TU are dropped; timer J (64·T1) ends it.
    @Test func finalResponseOverUDP() throws {
        var d = try driver(reliable: false)
        let options = try Messages.options()
        d.feed(.started)
        d.now = .seconds(0.5)
        d.feed(.requestReceived(options))
        d.now = .seconds(1)
        d.feed(.responded(Messages.response(200, to: options)))
        #expect(d.transaction.state == .completed)
        d.now = .seconds(1.5)
        d.feed(.requestReceived(options))
        d.feed(.responded(Messages.response(500, to: options)))
        d.run(until: .seconds(100))
        #expect(d.sendTimes(status: 200) == [1, 1.5] && d.sendTimes(status: 500).isEmpty)
        #expect(d.delivered() == [options])
        #expect(d.times { $0 == .terminate } == [33])
    }

    @Test func provisionalThenFinal() throws {
        var d = try driver(reliable: false)
        let options = try Messages.options()
        d.feed(.started)
        d.feed(.responded(Messages.response(100, to: options)))
        #expect(d.transaction.state == .proceeding)
        d.now = .seconds(0.5)
        d.feed(.requestReceived(options))
        d.now = .seconds(2)
        d.feed(.responded(Messages.response(180, to: options)))
        d.feed(.responded(Messages.response(404, to: options)))
        d.now = .seconds(3)
        d.feed(.requestReceived(options))
        #expect(d.sendTimes(status: 100) == [0, 0.5] && d.sendTimes(status: 180) == [2])
        #expect(d.sendTimes(status: 404) == [2, 3])
    }

    @Test func reliableTerminatesWithTheFinalResponse() throws {
        var d = try driver(reliable: true)
        d.feed(.started)
        d.now = .seconds(1)
        d.feed(.responded(Messages.response(200, to: try Messages.options())))
        #expect(d.transaction.state == .terminated && d.times { $0 == .terminate } == [1])
    }

    @Test func transportError() throws {
        var d = try driver(reliable: false)
        d.feed(.started)
        d.feed(.responded(Messages.response(200, to: try Messages.options())))
        d.feed(.transportFailed)
        #expect(d.transaction.state == .terminated && d.log.contains { $0.1 == .reportTransportError })
    }

    @Test func notForInviteOrAck() throws {
        let invite = try Messages.invite()
        #expect(NonInviteServerTransaction(request: invite, configuration: TransactionConfiguration(reliable: false)) == nil)
        let ack = try #require(invite.acknowledgement(for: Messages.response(486, to: invite)))
        #expect(NonInviteServerTransaction(request: ack, configuration: TransactionConfiguration(reliable: false)) == nil)
    }
}
