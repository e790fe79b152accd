import EventLoopPOSIX
import StackCore
import StackTesting
import Testing

@Suite struct TimerQueueTests {
    @Test func dueTimersComeOutInDeadlineThenSchedulingOrder() {
        var q = TimerQueue<String>()
        _ = q.schedule(at: Instant(nanoseconds: 30), "c")
        _ = q.schedule(at: Instant(nanoseconds: 10), "a1")
        let cancelled = q.schedule(at: Instant(nanoseconds: 20), "x")
        _ = q.schedule(at: Instant(nanoseconds: 10), "a2")
        #expect(q.cancel(cancelled) == "x" && q.cancel(cancelled) == nil)
        #expect(q.nextDeadline() == Instant(nanoseconds: 10) && q.count == 3)
        var fired: [String] = []
        while let p = q.popDue(now: Instant(nanoseconds: 25)) { fired.append(p) }
        #expect(fired == ["a1", "a2"] && q.nextDeadline() == Instant(nanoseconds: 30))
        #expect(q.popDue(now: Instant(nanoseconds: 29)) == nil)
    }

    /// Many cancellations (retransmission timers) do not grow the heap without bound, and the
    /// survivors still fire in order.
    @Test func cancellationsDoNotAccumulate() {
        var q = TimerQueue<Int>()
        var random = SeededRandom(seed: 3)
        var kept: [(Instant, Int)] = []
        for i in 0..<20_000 {
            let at = Instant(nanoseconds: Int64(random.integer(in: 0...1_000_000)))
            let h = q.schedule(at: at, i)
            if i % 100 == 0 { kept.append((at, i)) } else { q.cancel(h) }
        }
        #expect(q.count == kept.count)
        var fired: [Int] = []
        while let p = q.popDue(now: Instant(nanoseconds: 2_000_000)) { fired.append(p) }
        #expect(fired == kept.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.1))
    }
}
