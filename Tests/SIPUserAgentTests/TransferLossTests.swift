import SIPMessage
import SIPTransaction
import SIPUserAgent
import StackCore
import StackTesting
import Testing

/// Call, hold, transfer and hang-up sequences between three user agents over a lossy simulated
/// network: ua1 calls ua0, holds it by re-INVITE, transfers it to ua2 (REFER, NOTIFYs, a new
/// INVITE with Referred-By) and hangs up when the transfer ends; ua0 and ua2 hang up 2 s after
/// their call is answered. Every call ends on every side and nothing is left behind.
@Suite struct TransferLossTests {
    @Test(arguments: [(0.0, 200, UInt64(1)), (0.2, 1000, UInt64(2))])
    func transfersSurviveLoss(loss: Double, sequences: Int, seed: UInt64) throws {
        var conditions = SimulatedNetwork<Int, [UInt8]>.Conditions()
        conditions.loss = loss
        conditions.minimumDelay = .milliseconds(5)
        conditions.maximumDelay = .milliseconds(40)
        var sim = try UserAgentSimulation(count: 3, conditions: conditions, seed: seed)
        var placed: [SessionID] = []
        var transferred: Set<SessionID> = []
        var outcomes: [String: Int] = [:]
        sim.onEvent = { sim, i, event in
            switch (i, event) {
            case (_, .incomingCall(let id, _)):
                sim.act(i) { $0.ring(id, now: $1) }
                sim.at(sim.now + .milliseconds(200), i) { $0.act(i) { $0.answer(id, body: "v=0\r\n", now: $1) } }
            case (_, .modificationRequested(let id, let request)):
                let answer = ByteString("answer to " + request.body.string)
                sim.act(i) { $0.acceptModification(id, body: answer, now: $1) }
            case (1, .callStateChanged(let id, .confirmed, _)):
                sim.at(sim.now + .milliseconds(300), 1) { $0.act(1) { $0.modify(id, body: "hold\r\n", now: $1) } }
            case (1, .modificationEnded(let id, _, _)):
                sim.act(1) { $0.transfer(id, to: UserAgentSimulation.uri(2), now: $1) }
            case (1, .transferEnded(let id, let outcome)):
                outcomes["\(outcome)", default: 0] += 1
                sim.act(1) { $0.hangUp(id, now: $1) }
            case (0, .transferRequested(let id, _, _)):
                sim.act(0) { core, now in
                    let (new, actions) = core.acceptTransfer(id, body: "v=0\r\n", now: now)
                    if let new { transferred.insert(new) }
                    return actions
                }
            case (0, .callStateChanged(let id, .confirmed, _)) where transferred.contains(id):
                sim.at(sim.now + .seconds(2), 0) { $0.act(0) { $0.hangUp(id, now: $1) } }
            default:
                break
            }
        }
        for k in 0..<sequences {
            sim.at(.zero + .milliseconds(Int64(k) * 40), 1) { sim in
                sim.act(1) { core, now in
                    let (id, actions) = core.call(UserAgentSimulation.uri(0), body: "v=0\r\n", now: now)
                    if let id { placed.append(id) }
                    return actions
                }
            }
        }
        sim.run(until: .zero + .seconds(7200))
        #expect(placed.count == sequences)
        for i in 0..<3 {
            for case .incomingCall(let id, _) in sim.events[i] {
                #expect(sim.states(i, id).last?.isEnded == true, "ua\(i) \(id): \(sim.states(i, id))")
            }
        }
        for id in placed { #expect(sim.states(1, id).last?.isEnded == true, "ua1 \(id): \(sim.states(1, id))") }
        for id in transferred { #expect(sim.states(0, id).last?.isEnded == true, "ua0 \(id): \(sim.states(0, id))") }
        let succeeded = outcomes["succeeded(200 OK)"] ?? 0
        if loss == 0 {
            #expect(outcomes == ["succeeded(200 OK)": sequences])
            #expect(transferred.count == sequences)
        } else {
            // Most transfers still succeed; the rest end with a typed outcome, never silently.
            #expect(succeeded > sequences * 3 / 4, "\(outcomes)")
            #expect(outcomes.values.reduce(0, +) <= sequences)
            #expect(sim.network.lost > 0)
        }
        InviteSessionTests.expectClean(sim)
    }
}
