import StackCore

/// %HH escapes in URIs (RFC 3261 §19.1.2, §25.1): checking and decoding, never recursive.
public enum PercentEncoding {
    /// Decodes every `%HH`; a `%` not followed by two hex digits is kept as is.
    public static func decode(_ b: some Collection<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var it = Array(b)[...]
        while let c = it.popFirst() {
            if c == 0x25, it.count >= 2,
                let h = ASCII.hexValue(it[it.startIndex]), let l = ASCII.hexValue(it[it.startIndex + 1])
            {
                out.append(h << 4 | l)
                it = it.dropFirst(2)
            } else {
                out.append(c)
            }
        }
        return out
    }

    /// Escapes every byte not accepted by `allowed`.
    public static func encode(_ b: some Sequence<UInt8>, allowed: (UInt8) -> Bool) -> [UInt8] {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for c in b {
            if allowed(c) { out.append(c) } else { out += [0x25, hex[Int(c >> 4)], hex[Int(c & 0xF)]] }
        }
        return out
    }

    /// Checks a run of URI characters: each byte passes `allowed` or starts a complete `%HH`.
    /// Returns the offset of the first bad byte, or nil when all is well.
    @inline(__always)
    static func firstInvalid<C: RandomAccessCollection<UInt8>>(_ b: C, allowed: (UInt8) -> Bool) -> Int? where C.Index == Int {
        var i = b.startIndex
        while i < b.endIndex {
            let c = b[i]
            if c == 0x25 {
                guard i + 2 < b.endIndex, ASCII.hexValue(b[i + 1]) != nil, ASCII.hexValue(b[i + 2]) != nil
                else { return i }
                i += 3
            } else {
                if !allowed(c) { return i }
                i += 1
            }
        }
        return nil
    }
}
