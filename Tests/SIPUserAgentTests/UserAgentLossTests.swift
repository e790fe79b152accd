import SIPMessage
import SIPTransaction
import SIPUserAgent
import StackCore
import StackTesting
import Testing

/// Many calls between two user agents over a lossy simulated network, some of them held and
/// resumed by re-INVITE: every call ends on both sides, and nothing (sessions, transactions,
/// timers) is left behind.
@Suite struct UserAgentLossTests {
    /// What a call does, chosen by its number.
    enum Plan: Int, CaseIterable { case callerHangsUp, calleeHangsUp, rejected, cancelled, raced, held }

    @Test(arguments: [(0.0, UInt64(1)), (0.2, UInt64(2)), (0.2, UInt64(3))])
    func callsSurviveLoss(loss: Double, seed: UInt64) throws {
        var conditions = SimulatedNetwork<Int, [UInt8]>.Conditions()
        conditions.loss = loss
        conditions.minimumDelay = .milliseconds(5)
        conditions.maximumDelay = .milliseconds(40)
        var sim = try UserAgentSimulation(count: 2, conditions: conditions, seed: seed)
        let calls = 300
        sim.onEvent = { sim, i, event in
            if case .modificationRequested(let id, let request) = event {
                let answer = ByteString("answer to " + request.body.string)
                sim.act(i) { $0.acceptModification(id, body: answer, now: $1) }
                return
            }
            guard case .incomingCall(let id, let invite) = event,
                  let subject = invite.headers.first(.subject)?.string, let k = Int(subject.dropFirst(5)) else { return }
            let plan = Plan(rawValue: k % Plan.allCases.count)!
            sim.act(i) { $0.ring(id, now: $1) }
            switch plan {
            case .rejected:
                sim.at(sim.now + .milliseconds(200), i) { $0.act(i) { $0.reject(id, status: .busyHere, now: $1) } }
            case .cancelled:
                break  // the caller cancels; answering is left to the 10 s below, after the CANCEL
            default:
                sim.at(sim.now + .milliseconds(200), i) { $0.act(i) { $0.answer(id, body: "v=0\r\n", now: $1) } }
            }
            if plan == .calleeHangsUp {
                sim.at(sim.now + .seconds(3), i) { $0.act(i) { $0.hangUp(id, now: $1) } }
            }
            if plan == .cancelled {
                sim.at(sim.now + .seconds(10), i) { $0.act(i) { $0.answer(id, body: "v=0\r\n", now: $1) } }
            }
        }
        var placed: [(caller: Int, id: SessionID, plan: Plan)] = []
        for k in 0..<calls {
            let caller = k % 2, callee = 1 - caller
            let plan = Plan(rawValue: k % Plan.allCases.count)!
            sim.at(.zero + .milliseconds(Int64(k) * 50), caller) { sim in
                let target = UserAgentSimulation.uri(callee)
                sim.act(caller) { core, now in
                    let (id, actions) = core.call(target, body: "v=0\r\n",
                                                  extraHeaders: [SIPHeaderField(name: .subject, value: ByteString("plan-\(k)"))], now: now)
                    if let id { placed.append((caller, id, plan)) }
                    return actions
                }
            }
        }
        // The callers' hang-ups: after the answer, or, for cancelled and raced calls, while ringing
        // (raced: 1 ms after the callee's answer, so the 200 and the CANCEL cross).
        sim.onEvent = { [hook = sim.onEvent] sim, i, event in
            hook(&sim, i, event)
            guard case .callStateChanged(let id, let state, _) = event,
                  let call = placed.first(where: { $0.caller == i && $0.id == id }) else { return }
            switch (call.plan, state) {
            case (.calleeHangsUp, _):
                break
            case (.held, .confirmed):
                // Hold and resume by re-INVITE (§14), then hang up.
                sim.at(sim.now + .milliseconds(300), i) { $0.act(i) { $0.modify(id, body: "hold\r\n", now: $1) } }
                sim.at(sim.now + .milliseconds(1300), i) { $0.act(i) { $0.modify(id, body: "resume\r\n", now: $1) } }
                sim.at(sim.now + .seconds(3), i) { $0.act(i) { $0.hangUp(id, now: $1) } }
            case (_, .confirmed):
                // Also the cancelled and raced calls whose 180 was lost, so that they were answered.
                sim.at(sim.now + .seconds(2), i) { $0.act(i) { $0.hangUp(id, now: $1) } }
            case (.cancelled, .early):
                sim.at(sim.now + .milliseconds(100), i) { $0.act(i) { $0.hangUp(id, now: $1) } }
            case (.raced, .early):
                sim.at(sim.now + .milliseconds(200), i) { $0.act(i) { $0.hangUp(id, now: $1) } }
            default:
                break
            }
        }
        sim.run()
        #expect(placed.count == calls)
        var endings: [String: Int] = [:]
        for call in placed {
            let states = sim.states(call.caller, call.id)
            guard case .ended(let end) = states.last else {
                Issue.record("call \(call.id) (\(call.plan)) did not end for the caller: \(states)")
                continue
            }
            endings["\(call.plan): \(end)", default: 0] += 1
        }
        // Every incoming call ended too.
        for i in 0..<2 {
            for case .incomingCall(let id, _) in sim.events[i] {
                #expect(sim.states(i, id).last?.isEnded == true, "callee \(i) call \(id): \(sim.states(i, id))")
            }
        }
        if loss == 0 {
            // Without loss each plan ends one way.
            let each = calls / Plan.allCases.count
            #expect(endings["callerHangsUp: hung up"] == each)
            #expect(endings["calleeHangsUp: the peer hung up"] == each)
            #expect(endings["rejected: refused with 486 Busy Here"] == each)
            #expect(endings["cancelled: cancelled"] == each)
            #expect(endings["held: hung up"] == each)
            // Both changes of every held call were accepted.
            let accepted = (0..<2).map { i in
                sim.events[i].filter { if case .modificationEnded(_, .accepted, _) = $0 { return true } else { return false } }.count
            }
            #expect(accepted.reduce(0, +) == 2 * each)
        }
        InviteSessionTests.expectClean(sim)
        #expect(sim.network.lost > 0 || loss == 0)
    }
}
