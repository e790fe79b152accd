import StackCore

/// The sources heard in one RTP session and our own SSRC: per-source statistics, membership for the
/// RTCP interval, and the collision and loop detection of RFC 3550 §8.2. Bounded; a value.
public struct RTPSourceTable<Address: Hashable & Sendable>: Sendable {
    /// Limits and thresholds.
    public struct Configuration: Sendable, Hashable {
        /// Most remote sources tracked; packets from further ones are refused.
        public var maximumSources: Int
        /// The RTP clock rate of the session's media, for jitter.
        public var clockRate: Int
        /// The §A.1 thresholds for each source.
        public var source: RTPSourceStatistics.Configuration
        /// How long a source's address must have been silent before packets with its SSRC from another
        /// address are taken as the source having moved (§8.2), rather than a third-party collision or loop.
        public var addressChangeAfter: Duration

        /// Defaults: 32 sources, 2 s before an address change is believed.
        public init(maximumSources: Int = 32, clockRate: Int, source: RTPSourceStatistics.Configuration = .init(),
                    addressChangeAfter: Duration = .seconds(2))
        {
            self.maximumSources = maximumSources
            self.clockRate = clockRate
            self.source = source
            self.addressChangeAfter = addressChangeAfter
        }
    }

    /// What became of a received packet.
    public enum Outcome: Sendable, Hashable {
        /// From a known or new source: hand it on when the verdict counts it (accepted, late, restarted).
        /// `isNew` marks the first packet of a source; `replaces` names an earlier source from the same
        /// address (the sender changed SSRC).
        case received(SSRC, RTPSourceStatistics.Verdict, isNew: Bool, replaces: SSRC?)
        /// Another participant uses our SSRC (§8.2): we changed ours to ``RTPSourceTable/localSSRC``;
        /// send a BYE for `previous` and restart our sender counts. The packet is dropped.
        case collision(previous: SSRC)
        /// A known SSRC from a second address (a third-party collision or a loop, §8.2): dropped.
        case conflictingAddress(SSRC)
        /// The table is full: dropped.
        case tableFull(SSRC)
    }

    /// One remote source.
    public struct Source: Sendable {
        /// Its reception statistics.
        public var statistics: RTPSourceStatistics
        /// Where its packets come from.
        public var address: Address
        /// When it was last heard (RTP or RTCP).
        public var lastHeard: Instant
        /// When it last sent RTP, if ever.
        public var lastSentRTP: Instant?
    }

    /// The limits in use.
    public let configuration: Configuration
    /// Our SSRC; changes on a collision.
    public private(set) var localSSRC: SSRC
    /// The remote sources by SSRC.
    public private(set) var sources: [SSRC: Source] = [:]
    /// SSRCs we have used and given up after collisions (§8.2), most recent last, at most 8.
    public private(set) var abandonedSSRCs: [SSRC] = []

    /// A table for a session where we send as `localSSRC`.
    public init(localSSRC: SSRC, configuration: Configuration) {
        self.localSSRC = localSSRC
        self.configuration = configuration
    }

    /// Members of the session, ourselves included (for the RTCP interval, §6.3).
    public var memberCount: Int { sources.count + 1 }

    /// Remote sources that sent RTP since `since`.
    public func senders(since: Instant) -> [SSRC] {
        sources.compactMap { ssrc, s in (s.lastSentRTP.map { $0 >= since } ?? false) ? ssrc : nil }.sorted { $0.rawValue < $1.rawValue }
    }
}

