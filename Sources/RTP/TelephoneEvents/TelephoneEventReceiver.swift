import StackCore

/// Receives RFC 4733 telephone events (§2.5.2) and reports each event once: when it begins (whether or
/// not its marker packet arrived) and when it ends, however many redundant end packets arrive, however
/// they are reordered, and across the segments of a long event. An event whose end packets are all lost
/// ends when the next event begins or after ``timeout`` of silence. A value; time is an argument.
public struct TelephoneEventReceiver: Sendable, Hashable {
    /// What the receiver reports.
    public enum Notification: Sendable, Hashable {
        /// An event began at `timestamp`.
        case began(event: UInt8, timestamp: RTPTimestamp)
        /// The event that began at `timestamp` ended after `duration` timestamp units (its whole length,
        /// segments included); `confirmed` is false when no end packet came (a timeout or the next event).
        case ended(event: UInt8, timestamp: RTPTimestamp, duration: Int, volume: UInt8, confirmed: Bool)
    }

    /// Why a payload was refused.
    public enum PayloadError: Error, Sendable, Hashable {
        /// Fewer than four bytes.
        case truncated
    }

    /// Silence after which an unended event is taken as ended.
    public var timeout: Duration

    private struct Active: Sendable, Hashable {
        var event: UInt8
        var start: RTPTimestamp
        var segment: RTPTimestamp
        var duration: Int
        var volume: UInt8
        var lastHeard: Instant
    }

    private var active: Active?
    /// The last segment timestamp of the last finished event: packets at or before it are late or
    /// redundant and ignored.
    private var lastFinished: RTPTimestamp?

    /// A receiver; `timeout` defaults to 500 ms, above the usual 50 ms packet interval by a wide margin.
    public init(timeout: Duration = .milliseconds(500)) { self.timeout = timeout }

    /// Takes a telephone-event packet's payload, timestamp and arrival time.
    public mutating func receive(payload: ArraySlice<UInt8>, timestamp: RTPTimestamp, at now: Instant) throws(PayloadError) -> [Notification] {
        guard let e = TelephoneEvent(parsing: payload) else { throw .truncated }
        var out: [Notification] = []
        if var a = active {
            // The same event, or its next segment (§2.5.1.3: a new timestamp where the last segment ended).
            let sameSegment = timestamp == a.segment
            let nextSegment = e.event == a.event && a.segment.advanced(by: Int(UInt16.max)) == timestamp
            if sameSegment || nextSegment {
                if nextSegment { a.segment = timestamp }
                let offset = a.segment.distance(to: timestamp) + a.start.distance(to: a.segment)
                a.duration = max(a.duration, offset + Int(e.duration))
                a.volume = e.volume
                a.lastHeard = now
                active = a
                if e.isEnd { out.append(finish(confirmed: true)) }
                return out
            }
            // An older packet (a late one of a finished event) is ignored; a newer one starts a new event.
            guard a.segment < timestamp else { return [] }
            out.append(finish(confirmed: false))
        }
        if let last = lastFinished, !(last < timestamp) { return out }
        active = Active(event: e.event, start: timestamp, segment: timestamp, duration: Int(e.duration), volume: e.volume, lastHeard: now)
        out.append(.began(event: e.event, timestamp: timestamp))
        if e.isEnd { out.append(finish(confirmed: true)) }
        return out
    }

    /// Ends an event silent for longer than ``timeout`` (its end packets lost).
    public mutating func expire(now: Instant) -> [Notification] {
        guard let a = active, now - a.lastHeard > timeout else { return [] }
        return [finish(confirmed: false)]
    }

    /// Whether an event is in progress.
    public var isActive: Bool { active != nil }

    private mutating func finish(confirmed: Bool) -> Notification {
        let a = active!
        active = nil
        lastFinished = a.segment
        return .ended(event: a.event, timestamp: a.start, duration: a.duration, volume: a.volume, confirmed: confirmed)
    }
}
