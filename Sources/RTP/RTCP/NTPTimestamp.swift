/// A 64-bit NTP timestamp (RFC 3550 §4): seconds since 1 January 1900 and a binary fraction.
public struct NTPTimestamp: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The 64-bit value: whole seconds in the high 32 bits, the fraction in the low 32.
    public var rawValue: UInt64
    /// A timestamp from its value.
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// A timestamp from seconds and fraction.
    public init(seconds: UInt32, fraction: UInt32) { rawValue = UInt64(seconds) << 32 | UInt64(fraction) }

    /// Seconds between the NTP era (1900) and the Unix epoch (1970).
    public static let unixEpochOffset: UInt64 = 2_208_988_800

    /// The NTP time of a Unix time given in nanoseconds (wrapping at the end of NTP era 0, in 2036).
    public init(unixNanoseconds ns: Int64) {
        let secs = UInt64(max(ns, 0)) / 1_000_000_000
        let rem = UInt64(max(ns, 0)) % 1_000_000_000
        let fraction = (rem << 32) / 1_000_000_000
        rawValue = (secs &+ Self.unixEpochOffset) << 32 | fraction
    }

    /// Whole seconds.
    public var seconds: UInt32 { UInt32(truncatingIfNeeded: rawValue >> 32) }
    /// The fraction of a second, in 1/2³² units.
    public var fraction: UInt32 { UInt32(truncatingIfNeeded: rawValue) }
    /// The middle 32 bits, in 1/65536 s units: what LSR and the round-trip computation use (§6.4.1).
    public var middle32: UInt32 { UInt32(truncatingIfNeeded: rawValue >> 16) }

    /// The round trip A − LSR − DLSR for a reply arriving at this time (RFC 3550 §6.4.1, RFC 3611 §4.5),
    /// all in 1/65536 s; nil when `lastReport` is 0 (none yet) or the result would be negative.
    func roundTripTime(lastReport: UInt32, delaySince: UInt32) -> Duration? {
        guard lastReport != 0 else { return nil }
        let units = middle32 &- lastReport &- delaySince
        guard units < 0x8000_0000 else { return nil }
        return .nanoseconds(Int64(units) * 1_000_000_000 / 65536)
    }

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    public var description: String { "\(seconds).\(String(fraction, radix: 16))" }
}
