/// A point on a monotonic clock, in nanoseconds since an arbitrary origin.
///
/// Sans-I/O cores never read a clock; they take an `Instant` with each event (ARCHITECTURE.md).
public struct Instant: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Nanoseconds since the clock's origin.
    public var nanoseconds: Int64

    /// An instant `nanoseconds` after the origin.
    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    /// The clock's origin.
    public static let zero = Instant(nanoseconds: 0)

    public static func < (a: Instant, b: Instant) -> Bool { a.nanoseconds < b.nanoseconds }

    /// The instant `d` later (saturating rather than trapping on overflow).
    public static func + (a: Instant, d: Duration) -> Instant {
        let (sum, overflow) = a.nanoseconds.addingReportingOverflow(d.nanosecondsClamped)
        return Instant(nanoseconds: overflow ? (d > .zero ? .max : .min) : sum)
    }

    /// The time from `b` to `a`.
    public static func - (a: Instant, b: Instant) -> Duration {
        .nanoseconds(a.nanoseconds &- b.nanoseconds)
    }

    public var description: String { "\(Double(nanoseconds) / 1e9)s" }
}

extension Duration {
    /// This duration in whole nanoseconds, clamped to the range of `Int64`.
    public var nanosecondsClamped: Int64 {
        let (seconds, attoseconds) = components
        let (ns, o1) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let (sum, o2) = ns.addingReportingOverflow(attoseconds / 1_000_000_000)
        if o1 || o2 { return seconds < 0 ? .min : .max }
        return sum
    }
}

/// A source of the current time, injected into runtimes; tests use a manual clock.
public protocol SIPClock: Sendable {
    /// The current instant.
    func now() -> Instant
}

/// The system's monotonic clock.
public struct MonotonicClock: SIPClock {
    public init() {}
    /// Reads `ContinuousClock` once; only runtimes call this, never the pure cores.
    public func now() -> Instant {
        let d = ContinuousClock.now - MonotonicClock.origin
        return Instant(nanoseconds: d.nanosecondsClamped)
    }

    private static let origin = ContinuousClock.now
}
