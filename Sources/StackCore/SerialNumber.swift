/// RFC 1982 serial-number arithmetic on 16- and 32-bit counters (RTP sequence numbers, timestamps).
public enum SerialNumber {
    /// True when `a` precedes `b` in serial order (RFC 1982 §3.2); undefined halves compare false.
    @inlinable public static func isLess(_ a: UInt16, _ b: UInt16) -> Bool {
        a != b && (b &- a) < 0x8000
    }

    /// True when `a` precedes `b` in serial order for 32-bit values.
    @inlinable public static func isLess(_ a: UInt32, _ b: UInt32) -> Bool {
        a != b && (b &- a) < 0x8000_0000
    }

    /// The signed distance from `a` to `b`, taking the shorter way round the circle.
    @inlinable public static func distance(from a: UInt16, to b: UInt16) -> Int {
        Int(Int16(bitPattern: b &- a))
    }

    /// The signed distance from `a` to `b` for 32-bit values.
    @inlinable public static func distance(from a: UInt32, to b: UInt32) -> Int {
        Int(Int32(bitPattern: b &- a))
    }
}
