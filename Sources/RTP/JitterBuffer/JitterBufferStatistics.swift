/// Counters and delays of a ``JitterBuffer``, for call-quality reports and RTCP XR (RFC 3611 §4.7).
public struct JitterBufferStatistics: Sendable, Hashable {
    /// The playout delay now: how long after its earliest possible arrival media is played.
    public var currentDelay: Duration = .zero
    /// The delay the buffer aims for, from the measured transit-time distribution.
    public var targetDelay: Duration = .zero
    /// The mean of the playout delay over the frames played.
    public var meanDelay: Duration { framesPlayed == 0 ? .zero : .nanoseconds(delaySum / Int64(framesPlayed)) }
    /// Packets buffered.
    public var packetsQueued = 0
    /// Frames handed to the decoder.
    public var framesPlayed = 0
    /// Packets that arrived after their playout time and were dropped.
    public var late = 0
    /// Packets never received by their playout time (a late arrival moves its count to ``late``).
    public var lost = 0
    /// Duplicate packets dropped.
    public var duplicated = 0
    /// Lost frames replaced by concealment.
    public var concealed = 0
    /// Outputs that lengthened playout: expansions while waiting for a late packet and stretched frames.
    public var expanded = 0
    /// Frames played shortened by time-scale modification.
    public var shortened = 0
    /// Packets dropped unplayed: too large, flushed by a restart, or dropped above the maximum delay.
    public var discarded = 0
    /// Times the buffer restarted for a new SSRC.
    public var ssrcChanges = 0
    /// Times it restarted for a sequence or timestamp discontinuity.
    public var discontinuities = 0
    /// Runs of consecutive lost (or late) packets.
    public var lossBursts = 0
    /// The burst/gap split of the stream for RTCP XR (RFC 3611 §4.7.2): each packet in sequence,
    /// played or missing (lost, late or dropped above the maximum delay).
    public var burstGap = BurstGapCounter()
    var delaySum: Int64 = 0

    /// Lost and late packets over all whose fate is known: the loss the listener hears.
    public var effectiveLoss: Double {
        let missing = lost + late
        let total = framesPlayed + missing
        return total == 0 ? 0 : Double(missing) / Double(total)
    }

    /// The G.107 burst ratio: the mean observed loss-burst length over the mean for random loss at
    /// the same rate, 1/(1 − loss). 1 for random loss, larger when losses cluster.
    public var burstRatio: Double {
        let missing = lost + late
        guard lossBursts > 0, missing > 0 else { return 1 }
        return max(Double(missing) / Double(lossBursts) * (1 - effectiveLoss), 1)
    }

    /// Statistics with every counter at zero.
    public init() {}
}
