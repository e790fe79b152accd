import StackCore

/// A reception report block (RFC 3550 §6.4.1): what a receiver observed of one source since its last report.
public struct RTCPReportBlock: Sendable, Hashable {
    /// The source this block reports on.
    public var ssrc: SSRC
    /// The fraction of packets lost since the previous report, in 1/256 units.
    public var fractionLost: UInt8
    /// Packets lost since reception began (expected minus received; 24-bit signed, so may be negative
    /// when duplicates arrive).
    public var cumulativeLost: Int32
    /// The highest sequence number received, extended with the count of wraps in the high 16 bits.
    public var extendedHighestSequence: UInt32
    /// The interarrival jitter, in timestamp units (§6.4.1, §A.8).
    public var jitter: UInt32
    /// The middle 32 bits of the NTP timestamp of the last SR from this source, or 0 if none yet.
    public var lastSenderReport: UInt32
    /// The delay since that SR was received, in 1/65536 s, or 0 if none yet.
    public var delaySinceLastSenderReport: UInt32

    /// The wire size of a block.
    public static let size = 24

    /// A block from parts; `cumulativeLost` is clamped to the 24-bit signed range.
    public init(ssrc: SSRC, fractionLost: UInt8, cumulativeLost: Int32, extendedHighestSequence: UInt32,
                jitter: UInt32, lastSenderReport: UInt32, delaySinceLastSenderReport: UInt32)
    {
        self.ssrc = ssrc
        self.fractionLost = fractionLost
        self.cumulativeLost = min(max(cumulativeLost, -0x80_0000), 0x7F_FFFF)
        self.extendedHighestSequence = extendedHighestSequence
        self.jitter = jitter
        self.lastSenderReport = lastSenderReport
        self.delaySinceLastSenderReport = delaySinceLastSenderReport
    }

    /// Reads a block at index `i` of `b` (24 bytes must be there).
    init(_ b: ArraySlice<UInt8>, at i: Int) {
        ssrc = SSRC(b.be32(i))
        fractionLost = b[i + 4]
        let raw = b.be32(i + 4) & 0x00FF_FFFF
        cumulativeLost = Int32(bitPattern: raw << 8) >> 8  // sign-extend 24 bits
        extendedHighestSequence = b.be32(i + 8)
        jitter = b.be32(i + 12)
        lastSenderReport = b.be32(i + 16)
        delaySinceLastSenderReport = b.be32(i + 20)
    }

    func write(_ w: inout ByteWriter) {
        w.write32(ssrc.rawValue)
        w.write32(UInt32(fractionLost) << 24 | UInt32(bitPattern: cumulativeLost) & 0x00FF_FFFF)
        w.write32(extendedHighestSequence)
        w.write32(jitter)
        w.write32(lastSenderReport)
        w.write32(delaySinceLastSenderReport)
    }

    /// The round-trip time this block implies when it reports on our own SR and arrived at `arrival`
    /// (RFC 3550 §6.4.1: A − LSR − DLSR); nil when no SR has been reported on yet or the figures
    /// would make it negative.
    public func roundTripTime(arrivedAt arrival: NTPTimestamp) -> Duration? {
        arrival.roundTripTime(lastReport: lastSenderReport, delaySince: delaySinceLastSenderReport)
    }
}

/// Reads `count` report blocks from index `i`, advancing it.
func readReportBlocks(_ body: RTCPBody, count: Int, at i: inout Int) throws(RTCPError) -> [RTCPReportBlock] {
    try body.need(count * RTCPReportBlock.size, at: i)
    var blocks: [RTCPReportBlock] = []
    blocks.reserveCapacity(count)
    for _ in 0..<count {
        blocks.append(RTCPReportBlock(body.bytes, at: i))
        i += RTCPReportBlock.size
    }
    return blocks
}
