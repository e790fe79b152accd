/// Fast searches over bytes, eight at a time (SWAR), for the parsers' hot loops.
public enum ByteSearch {
    /// The index of the first `byte` in `buffer[from..<buffer.count]`, or nil.
    @inlinable
    public static func firstIndex(of byte: UInt8, in buffer: UnsafeRawBufferPointer, from: Int) -> Int? {
        var i = from
        let n = buffer.count
        let pattern = UInt64(byte) &* 0x0101_0101_0101_0101
        while i + 8 <= n {
            let word = buffer.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ pattern
            // A zero byte in `word` marks a match (the classic has-zero-byte test).
            let found = (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
            if found != 0 { return i + (UInt64(littleEndian: found).trailingZeroBitCount >> 3) }
            i += 8
        }
        while i < n {
            if buffer[i] == byte { return i }
            i += 1
        }
        return nil
    }

    /// Compares bytes with an ASCII literal exactly.
    @inlinable
    public static func equals(_ bytes: ArraySlice<UInt8>, _ literal: StaticString) -> Bool {
        literal.withUTF8Buffer { l in
            guard bytes.count == l.count else { return false }
            var j = bytes.startIndex
            for c in l {
                if bytes[j] != c { return false }
                j += 1
            }
            return true
        }
    }
}
