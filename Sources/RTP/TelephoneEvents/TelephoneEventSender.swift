import StackCore

/// One packet the sender wants sent: its payload, RTP timestamp and marker bit; the media runtime
/// gives it the stream's next sequence number.
public struct TelephoneEventPacket: Sendable, Hashable {
    /// The payload.
    public var payload: TelephoneEvent
    /// The event's (or segment's) start timestamp, the same for all its packets (RFC 4733 §2.3.1).
    public var timestamp: RTPTimestamp
    /// Set on the first packet of an event (§2.3.1).
    public var marker: Bool
}

/// Sends RFC 4733 telephone events (§2.5.1): a first packet with the marker bit, a continuation packet
/// every packet interval with the growing duration, and the final duration three times with the E bit.
/// Events longer than the 16-bit duration are split into segments (§2.5.1.3). A value; the runtime calls
/// ``tick()`` once per packet interval.
public struct TelephoneEventSender: Sendable, Hashable {
    /// The RTP clock rate of the telephone-event payload type (8000 unless negotiated otherwise).
    public let clockRate: Int
    /// Timestamp units between packets (e.g. 50 ms = 400 at 8 kHz).
    public let unitsPerPacket: Int
    /// The volume sent, 0–63 −dBm0.
    public var volume: UInt8
    /// How many end packets to send (3, §2.5.1.4).
    public var endPackets: Int

    /// The event being sent: its code, the current segment's start and the duration within it.
    private struct Active: Sendable, Hashable {
        var event: UInt8
        var timestamp: RTPTimestamp
        var duration: Int

        /// Moves on by `units`; past the 16-bit limit a new segment starts where the last ended (§2.5.1.3).
        mutating func advance(by units: Int) {
            duration += units
            while duration > Int(UInt16.max) {
                timestamp = timestamp.advanced(by: Int(UInt16.max))
                duration -= Int(UInt16.max)
            }
        }
    }

    private var current: Active?

    /// A sender for a `clockRate` payload sending a packet every `packetInterval`.
    public init(clockRate: Int = 8000, packetInterval: Duration = .milliseconds(50), volume: UInt8 = 10, endPackets: Int = 3) {
        self.clockRate = max(clockRate, 1)
        unitsPerPacket = max(Self.units(packetInterval, clockRate: self.clockRate), 1)
        self.volume = volume & 0x3F
        self.endPackets = max(endPackets, 1)
    }

    /// Whether an event is being sent.
    public var isActive: Bool { current != nil }

    /// Starts `event` at `timestamp` (the media clock's current position) and returns its first packet.
    /// An event already active is ended first, its end packets returned before the new start.
    public mutating func start(event: UInt8, at timestamp: RTPTimestamp) -> [TelephoneEventPacket] {
        let ended = stop()
        current = Active(event: event, timestamp: timestamp, duration: 0)
        return ended + [TelephoneEventPacket(payload: TelephoneEvent(event: event, volume: volume, duration: 0), timestamp: timestamp, marker: true)]
    }

    /// The next continuation packet, one packet interval on; nil when no event is active. At the 16-bit
    /// limit the segment ends and a new one starts at its end timestamp (§2.5.1.3).
    public mutating func tick() -> TelephoneEventPacket? {
        guard var c = current else { return nil }
        c.advance(by: unitsPerPacket)
        current = c
        return TelephoneEventPacket(payload: TelephoneEvent(event: c.event, volume: volume, duration: UInt16(c.duration)),
                                    timestamp: c.timestamp, marker: false)
    }

    /// Ends the active event: the final duration with the E bit, ``endPackets`` times; empty when none is active.
    public mutating func stop() -> [TelephoneEventPacket] {
        guard let c = current else { return [] }
        current = nil
        let end = TelephoneEventPacket(payload: TelephoneEvent(event: c.event, isEnd: true, volume: volume, duration: UInt16(c.duration)),
                                       timestamp: c.timestamp, marker: false)
        return Array(repeating: end, count: endPackets)
    }

    /// Every packet of an event lasting `duration`, in order: start, continuations, end packets.
    public mutating func packets(event: UInt8, at timestamp: RTPTimestamp, lasting duration: Duration) -> [TelephoneEventPacket] {
        let units = Self.units(duration, clockRate: clockRate)
        var out = start(event: event, at: timestamp)
        var sent = 0
        while sent + unitsPerPacket < units, let p = tick() {
            out.append(p)
            sent += unitsPerPacket
        }
        if units > sent, var c = current {
            c.advance(by: units - sent)  // the last stretch, shorter than a packet interval
            current = c
        }
        return out + stop()
    }

    /// `duration` in ticks of a `clockRate` Hz clock, to the millisecond.
    private static func units(_ duration: Duration, clockRate: Int) -> Int {
        Int(duration.nanosecondsClamped / 1_000_000) * clockRate / 1000
    }
}
