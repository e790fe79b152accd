import StackCore

/// What a sender counts for its sender reports (RFC 3550 §6.4.1): packets and payload octets sent,
/// and the mapping from wall-clock time to its RTP clock.
public struct RTPSenderStatistics: Sendable, Hashable {
    /// Our SSRC.
    public private(set) var ssrc: SSRC
    /// The RTP clock rate of the media sent.
    public let clockRate: Int
    /// Packets sent since the start or the last SSRC change.
    public private(set) var packetCount: UInt32 = 0
    /// Payload octets sent (headers and padding excluded).
    public private(set) var octetCount: UInt32 = 0
    /// The timestamp and send time of the last packet, to extrapolate the SR's RTP timestamp.
    private var lastTimestamp: RTPTimestamp?
    private var lastSentAt: Instant = .zero

    /// Counters for a new sender.
    public init(ssrc: SSRC, clockRate: Int) {
        self.ssrc = ssrc
        self.clockRate = max(clockRate, 1)
    }

    /// Whether anything was sent since the start or the last SSRC change.
    public var hasSent: Bool { packetCount > 0 }

    /// Counts a packet sent at `now`.
    public mutating func sent(timestamp: RTPTimestamp, payloadLength: Int, at now: Instant) {
        packetCount &+= 1
        octetCount &+= UInt32(truncatingIfNeeded: max(payloadLength, 0))
        lastTimestamp = timestamp
        lastSentAt = now
    }

    /// Starts again under a new SSRC (after a collision, §8.2): the counts restart at zero.
    public mutating func changeSSRC(to new: SSRC) {
        ssrc = new
        packetCount = 0
        octetCount = 0
        lastTimestamp = nil
    }

    /// A sender report at `now`, whose wall-clock time is `wallClock`: the RTP timestamp is the last
    /// packet's, advanced by the time since it was sent (§6.4.1: the same instant as the NTP time).
    public func senderReport(now: Instant, wallClock: NTPTimestamp, reports: [RTCPReportBlock] = []) -> SenderReport {
        var rtp = RTPTimestamp(0)
        if let last = lastTimestamp {
            let ticks = RTPSourceStatistics.timestampUnits(now, clockRate: clockRate) - RTPSourceStatistics.timestampUnits(lastSentAt, clockRate: clockRate)
            rtp = last.advanced(by: Int(ticks))
        }
        return SenderReport(ssrc: ssrc, ntpTimestamp: wallClock, rtpTimestamp: rtp, packetCount: packetCount,
                            octetCount: octetCount, reports: Array(reports.prefix(31)))
    }
}

extension ExtendedReport.DLRRItem {
    /// The round-trip time this item implies when it answers our receiver reference time and arrived at
    /// `arrival` (RFC 3611 §4.5, the same arithmetic as RFC 3550 §6.4.1); nil when it cannot be computed.
    public func roundTripTime(arrivedAt arrival: NTPTimestamp) -> Duration? {
        arrival.roundTripTime(lastReport: lastReceiverReport, delaySince: delaySinceLastReceiverReport)
    }
}
