import RTP
import StackCore
import StackTesting

/// A deterministic arrival trace for jitter-buffer tests: what a sender emits and when each packet
/// reaches the receiver, with the player pulling whenever its previous output has run out.
struct JitterTrace {
    struct Arrival {
        var packet: RTPPacket
        var arrival: Instant
        /// The packet's index in the sender's order (also written into its payload).
        var index: Int
    }

    /// What the network does to packet `index` sent at `sent`: its transit, or nil when it is lost.
    typealias Network = (_ index: Int, _ sent: Int64, _ random: inout SeededRandom) -> Int64?

    var arrivals: [Arrival] = []
    var sent = 0
    var dropped = 0

    /// `count` packets of `frame` at `clockRate`, sent on a clock running `drift` fast (0.001 = 0.1%).
    init(count: Int, frame: Duration = .milliseconds(20), clockRate: Int = 8000, firstSequence: UInt16 = 65_000,
         firstTimestamp: UInt32 = 0xFFFF_0000, ssrc: UInt32 = 0x1234, drift: Double = 0, seed: UInt64 = 1,
         fifo: Bool = false, network: Network) {
        var random = SeededRandom(seed: seed)
        let frameNs = frame.nanosecondsClamped
        let ticks = Int(frameNs * Int64(clockRate) / 1_000_000_000)
        for i in 0..<count {
            let sentAt = Int64((Double(i) * Double(frameNs) / (1 + drift)).rounded())
            append(index: i, sequence: firstSequence &+ UInt16(truncatingIfNeeded: i),
                   timestamp: firstTimestamp &+ UInt32(truncatingIfNeeded: i * ticks), ssrc: ssrc,
                   marker: i == 0, sent: sentAt, network: network, random: &random)
            // A FIFO queue: no packet overtakes the one sent before it.
            if fifo, arrivals.count > 1, arrivals[arrivals.count - 1].arrival < arrivals[arrivals.count - 2].arrival {
                arrivals[arrivals.count - 1].arrival = arrivals[arrivals.count - 2].arrival
            }
        }
        sortArrivals()
    }

    init() {}

    mutating func append(index: Int, sequence: UInt16, timestamp: UInt32, ssrc: UInt32, marker: Bool, sent sentAt: Int64,
                         payloadType: UInt8 = 0, network: Network, random: inout SeededRandom) {
        sent += 1
        guard let transit = network(index, sentAt, &random) else {
            dropped += 1
            return
        }
        let payload = withUnsafeBytes(of: UInt32(index).bigEndian) { [UInt8]($0) } + [UInt8](repeating: 0xD5, count: 156)
        let packet = RTPPacket(marker: marker, payloadType: PayloadType(rawValue: payloadType)!, sequenceNumber: SequenceNumber(sequence),
                               timestamp: RTPTimestamp(timestamp), ssrc: SSRC(ssrc), payload: payload[...])
        arrivals.append(Arrival(packet: packet, arrival: Instant(nanoseconds: sentAt + transit), index: index))
    }

    /// Arrival order; packets arriving together keep their sending order.
    mutating func sortArrivals() {
        arrivals = arrivals.enumerated().sorted { ($0.element.arrival, $0.offset) < ($1.element.arrival, $1.offset) }.map(\.element)
    }
}

/// What a player saw when driving a buffer through a trace.
struct TraceRun {
    struct Played {
        var index: Int
        var at: Instant
        var delay: Duration
        var frame: JitterBufferFrame
    }

    var buffer: JitterBuffer
    var played: [Played] = []
    var actions: [(at: Instant, action: JitterBufferAction)] = []
    var outcomes: [JitterBufferInsertOutcome] = []

    /// Pulls from `start` until `end`, inserting each arrival before the first pull at or after it.
    /// `insertHook` can replace the insert (to call `skip`, say).
    init(_ trace: JitterTrace, configuration: JitterBufferConfiguration, start: Instant = .zero, end: Instant? = nil,
         insert insertHook: ((inout JitterBuffer, JitterTrace.Arrival) -> JitterBufferInsertOutcome)? = nil) {
        buffer = JitterBuffer(configuration: configuration)
        let last = end ?? ((trace.arrivals.last?.arrival ?? .zero) + .seconds(1))
        var now = start
        var next = 0
        var payload = [UInt8]()
        payload.reserveCapacity(1500)
        while now <= last {
            while next < trace.arrivals.count && trace.arrivals[next].arrival <= now {
                let a = trace.arrivals[next]
                outcomes.append(insertHook?(&buffer, a) ?? buffer.insert(a.packet, arrival: a.arrival))
                next += 1
            }
            let action = buffer.pull(at: now, payload: &payload)
            actions.append((now, action))
            if case .play(let frame) = action {
                let index = Int(payload.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
                played.append(Played(index: index, at: now, delay: buffer.statistics.currentDelay, frame: frame))
            }
            let ticks = max(action.outputDuration, 1)
            now = now + .nanoseconds(Int64(ticks) * 1_000_000_000 / Int64(configuration.clockRate))
        }
    }

    var statistics: JitterBufferStatistics { buffer.statistics }

    /// Played delays after `warmUp`, in milliseconds.
    func delays(after warmUp: Instant) -> [Double] {
        played.filter { $0.at >= warmUp }.map { Double($0.delay.nanosecondsClamped) / 1e6 }
    }

    /// True when each packet was played at most once and in sending order.
    var playedInOrder: Bool {
        zip(played, played.dropFirst()).allSatisfy { $0.index < $1.index }
    }

    func count(where predicate: (JitterBufferAction) -> Bool) -> Int { actions.filter { predicate($0.action) }.count }
}
