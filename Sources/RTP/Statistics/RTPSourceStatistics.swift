import StackCore

/// What a receiver knows about one source (RFC 3550 §6.4, §A.1, §A.3, §A.8): sequence validation with
/// probation, the extended highest sequence across wraps, loss, interarrival jitter and the last SR,
/// from which it builds reception report blocks. A value; time and arrival are arguments.
public struct RTPSourceStatistics: Sendable, Hashable {
    /// The thresholds of §A.1.
    public struct Configuration: Sendable, Hashable {
        /// Sequential packets needed before a source is valid (MIN_SEQUENTIAL, default 2).
        public var minimumSequential: Int
        /// The largest forward jump taken as loss rather than a restart (MAX_DROPOUT, default 3000).
        public var maximumDropout: Int
        /// The largest backward step taken as reordering rather than a restart (MAX_MISORDER, default 100).
        public var maximumMisorder: Int

        /// The defaults of §A.1.
        public init(minimumSequential: Int = 2, maximumDropout: Int = 3000, maximumMisorder: Int = 100) {
            self.minimumSequential = minimumSequential
            self.maximumDropout = maximumDropout
            self.maximumMisorder = maximumMisorder
        }
    }

    /// What a packet's sequence number meant (§A.1).
    public enum Verdict: Sendable, Hashable {
        /// In sequence, or a forward jump within the dropout limit: counted, jitter updated.
        case accepted
        /// Counted, but older than the highest sequence seen: a duplicate or a reordered packet.
        case late
        /// The source is still on probation; not counted.
        case probation
        /// A jump too large to be loss; not counted. A second packet following it restarts the count.
        case jumped
        /// The packet following a large jump: the sender restarted, and counting began again from it.
        case restarted
    }

    /// The thresholds in use.
    public let configuration: Configuration
    /// The source.
    public let ssrc: SSRC
    /// The RTP clock rate of its media, for jitter.
    public let clockRate: Int

    private var probation: Int
    private var maxSequence: UInt16
    private var cycles: UInt32 = 0
    private var baseSequence: UInt32 = 0
    private var badSequence: UInt32 = 1 << 16 + 1
    private var expectedPrior: UInt32 = 0
    private var receivedPrior: UInt32 = 0
    private var transit: Int64?
    /// The interarrival jitter in timestamp units ×16 (§A.8's integer form).
    private var jitterQ4: UInt32 = 0
    private var lastSenderReport: LastSenderReport?

    /// Packets counted (§A.1 `received`), duplicates included.
    public private(set) var packetsReceived: UInt32 = 0
    /// Payload octets of those packets.
    public private(set) var octetsReceived: UInt64 = 0

    /// A source heard for the first time with `sequence` (§A.1: on probation until enough sequential
    /// packets arrive; call ``receive(sequence:timestamp:arrival:payloadLength:)`` for this packet too).
    public init(ssrc: SSRC, firstSequence sequence: SequenceNumber, clockRate: Int, configuration: Configuration = .init()) {
        self.ssrc = ssrc
        self.clockRate = max(clockRate, 1)
        self.configuration = configuration
        maxSequence = sequence.rawValue &- 1
        probation = max(configuration.minimumSequential, 0)
        if probation == 0 { restart(at: sequence.rawValue) }
    }

    /// Whether the source has passed probation.
    public var isValid: Bool { probation == 0 }
    /// The highest sequence number seen, extended with the wrap count (§A.3 `extended_max`).
    public var extendedHighestSequence: UInt32 { cycles &+ UInt32(maxSequence) }
    /// Packets expected since counting began (§A.3).
    public var expected: UInt32 { extendedHighestSequence &- baseSequence &+ 1 }
    /// Packets lost since counting began: expected minus received, 24-bit signed (§A.3).
    public var cumulativeLost: Int32 {
        let lost = Int64(expected) - Int64(packetsReceived)
        return Int32(min(max(lost, -0x80_0000), 0x7F_FFFF))
    }
    /// The interarrival jitter in timestamp units (§6.4.1, §A.8).
    public var jitter: UInt32 { jitterQ4 >> 4 }
    /// The jitter as a duration.
    public var jitterDuration: Duration { .nanoseconds(Int64(jitterQ4) * 1_000_000_000 / 16 / Int64(clockRate)) }

    /// The middle bits of the last SR's NTP time and when it arrived.
    struct LastSenderReport: Sendable, Hashable {
        var ntp: UInt32
        var arrival: Instant
    }

    private mutating func restart(at sequence: UInt16) {
        // §A.1 init_seq.
        baseSequence = UInt32(sequence)
        maxSequence = sequence
        badSequence = 1 << 16 + 1
        cycles = 0
        packetsReceived = 0
        octetsReceived = 0
        receivedPrior = 0
        expectedPrior = 0
    }
}

