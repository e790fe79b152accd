/// The burst/gap model of RTCP XR VoIP metrics (RFC 3611 §4.7.2): packets are fed in sequence
/// order as received or missing (lost or discarded), and the counter splits the stream into bursts
/// (periods of dense loss) and gaps (periods of sparse loss), with the loss density and mean length
/// of each.
///
/// A burst is the longest run that starts and ends with a missing packet and holds no run of
/// `gapThreshold` (Gmin) or more received packets; everything else is gap, where a single missing
/// packet between two long runs counts as isolated gap loss. The transition counts are those of
/// RFC 3611 Appendix A.2, except that the stream starts in a gap (the RFC's code treats the packets
/// before the first loss as part of a burst, which contradicts the §4.7.2 definition).
public struct BurstGapCounter: Sendable, Hashable {
    /// Gmin: the number of consecutive received packets that ends a burst (16 recommended).
    public let gapThreshold: Int
    /// Packets fed so far.
    public private(set) var packets = 0
    /// Missing packets fed so far.
    public private(set) var missing = 0

    /// Received packets since the last missing one.
    var run = 0
    /// Missing packets in the loss cluster that is still open; 0 before the first loss.
    var clusterLosses = 0
    /// Appendix A.2 transition counts: 1 = received in a gap, 2 = received in a burst, 3 = missing
    /// in a burst, 4 = missing in a gap. c13 is the number of bursts closed, c14 of isolated losses.
    var c11 = 0, c13 = 0, c14 = 0, c22 = 0, c23 = 0, c33 = 0

    /// A counter with the given Gmin (at least 1).
    public init(gapThreshold: Int = 16) {
        self.gapThreshold = max(gapThreshold, 1)
    }

    /// Feeds the next packet in sequence order: received (and played), or missing (lost in the
    /// network or discarded by the jitter buffer).
    public mutating func record(received: Bool) {
        packets &+= 1
        if received {
            run &+= 1
            return
        }
        missing &+= 1
        if clusterLosses == 0 {
            // The first loss of the stream: what came before it was gap.
            c11 &+= run
            clusterLosses = 1
        } else if run >= gapThreshold {
            // Gmin received packets closed the previous cluster: a burst, or one isolated loss.
            closeCluster()
            c11 &+= run
            clusterLosses = 1
        } else {
            clusterLosses &+= 1
            if run == 0 {
                c33 &+= 1
            } else {
                c23 &+= 1
                c22 &+= run - 1
            }
        }
        run = 0
    }

    private mutating func closeCluster() {
        if clusterLosses == 1 { c14 &+= 1 } else { c13 &+= 1 }
    }

    /// The burst and gap figures as if the stream ended now: an open cluster is closed and the
    /// received packets after it count as gap.
    public var metrics: BurstGapMetrics {
        var closed = self
        if closed.clusterLosses > 0 { closed.closeCluster() }
        closed.c11 &+= closed.run
        return BurstGapMetrics(closed)
    }
}

/// Burst and gap figures of RTCP XR VoIP metrics (RFC 3611 §4.7.2), from a ``BurstGapCounter``.
public struct BurstGapMetrics: Sendable, Hashable {
    /// The fraction of packets in bursts that were lost or discarded; 0 when there was no burst.
    public var burstDensity: Double
    /// The fraction of packets in gaps that were lost or discarded.
    public var gapDensity: Double
    /// The mean burst length, in packets; 0 when there was no burst.
    public var burstLength: Double
    /// The mean gap length, in packets: the whole stream when there was no burst.
    public var gapLength: Double
    /// The number of bursts.
    public var bursts: Int

    /// Figures from parts.
    public init(burstDensity: Double, gapDensity: Double, burstLength: Double, gapLength: Double, bursts: Int) {
        (self.burstDensity, self.gapDensity, self.burstLength, self.gapLength) = (burstDensity, gapDensity, burstLength, gapLength)
        self.bursts = bursts
    }

    init(_ c: BurstGapCounter) {
        bursts = c.c13
        gapDensity = c.c11 + c.c14 == 0 ? 0 : Double(c.c14) / Double(c.c11 + c.c14)
        guard c.c13 > 0 else {
            (burstDensity, burstLength, gapLength) = (0, 0, Double(c.packets))
            return
        }
        // RFC 3611 Appendix A.2: the transitions out of a burst loss mirror those into it
        // (c31 = c13, c32 = c23), and burst density is the steady state of the two burst states.
        let c31 = c.c13, c32 = c.c23
        let total = Double(c.c11 + c.c14 + c.c13 + c.c22 + c.c23 + c31 + c32 + c.c33)
        let p32 = Double(c32) / Double(c31 + c32 + c.c33)
        let p23 = c.c22 + c.c23 < 1 ? 1 : Double(c.c23) / Double(c.c22 + c.c23)
        burstDensity = p23 / (p23 + p32)
        gapLength = Double(c.c11 + c.c14 + c.c13) / Double(c.c13)
        burstLength = total / Double(c.c13) - gapLength
    }
}