extension RTPSourceTable {
    /// Takes an RTP packet's identity and counters; `random` draws a new SSRC on a collision.
    public mutating func receiveRTP(ssrc: SSRC, sequence: SequenceNumber, timestamp: RTPTimestamp, payloadLength: Int,
                                    from address: Address, at now: Instant, random: inout some RandomSource) -> Outcome
    {
        if let conflict = checkAddress(ssrc: ssrc, address: address, now: now, random: &random) { return conflict }
        var isNew = false, replaces: SSRC?
        if sources[ssrc] == nil {
            guard sources.count < configuration.maximumSources else { return .tableFull(ssrc) }
            replaces = sources.first { $0.value.address == address && $0.value.lastSentRTP != nil }?.key
            sources[ssrc] = Source(statistics: RTPSourceStatistics(ssrc: ssrc, firstSequence: sequence, clockRate: configuration.clockRate,
                                                                   configuration: configuration.source),
                                   address: address, lastHeard: now, lastSentRTP: nil)
            isNew = true
        }
        let verdict = sources[ssrc]!.statistics.receive(sequence: sequence, timestamp: timestamp, arrival: now, payloadLength: payloadLength)
        sources[ssrc]!.lastHeard = now
        sources[ssrc]!.lastSentRTP = now
        return .received(ssrc, verdict, isNew: isNew, replaces: replaces)
    }

    /// Takes an RTCP packet from `ssrc` (any type with a sender SSRC): refreshes membership, notes an
    /// SR for LSR/DLSR. Returns the same collision and conflict outcomes as RTP; nil when accepted.
    public mutating func receiveRTCP(ssrc: SSRC, senderReport: SenderReport? = nil, from address: Address, at now: Instant,
                                     random: inout some RandomSource) -> Outcome?
    {
        if let conflict = checkAddress(ssrc: ssrc, address: address, now: now, random: &random) { return conflict }
        guard sources[ssrc] != nil else { return nil }  // RTCP alone does not create a source we would report on
        sources[ssrc]!.lastHeard = now
        if let sr = senderReport { sources[ssrc]!.statistics.receiveSenderReport(ntpTimestamp: sr.ntpTimestamp, arrival: now) }
        return nil
    }

    /// Forgets the sources a BYE names (§6.6).
    public mutating func receiveGoodbye(_ bye: Goodbye) {
        for s in bye.sources { sources[s] = nil }
    }

    /// Forgets sources silent since before `cutoff` (§6.3.5) and returns them.
    public mutating func removeSources(silentSince cutoff: Instant) -> [SSRC] {
        let silent = sources.filter { $0.value.lastHeard < cutoff }.map(\.key).sorted { $0.rawValue < $1.rawValue }
        for s in silent { sources[s] = nil }
        return silent
    }

    /// Reception report blocks for the valid sources that sent RTP since `since`, at most 31 (§6.4).
    public mutating func makeReportBlocks(now: Instant, sentRTPSince since: Instant) -> [RTCPReportBlock] {
        var blocks: [RTCPReportBlock] = []
        for ssrc in senders(since: since).prefix(31) {
            if let b = sources[ssrc]!.statistics.makeReportBlock(now: now) { blocks.append(b) }
        }
        return blocks
    }

    /// §8.2: our SSRC from elsewhere is a collision (we pick a new one); a known SSRC from a new address
    /// is a conflict unless the old address has been silent long enough to believe the source moved.
    private mutating func checkAddress(ssrc: SSRC, address: Address, now: Instant, random: inout some RandomSource) -> Outcome? {
        if ssrc == localSSRC {
            let previous = localSSRC
            abandonedSSRCs.append(previous)
            if abandonedSSRCs.count > 8 { abandonedSSRCs.removeFirst() }
            var candidate = SSRC(UInt32(truncatingIfNeeded: random.next64()))
            while candidate == previous || sources[candidate] != nil || abandonedSSRCs.contains(candidate) {
                candidate = SSRC(UInt32(truncatingIfNeeded: random.next64()))
            }
            localSSRC = candidate
            return .collision(previous: previous)
        }
        if abandonedSSRCs.contains(ssrc) { return .conflictingAddress(ssrc) }  // our old packets looping back
        guard let known = sources[ssrc], known.address != address else { return nil }
        guard now - known.lastHeard >= configuration.addressChangeAfter else { return .conflictingAddress(ssrc) }
        sources[ssrc]!.address = address
        return nil
    }
}
