/// The limits and tuning of a ``JitterBuffer``. The defaults suit narrowband and wideband speech in
/// 10–60 ms packets over the Internet.
public struct JitterBufferConfiguration: Sendable, Hashable {
    /// The RTP clock rate of the stream (8000 for G.711 and G.722, 48000 for Opus).
    public var clockRate: Int
    /// The packet duration assumed until the stream shows its own (default 20 ms).
    public var nominalFrameDuration: Duration
    /// The least playout delay the buffer aims for, whatever the jitter (default 10 ms).
    public var minimumDelay: Duration
    /// The most playout delay it keeps; above it, the oldest media is dropped (default 500 ms).
    public var maximumDelay: Duration
    /// The share of packets that should arrive in time: the quantile of the transit-time
    /// distribution the target covers (default 0.99, i.e. at most about 1% late).
    public var onTimeQuantile: Double
    /// How many recent packets the delay distribution remembers (an exponential forgetting window,
    /// default 500, about 10 s of 20 ms packets).
    public var delayMemory: Int
    /// The span over which the fastest transit is taken as the reference (default 2 s).
    public var transitFloorWindow: Duration
    /// How far above the target the delay may drift before playout is shortened (default 10 ms).
    public var shortenThreshold: Duration
    /// The largest share of one frame that a single time-scale step may add or remove (default 0.25).
    public var maximumTimeScaleFraction: Double
    /// Packets held at most; later sequence numbers restart the buffer (default 64).
    public var capacity: Int
    /// The largest payload accepted, in bytes (default 1500).
    public var maximumPayloadSize: Int

    /// A configuration for a stream with the given RTP clock rate.
    public init(clockRate: Int, nominalFrameDuration: Duration = .milliseconds(20),
                minimumDelay: Duration = .milliseconds(10), maximumDelay: Duration = .milliseconds(500),
                onTimeQuantile: Double = 0.99, delayMemory: Int = 500, transitFloorWindow: Duration = .seconds(2),
                shortenThreshold: Duration = .milliseconds(10), maximumTimeScaleFraction: Double = 0.25,
                capacity: Int = 64, maximumPayloadSize: Int = 1500) {
        self.clockRate = clockRate
        self.nominalFrameDuration = nominalFrameDuration
        self.minimumDelay = minimumDelay
        self.maximumDelay = maximumDelay
        self.onTimeQuantile = onTimeQuantile
        self.delayMemory = delayMemory
        self.transitFloorWindow = transitFloorWindow
        self.shortenThreshold = shortenThreshold
        self.maximumTimeScaleFraction = maximumTimeScaleFraction
        self.capacity = capacity
        self.maximumPayloadSize = maximumPayloadSize
    }

    /// The configuration with every value brought into a workable range, so that a wrong setting
    /// degrades the buffer instead of breaking it.
    var sanitized: JitterBufferConfiguration {
        var c = self
        c.clockRate = min(max(clockRate, 1000), 192_000)
        c.nominalFrameDuration = min(max(nominalFrameDuration, .milliseconds(2)), .milliseconds(120))
        c.maximumDelay = min(max(maximumDelay, .milliseconds(20)), .seconds(5))
        c.minimumDelay = min(max(minimumDelay, .zero), c.maximumDelay)
        c.onTimeQuantile = onTimeQuantile.isNaN ? 0.99 : min(max(onTimeQuantile, 0.5), 0.9999)
        c.delayMemory = min(max(delayMemory, 10), 100_000)
        c.transitFloorWindow = min(max(transitFloorWindow, .milliseconds(100)), .seconds(60))
        c.shortenThreshold = min(max(shortenThreshold, .milliseconds(1)), c.maximumDelay)
        c.maximumTimeScaleFraction = maximumTimeScaleFraction.isNaN ? 0.25 : min(max(maximumTimeScaleFraction, 0), 0.5)
        c.capacity = min(max(capacity, 4), 4096)
        c.maximumPayloadSize = min(max(maximumPayloadSize, 1), 65_535)
        return c
    }
}
