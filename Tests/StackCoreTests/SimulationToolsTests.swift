import StackCore
import StackTesting
import Testing

@Suite struct SimulationToolsTests {
    @Test func minHeapPopsInOrder() {
        var heap = MinHeap<Int>()
        var random = SeededRandom(seed: 7)
        var values: [Int] = []
        for _ in 0..<500 {
            let v = Int(random.integer(in: 0...1000))
            values.append(v)
            heap.insert(v)
        }
        #expect(heap.count == 500 && heap.min == values.min())
        var popped: [Int] = []
        while let v = heap.popMin() { popped.append(v) }
        #expect(popped == values.sorted() && heap.isEmpty && heap.popMin() == nil)
    }

    @Test func seededRandomIsReproducible() {
        var a = SeededRandom(seed: 42), b = SeededRandom(seed: 42), c = SeededRandom(seed: 43)
        let xs = (0..<8).map { _ in a.next64() }
        #expect(xs == (0..<8).map { _ in b.next64() })
        #expect(xs != (0..<8).map { _ in c.next64() })
        var r = SeededRandom(seed: 1)
        let hits = (0..<100_000).filter { _ in r.chance(0.3) }.count
        #expect(abs(hits - 30_000) < 1_000)
        #expect(!r.chance(0) && r.chance(1))
    }

    @Test func manualClockMovesOnlyForward() {
        let clock = ManualClock()
        clock.advance(by: .milliseconds(1500))
        clock.advance(to: Instant(nanoseconds: 1))
        #expect(clock.now() == Instant(nanoseconds: 1_500_000_000))
    }

    /// Loss and duplication rates come out near their settings; independent delays reorder datagrams;
    /// the same seed gives the same deliveries.
    @Test func simulatedNetworkMisbehavesReproducibly() {
        func run(seed: UInt64) -> [(Int, Instant)] {
            var net = SimulatedNetwork<String, Int>(
                conditions: .init(loss: 0.3, duplication: 0.1, minimumDelay: .milliseconds(5), maximumDelay: .milliseconds(50)),
                seed: seed)
            for i in 0..<10_000 { net.send(i, from: "a", to: "b", now: Instant(nanoseconds: Int64(i) * 1_000_000)) }
            var out: [(Int, Instant)] = []
            while let d = net.receive() { out.append((d.payload, d.arrival)) }
            #expect(net.sent == 10_000 && net.inFlightCount == 0)
            #expect(abs(net.lost - 3_300) < 300 && abs(net.duplicated - 1_000) < 150)
            return out
        }
        let first = run(seed: 9)
        #expect(first.map(\.0) == run(seed: 9).map(\.0))
        #expect(zip(first, first.dropFirst()).allSatisfy { $0.1 <= $1.1 })
        #expect(zip(first, first.dropFirst()).contains { $0.0 > $1.0 })
        #expect(first.count > 7_000 && first.count < 8_000)
    }
}
