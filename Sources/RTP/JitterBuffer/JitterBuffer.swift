import StackCore

/// An adaptive jitter buffer for one audio stream: a value driven by packet arrivals and by the
/// player's pulls, with time an argument of both (STYLE §3). Packets are copied into fixed storage
/// on insert; each pull returns a ``JitterBufferAction`` for the next stretch of audio.
///
/// The target delay is the on-time quantile of recent transit times above the fastest one. The
/// buffer reaches it at talk-spurt boundaries (a timestamp gap or the marker bit: the silence is
/// lengthened or cut) and in the middle of speech only by small time-scale steps, expansions while
/// a packet is late, and concealment of lost packets. See the DocC article "Jitter buffer".
public struct JitterBuffer: Sendable {
    enum Mode: Sendable, Hashable {
        /// Nothing played since the start or a restart: the next packet is anchored at the target.
        case idle
        /// Media is flowing; `position` is the timestamp where the next frame should start.
        case playing
        /// A packet was missing with nothing behind it; playout is held at `position`.
        case waiting
    }

    /// The highest packet queued: its extended and 16-bit sequence number and timestamp.
    struct Highest: Sendable {
        var sequence: Int64 = 0
        var raw: UInt16 = 0
        var timestamp: Int64 = 0
        var rawTimestamp: UInt32 = 0
    }

    /// The configuration, with out-of-range values brought into range.
    public let configuration: JitterBufferConfiguration
    /// Delays and counters so far.
    public internal(set) var statistics = JitterBufferStatistics()

    var slots: JitterBufferSlots
    var estimator: TransitDelayEstimator
    var mode = Mode.idle
    var ssrc: SSRC?
    /// Extended sequence number of the next packet to play; nil before the first packet.
    var nextSequence: Int64?
    /// The highest extended sequence number queued, with its 16-bit and timestamp forms.
    var highest = Highest()
    /// Extended timestamp where the next media starts.
    var position: Int64 = 0
    /// The packet duration learned from consecutive packets, in timestamp units.
    var frameTicks: Int
    var farBehind: Int64?
    /// Expansions since playout was last held; they were silence if a new talk spurt ends the hold.
    var expansionsInHold = 0
    /// True while the last packets resolved were lost: the next loss continues a burst.
    var inLossBurst = false
    let quantum: Int
    let maximumFrameTicks: Int

    /// A buffer with the given configuration; all its storage is allocated here.
    public init(configuration: JitterBufferConfiguration) {
        let c = configuration.sanitized
        self.configuration = c
        slots = JitterBufferSlots(capacity: c.capacity, payloadCapacity: c.maximumPayloadSize)
        estimator = TransitDelayEstimator(configuration: c)
        frameTicks = Self.ticks(c.nominalFrameDuration.nanosecondsClamped, rate: c.clockRate)
        quantum = min(c.clockRate / 100, frameTicks)
        maximumFrameTicks = c.clockRate * 120 / 1000
        statistics.targetDelay = c.minimumDelay
    }

    /// The playout delay the buffer aims for now.
    public var targetDelay: Duration { .nanoseconds(targetNanoseconds) }

    /// The packet duration learned from consecutive packets; the nominal frame duration until then.
    public var packetDuration: Duration { .nanoseconds(mediaTime(Int64(frameTicks))) }

    var targetNanoseconds: Int64 {
        min(max(estimator.quantileJitter, configuration.minimumDelay.nanosecondsClamped),
            configuration.maximumDelay.nanosecondsClamped)
    }

    static func ticks(_ nanoseconds: Int64, rate: Int) -> Int {
        Int(nanoseconds / 1_000_000_000) * rate + Int(nanoseconds % 1_000_000_000) * rate / 1_000_000_000
    }

    func ticks(_ nanoseconds: Int64) -> Int { Self.ticks(nanoseconds, rate: configuration.clockRate) }

    /// Nanoseconds from timestamp zero to `timestamp`, in the stream's clock.
    func mediaTime(_ timestamp: Int64) -> Int64 {
        let rate = Int64(configuration.clockRate)
        return timestamp / rate * 1_000_000_000 + timestamp % rate * 1_000_000_000 / rate
    }

    /// How long after its earliest possible arrival media at `timestamp` is played at `now`.
    func delay(_ now: Instant, _ timestamp: Int64) -> Int64 {
        estimator.delay(now: now.nanoseconds, mediaTime: mediaTime(timestamp))
    }
}