extension RTPSourceStatistics {
    /// Takes one RTP packet of this source (§A.1 update_seq, then §A.8 jitter for counted packets).
    @discardableResult
    public mutating func receive(sequence: SequenceNumber, timestamp: RTPTimestamp, arrival: Instant, payloadLength: Int) -> Verdict {
        let verdict = updateSequence(sequence.rawValue)
        switch verdict {
        case .accepted, .late, .restarted:
            packetsReceived &+= 1
            octetsReceived &+= UInt64(max(payloadLength, 0))
            updateJitter(timestamp: timestamp, arrival: arrival)
        case .probation, .jumped:
            break
        }
        return verdict
    }

    private mutating func updateSequence(_ seq: UInt16) -> Verdict {
        let delta = Int(seq &- maxSequence)
        if probation > 0 {
            // §A.1: the packet must follow the previous one.
            guard seq == maxSequence &+ 1 else {
                probation = configuration.minimumSequential - 1
                maxSequence = seq
                return .probation
            }
            probation -= 1
            maxSequence = seq
            guard probation == 0 else { return .probation }
            restart(at: seq)
            return .accepted
        }
        if delta < configuration.maximumDropout {
            if seq < maxSequence { cycles &+= 1 << 16 }  // wrapped
            maxSequence = seq
            return .accepted
        }
        if delta <= (1 << 16) - configuration.maximumMisorder {
            // A very large jump: two sequential packets mean the sender restarted (§A.1).
            guard UInt32(seq) == badSequence else {
                badSequence = UInt32(seq &+ 1)
                return .jumped
            }
            restart(at: seq)
            transit = nil
            return .restarted
        }
        return .late
    }

    private mutating func updateJitter(timestamp: RTPTimestamp, arrival: Instant) {
        // §A.8: D(i-1,i) from the change in transit time, J += (|D| - J)/16, in the integer form.
        let now = Self.timestampUnits(arrival, clockRate: clockRate)
        let t = Int64(Int32(bitPattern: UInt32(truncatingIfNeeded: now) &- timestamp.rawValue))
        defer { transit = t }
        guard let previous = transit else { return }
        let d = UInt32(truncatingIfNeeded: min(abs(Int64(Int32(truncatingIfNeeded: t &- previous))), Int64(UInt32.max >> 5)))
        jitterQ4 = jitterQ4 &+ d &- ((jitterQ4 &+ 8) >> 4)
    }

    /// `instant` in ticks of a `clockRate` Hz clock (the receiver's arrival clock of §A.8).
    static func timestampUnits(_ instant: Instant, clockRate: Int) -> Int64 {
        let ns = instant.nanoseconds
        let (q, r) = ns.quotientAndRemainder(dividingBy: 1_000_000_000)
        return q &* Int64(clockRate) &+ r * Int64(clockRate) / 1_000_000_000
    }

    /// Notes an SR from this source arriving at `arrival`, for the LSR and DLSR of our next report (§6.4.1).
    public mutating func receiveSenderReport(ntpTimestamp: NTPTimestamp, arrival: Instant) {
        lastSenderReport = LastSenderReport(ntp: ntpTimestamp.middle32, arrival: arrival)
    }

    /// The reception report block for this source at `now`, starting a new reporting interval for the
    /// fraction lost (§A.3); nil while the source is on probation.
    public mutating func makeReportBlock(now: Instant) -> RTCPReportBlock? {
        guard isValid else { return nil }
        let expectedNow = expected
        let expectedInterval = expectedNow &- expectedPrior
        let receivedInterval = packetsReceived &- receivedPrior
        expectedPrior = expectedNow
        receivedPrior = packetsReceived
        let lostInterval = Int64(expectedInterval) - Int64(receivedInterval)
        let fraction = expectedInterval == 0 || lostInterval <= 0 ? 0 : UInt8(min((lostInterval << 8) / Int64(expectedInterval), 255))
        var lsr: UInt32 = 0, dlsr: UInt32 = 0
        if let sr = lastSenderReport {
            lsr = sr.ntp
            // DLSR in 1/65536 s.
            let elapsed = max((now - sr.arrival).nanosecondsClamped, 0)
            dlsr = UInt32(clamping: elapsed / 1000 * 65536 / 1_000_000)
        }
        return RTCPReportBlock(ssrc: ssrc, fractionLost: fraction, cumulativeLost: cumulativeLost,
                               extendedHighestSequence: extendedHighestSequence, jitter: jitter,
                               lastSenderReport: lsr, delaySinceLastSenderReport: dlsr)
    }
}
