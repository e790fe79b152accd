/// ASCII helpers shared by the text protocols (SIP, SDP): case folding, digits, comparison.
public enum ASCII {
    public static let cr: UInt8 = 0x0D
    public static let lf: UInt8 = 0x0A
    public static let space: UInt8 = 0x20
    public static let tab: UInt8 = 0x09

    /// Lowers an ASCII capital letter; other bytes are returned unchanged.
    @inlinable @inline(__always)
    public static func lower(_ c: UInt8) -> UInt8 { (c &- 0x41) < 26 ? c | 0x20 : c }

    /// True for 0-9.
    @inlinable @inline(__always)
    public static func isDigit(_ c: UInt8) -> Bool { (c &- 0x30) < 10 }

    /// True for A-Z and a-z.
    @inlinable @inline(__always)
    public static func isAlpha(_ c: UInt8) -> Bool { ((c | 0x20) &- 0x61) < 26 }

    /// True for SP and HTAB.
    @inlinable @inline(__always)
    public static func isBlank(_ c: UInt8) -> Bool { c == space || c == tab }

    /// The value of a hexadecimal digit, or nil.
    @inlinable
    public static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x41...0x46: return c - 0x41 + 10
        case 0x61...0x66: return c - 0x61 + 10
        default: return nil
        }
    }

    /// Compares two byte collections ignoring ASCII case.
    @inlinable
    public static func equalsIgnoringCase<A: Collection<UInt8>, B: Collection<UInt8>>(_ a: A, _ b: B) -> Bool {
        guard a.count == b.count else { return false }
        var j = b.startIndex
        for c in a {
            if lower(c) != lower(b[j]) { return false }
            j = b.index(after: j)
        }
        return true
    }

    /// True when `bytes` starts with the ASCII literal `prefix`, ignoring case (a fast path for
    /// scheme and version checks).
    @inlinable
    public static func hasPrefixIgnoringCase(_ bytes: ArraySlice<UInt8>, _ prefix: StaticString) -> Bool {
        prefix.withUTF8Buffer { p in
            guard bytes.count >= p.count else { return false }
            var j = bytes.startIndex
            for c in p {
                if lower(bytes[j]) != lower(c) { return false }
                j += 1
            }
            return true
        }
    }

    /// Parses 1*DIGIT as an unsigned number no larger than `limit`; nil on anything else or overflow.
    @inlinable
    public static func parseDecimal<C: Collection<UInt8>>(_ digits: C, limit: UInt64) -> UInt64? {
        guard !digits.isEmpty else { return nil }
        var value: UInt64 = 0
        for c in digits {
            guard isDigit(c) else { return nil }
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(UInt64(c &- 0x30))
            if o1 || o2 || s > limit { return nil }
            value = s
        }
        return value
    }
}
