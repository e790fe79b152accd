import StackCore

/// When to send the next RTCP report (RFC 3550 §6.3, §A.7): the interval from the session bandwidth,
/// membership and average packet size, randomised, with timer reconsideration (§6.3.6) and reverse
/// reconsideration (§6.3.4). A value; the runtime calls it with the current time and a random source.
public struct RTCPScheduler: Sendable, Hashable {
    /// The bandwidth figures of §6.2.
    public struct Configuration: Sendable, Hashable {
        /// The session bandwidth in bits per second (e.g. from SDP `b=AS`, or the codec's rate with headers).
        public var sessionBandwidth: Int
        /// The share of it for RTCP (5%, §6.2).
        public var rtcpFraction: Double
        /// The share of the RTCP bandwidth for senders when they are few (25%, §6.2).
        public var senderFraction: Double
        /// The smallest deterministic interval (5 s, §6.2); halved before the first report.
        public var minimumInterval: Duration
        /// The expected size of our first compound packet with UDP/IP headers, the starting average (§6.3.2).
        public var initialPacketSize: Int

        /// Defaults of RFC 3550: 5% for RTCP, 25% of that for senders, 5 s minimum.
        public init(sessionBandwidth: Int, rtcpFraction: Double = 0.05, senderFraction: Double = 0.25,
                    minimumInterval: Duration = .seconds(5), initialPacketSize: Int = 100)
        {
            self.sessionBandwidth = max(sessionBandwidth, 1)
            self.rtcpFraction = rtcpFraction
            self.senderFraction = senderFraction
            self.minimumInterval = minimumInterval
            self.initialPacketSize = initialPacketSize
        }
    }

    /// e − 3/2: compensates for the timer reconsideration algorithm converging below the intended rate (§6.3.1).
    static let compensation = 2.71828 - 1.5

    /// The figures in use.
    public let configuration: Configuration
    /// When we last sent (tp), or the start.
    public private(set) var lastTransmission: Instant
    /// When the next report is due (tn).
    public private(set) var nextTransmission: Instant
    /// Members when tn was computed (pmembers).
    public private(set) var previousMembers: Int
    /// Members now, ourselves included.
    public private(set) var members: Int
    /// Senders now, ourselves included if we sent.
    public private(set) var senders: Int
    /// Whether we sent RTP since the report before last (we_sent).
    public private(set) var weSent: Bool = false
    /// The average compound packet size with headers, in octets (avg_rtcp_size).
    public private(set) var averagePacketSize: Double
    /// Whether no report has been sent yet.
    public private(set) var isInitial = true

    /// A schedule for a member joining at `now` (§6.3.2): the first report comes after half the minimum
    /// interval, randomised.
    public init(configuration: Configuration, now: Instant, random: inout some RandomSource) {
        self.configuration = configuration
        lastTransmission = now
        members = 1
        previousMembers = 1
        senders = 0
        averagePacketSize = Double(configuration.initialPacketSize)
        nextTransmission = now
        nextTransmission = now + interval(random: &random)
    }
}

extension RTCPScheduler {
    /// The interval before randomisation (T of §6.3.1, A.7 before the draw and compensation).
    public var deterministicInterval: Duration {
        var bandwidth = Double(configuration.sessionBandwidth) / 8 * configuration.rtcpFraction  // octets/s
        var n = members
        if Double(senders) <= Double(members) * configuration.senderFraction {
            if weSent {
                bandwidth *= configuration.senderFraction
                n = senders
            } else {
                bandwidth *= 1 - configuration.senderFraction
                n -= senders
            }
        }
        let minimum = isInitial ? configuration.minimumInterval / 2 : configuration.minimumInterval
        let seconds = averagePacketSize * Double(max(n, 1)) / max(bandwidth, 1e-9)
        return max(.nanoseconds(Int64(min(seconds, 86_400) * 1e9)), minimum)
    }

    /// A randomised interval: T × [0.5, 1.5) ÷ (e − 3/2) (§6.3.1).
    public func interval(random: inout some RandomSource) -> Duration {
        let draw = Double(random.next64() >> 11) / Double(1 << 53)
        return deterministicInterval * ((draw + 0.5) / Self.compensation)
    }

    /// The interval after which a silent member times out (§6.3.5: five deterministic intervals with the
    /// full minimum).
    public var memberTimeout: Duration {
        var copy = self
        copy.isInitial = false
        return copy.deterministicInterval * 5
    }

    /// Updates the membership figures (ourselves included) and whether we sent since the last report.
    /// When members decrease, §6.3.4's reverse reconsideration brings tn and tp closer to `now`.
    public mutating func update(members newMembers: Int, senders newSenders: Int, weSent sent: Bool, now: Instant) {
        let m = max(newMembers, 1)
        if m < previousMembers, nextTransmission > now {
            let ratio = Double(m) / Double(previousMembers)
            nextTransmission = now + (nextTransmission - now) * ratio
            lastTransmission = now + (.zero - (now - lastTransmission) * ratio)
            previousMembers = m
        }
        members = m
        senders = max(min(newSenders, m), 0)
        weSent = sent
    }

    /// Notes a compound RTCP packet received, `size` octets with UDP/IP headers (§6.3.3).
    public mutating func received(packetSize size: Int) {
        averagePacketSize += (Double(size) - averagePacketSize) / 16
    }

    /// Called when `nextTransmission` is reached (§6.3.6, A.7 OnExpire): true means send a report now,
    /// then call ``sent(packetSize:now:random:)``; false means the timer was moved later by reconsideration.
    public mutating func timerExpired(now: Instant, random: inout some RandomSource) -> Bool {
        guard now >= nextTransmission else { return false }
        let t = interval(random: &random)
        if lastTransmission + t <= now { return true }
        nextTransmission = lastTransmission + t
        return false
    }

    /// Notes our report of `size` octets (UDP/IP headers included) sent at `now` and schedules the next.
    public mutating func sent(packetSize size: Int, now: Instant, random: inout some RandomSource) {
        averagePacketSize += (Double(size) - averagePacketSize) / 16
        isInitial = false
        lastTransmission = now
        previousMembers = members
        nextTransmission = now + interval(random: &random)
    }

    /// Whether a BYE may go at once when leaving (§6.3.7: below 50 members; larger sessions must use BYE
    /// reconsideration, which this scheduler does not do).
    public var mayLeaveAtOnce: Bool { members < 50 }
}
