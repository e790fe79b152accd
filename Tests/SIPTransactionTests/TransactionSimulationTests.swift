import SIPMessage
import SIPTransaction
import StackCore
import StackTesting
import Testing

/// 1000 transactions of each kind between two transaction layers over a seeded lossy network
/// (issue 3): every transaction ends correctly and no state is left behind.
@Suite struct TransactionSimulationTests {
    static let lossy = SimulatedNetwork<Int, [UInt8]>.Conditions(
        loss: 0.3, duplication: 0.05, minimumDelay: .milliseconds(5), maximumDelay: .milliseconds(80))

    /// Checks the outcome of every call and that nothing leaked; returns the number of timeouts.
    func verify(_ sim: TransactionSimulation, calls: Int) -> Int {
        var timeouts = 0
        for call in 0..<calls {
            let outcome = sim.outcomes[call] ?? []
            if outcome == [0] {
                // A timeout is correct only when no final response to this call ever got through.
                timeouts += 1
                #expect(sim.finalArrivals[call, default: 0] == 0, "call \(call) timed out although a final response arrived")
            } else {
                #expect(outcome == [sim.expectedStatus(call)], "call \(call): \(outcome)")
            }
            // The server TU sees each request once, however many copies arrive.
            #expect(sim.delivered[call, default: 0] == min(1, sim.requestArrivals[call, default: 0]), "call \(call)")
            if sim.kind == .invite, sim.expectedStatus(call) == 200, sim.delivered[call] == 1 {
                // A 2xx left unacknowledged is correct only when no ACK arrived.
                #expect(sim.acked.contains(call) || sim.ackArrivals[call, default: 0] == 0, "call \(call) ACK lost in the stack")
                #expect(sim.acked.contains(call) != sim.unacked.contains(call), "call \(call)")
            }
        }
        for side in [TransactionSimulation.client, TransactionSimulation.server] {
            let layer = sim.layers[side]
            #expect(layer.count == 0, "side \(side) leaked \(layer.count) transactions")
            #expect(layer.statistics.created == layer.statistics.terminated)
        }
        #expect(sim.isQuiet && sim.armedTimers == 0)
        return timeouts
    }

    @Test(arguments: [TransactionSimulation.Kind.nonInvite, .invite])
    func thousandOverLossyUDP(kind: TransactionSimulation.Kind) throws {
        var sim = TransactionSimulation(kind: kind, calls: 1000, reliable: false, conditions: Self.lossy, seed: 2026)
        try sim.run()
        let timeouts = verify(sim, calls: 1000)
        // At 30% loss a handful of transactions may lose every copy; far more would mean a bug.
        #expect(timeouts <= 5)
        #expect(Double(sim.network.lost) / Double(sim.network.sent) > 0.25)
        #expect(sim.layers[TransactionSimulation.server].statistics.retransmissionsAbsorbed > 300)
        if kind == .invite { #expect(sim.tryingArrivals > 500) }
    }

    /// Over a reliable transport nothing is retransmitted by the transactions and all complete.
    @Test(arguments: [TransactionSimulation.Kind.nonInvite, .invite])
    func thousandOverReliable(kind: TransactionSimulation.Kind) throws {
        let conditions = SimulatedNetwork<Int, [UInt8]>.Conditions(loss: 0, duplication: 0, minimumDelay: .milliseconds(5), maximumDelay: .milliseconds(5))
        var sim = TransactionSimulation(kind: kind, calls: 1000, reliable: true, conditions: conditions, seed: 7)
        try sim.run()
        #expect(verify(sim, calls: 1000) == 0)
        #expect(sim.layers[TransactionSimulation.server].statistics.retransmissionsAbsorbed == (kind == .invite ? 1000 / 2 : 0))
    }
}
