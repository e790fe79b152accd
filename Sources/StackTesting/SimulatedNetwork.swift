import StackCore

/// A seeded network between in-process endpoints: each datagram is lost, duplicated and delayed at
/// random (independent delays reorder them), reproducibly for a given seed.
///
/// A value holding the datagrams in flight; a simulation pops them in delivery order and advances its
/// clock to each one's arrival.
public struct SimulatedNetwork<Address: Hashable & Sendable, Payload: Sendable>: Sendable {
    /// How the network misbehaves.
    public struct Conditions: Sendable, Hashable {
        /// Probability that a datagram (and each duplicate) is lost.
        public var loss: Double = 0
        /// Probability that a datagram is delivered twice.
        public var duplication: Double = 0
        /// The shortest one-way delay.
        public var minimumDelay: Duration = .milliseconds(1)
        /// The longest one-way delay; delays are uniform in between, so wide ranges reorder.
        public var maximumDelay: Duration = .milliseconds(1)

        /// A perfect network with 1 ms delay.
        public init() {}

        /// A network with these figures.
        public init(loss: Double, duplication: Double, minimumDelay: Duration, maximumDelay: Duration) {
            self.loss = loss
            self.duplication = duplication
            self.minimumDelay = minimumDelay
            self.maximumDelay = max(minimumDelay, maximumDelay)
        }
    }

    /// A datagram on its way.
    public struct Datagram: Sendable {
        /// The sender.
        public let from: Address
        /// The receiver.
        public let to: Address
        /// What was sent.
        public let payload: Payload
        /// When it arrives.
        public let arrival: Instant
    }

    private struct Pending: Comparable {
        let arrival: Instant
        let order: UInt64
        let datagram: Datagram
        static func < (a: Pending, b: Pending) -> Bool { (a.arrival, a.order) < (b.arrival, b.order) }
        static func == (a: Pending, b: Pending) -> Bool { a.arrival == b.arrival && a.order == b.order }
    }

    /// The conditions in force.
    public var conditions: Conditions
    /// Datagrams sent, lost, and duplicated so far.
    public private(set) var sent = 0, lost = 0, duplicated = 0
    private var random: SeededRandom
    private var inFlight = MinHeap<Pending>()
    private var order: UInt64 = 0

    /// A network with `conditions`, drawing from `seed`.
    public init(conditions: Conditions, seed: UInt64) {
        self.conditions = conditions
        random = SeededRandom(seed: seed)
    }

    /// Sends a datagram at `now`; it arrives zero, one or two times later.
    public mutating func send(_ payload: Payload, from: Address, to: Address, now: Instant) {
        sent += 1
        let copies = random.chance(conditions.duplication) ? 2 : 1
        if copies == 2 { duplicated += 1 }
        for _ in 0..<copies {
            if random.chance(conditions.loss) {
                lost += 1
                continue
            }
            let span = (conditions.maximumDelay - conditions.minimumDelay).nanosecondsClamped
            let delay = conditions.minimumDelay + .nanoseconds(Int64(random.integer(in: 0...UInt64(max(0, span)))))
            order += 1
            let d = Datagram(from: from, to: to, payload: payload, arrival: now + delay)
            inFlight.insert(Pending(arrival: d.arrival, order: order, datagram: d))
        }
    }

    /// When the next datagram arrives, if any is in flight.
    public var nextArrival: Instant? { inFlight.min?.arrival }

    /// Removes and returns the next datagram to arrive.
    public mutating func receive() -> Datagram? { inFlight.popMin()?.datagram }

    /// How many datagrams are in flight.
    public var inFlightCount: Int { inFlight.count }
}
