import StackCore

/// A synchronization source identifier (RFC 3550 §5.1).
public struct SSRC: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The 32-bit value.
    public var rawValue: UInt32
    /// An SSRC from its value.
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// An SSRC from its value.
    public init(_ value: UInt32) { rawValue = value }
    public var description: String { String(rawValue, radix: 16) }
}

/// An RTP payload type, 0–127 (RFC 3550 §5.1, RFC 3551 §6).
public struct PayloadType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The 7-bit value.
    public let rawValue: UInt8
    /// A payload type; nil above 127.
    public init?(rawValue: UInt8) {
        guard rawValue < 128 else { return nil }
        self.rawValue = rawValue
    }
    init(unchecked value: UInt8) { rawValue = value & 0x7F }
    public var description: String { String(rawValue) }
}

/// An RTP sequence number: 16 bits that wrap, ordered by RFC 1982 serial arithmetic.
public struct SequenceNumber: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The 16-bit value.
    public var rawValue: UInt16
    /// A sequence number from its value.
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    /// A sequence number from its value.
    public init(_ value: UInt16) { rawValue = value }

    /// Serial order (RFC 1982 §3.2): 65535 precedes 0.
    public static func < (a: Self, b: Self) -> Bool { SerialNumber.isLess(a.rawValue, b.rawValue) }
    /// The signed distance to `other` the short way round (−32768…32767).
    public func distance(to other: Self) -> Int { SerialNumber.distance(from: rawValue, to: other.rawValue) }
    /// The number `n` steps on, wrapping.
    public func advanced(by n: Int) -> Self { Self(rawValue &+ UInt16(truncatingIfNeeded: n)) }
    public var description: String { String(rawValue) }
}

/// An RTP timestamp: 32 bits in the payload's clock that wrap, ordered by RFC 1982 serial arithmetic.
public struct RTPTimestamp: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The 32-bit value.
    public var rawValue: UInt32
    /// A timestamp from its value.
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// A timestamp from its value.
    public init(_ value: UInt32) { rawValue = value }

    /// Serial order (RFC 1982 §3.2).
    public static func < (a: Self, b: Self) -> Bool { SerialNumber.isLess(a.rawValue, b.rawValue) }
    /// The signed distance to `other` the short way round.
    public func distance(to other: Self) -> Int { SerialNumber.distance(from: rawValue, to: other.rawValue) }
    /// The timestamp `n` clock ticks on, wrapping.
    public func advanced(by n: Int) -> Self { Self(rawValue &+ UInt32(truncatingIfNeeded: n)) }
    public var description: String { String(rawValue) }
}
