import StackCore

/// Validation and normalisation of textual IPv4 and IPv6 addresses (RFC 3261 §25.1, RFC 4291 §2.2).
enum IPAddressText {
    /// A dotted-quad IPv4 address as a 32-bit number, or nil (no allocation).
    static func ipv4Value<C: Collection<UInt8>>(_ b: C) -> UInt32? {
        var result: UInt32 = 0
        var value: UInt32 = 0, digits = 0, dots = 0
        for c in b {
            if ASCII.isDigit(c) {
                value = value * 10 + UInt32(c - 0x30)
                digits += 1
                if digits > 3 || value > 255 { return nil }
            } else if c == 0x2E {
                guard digits > 0, dots < 3 else { return nil }
                result = result << 8 | value
                value = 0; digits = 0; dots += 1
            } else {
                return nil
            }
        }
        guard digits > 0, dots == 3 else { return nil }
        return result << 8 | value
    }

    /// The sixteen bytes of an IPv6 address in any RFC 4291 text form (with an IPv4 tail), or nil.
    static func ipv6<C: RandomAccessCollection<UInt8>>(_ b: C) -> [UInt8]? where C.Index == Int {
        guard b.count >= 2, b.count <= 45 else { return nil }
        var groups: [UInt16] = []
        var gapAt: Int? = nil
        var i = b.startIndex
        if b[i] == 0x3A {
            guard b[i + 1] == 0x3A else { return nil }
            gapAt = 0
            i += 2
        }
        var tail: [UInt8] = []
        while i < b.endIndex {
            var j = i
            while j < b.endIndex, ASCII.hexValue(b[j]) != nil { j += 1 }
            if j < b.endIndex, b[j] == 0x2E {
                // IPv4 tail: the rest of the text is a dotted quad.
                guard let v4 = ipv4Value(b[i...]) else { return nil }
                tail = [UInt8(v4 >> 24), UInt8((v4 >> 16) & 0xFF), UInt8((v4 >> 8) & 0xFF), UInt8(v4 & 0xFF)]
                i = b.endIndex
                break
            }
            guard j > i, j - i <= 4 else { return nil }
            groups.append(b[i..<j].reduce(0) { $0 << 4 | UInt16(ASCII.hexValue($1) ?? 0) })
            i = j
            if i == b.endIndex { break }
            guard b[i] == 0x3A else { return nil }
            i += 1
            if i < b.endIndex, b[i] == 0x3A {
                guard gapAt == nil else { return nil }
                gapAt = groups.count
                i += 1
                if i == b.endIndex { break }
            } else if i == b.endIndex {
                return nil
            }
        }
        let total = groups.count + tail.count / 2
        if let gap = gapAt {
            guard total < 8 else { return nil }
            groups.insert(contentsOf: repeatElement(0, count: 8 - total), at: gap)
        } else {
            guard total == 8 else { return nil }
        }
        var out: [UInt8] = []
        out.reserveCapacity(16)
        for g in groups { out.append(UInt8(g >> 8)); out.append(UInt8(g & 0xFF)) }
        out.append(contentsOf: tail)
        return out.count == 16 ? out : nil
    }
}
