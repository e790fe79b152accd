/// ITU-T G.711 companding in Swift: µ-law and A-law, bit-exact with spandsp's implementation (the
/// tests compare all 65 536 inputs and 256 codes) and with the decoder outputs of the G.711 tables.
public enum G711: Sendable, Hashable {
    /// µ-law (PCMU, North America and Japan).
    case muLaw
    /// A-law (PCMA, the rest of the world).
    case aLaw

    /// One 16-bit sample to its 8-bit code.
    @inlinable
    public func encode(_ sample: Int16) -> UInt8 {
        switch self {
        case .muLaw: return G711.muLawEncode(sample)
        case .aLaw: return G711.aLawEncode(sample)
        }
    }

    /// One 8-bit code to its 16-bit sample.
    @inlinable
    public func decode(_ code: UInt8) -> Int16 {
        switch self {
        case .muLaw: return G711.muLawTable[Int(code)]
        case .aLaw: return G711.aLawTable[Int(code)]
        }
    }

    /// Encodes all of `pcm` into the start of `codes`, which must be at least as long: the law and
    /// the bounds are settled once, not per sample.
    func encode(_ pcm: borrowing Span<Int16>, into codes: inout MutableSpan<UInt8>) {
        precondition(codes.count >= pcm.count)
        pcm.withUnsafeBufferPointer { input in
            codes.withUnsafeMutableBufferPointer { output in
                switch self {
                case .muLaw: for i in input.indices { output[i] = G711.muLawEncode(input[i]) }
                case .aLaw: for i in input.indices { output[i] = G711.aLawEncode(input[i]) }
                }
            }
        }
    }

    /// Decodes all of `codes` into the start of `pcm`, which must be at least as long.
    func decode(_ codes: borrowing Span<UInt8>, into pcm: inout MutableSpan<Int16>) {
        precondition(pcm.count >= codes.count)
        let table = self == .muLaw ? G711.muLawTable : G711.aLawTable
        table.withUnsafeBufferPointer { table in
            codes.withUnsafeBufferPointer { input in
                pcm.withUnsafeMutableBufferPointer { output in
                    for i in input.indices { output[i] = table[Int(input[i])] }
                }
            }
        }
    }

    /// The segment (exponent) of a magnitude whose top bit is at or above bit 7: 0 for bit 7, up to
    /// 7 for bit 14; 8 and above means the magnitude is past the top segment.
    @usableFromInline
    static func segment(_ magnitude: Int) -> Int {
        (Int.bitWidth - 1 - (magnitude | 0xFF).leadingZeroBitCount) - 7
    }

    /// µ-law (G.711 §2, Table 2): the magnitude plus the bias of 0x84 (33 in 14-bit units) picks the
    /// segment; the code is the segment and four mantissa bits, inverted, with the sign on top.
    @usableFromInline
    static func muLawEncode(_ sample: Int16) -> UInt8 {
        let bias = 0x84
        let x = Int(sample)
        let (magnitude, mask) = x < 0 ? (bias - x, 0x7F) : (bias + x, 0xFF)
        let seg = segment(magnitude)
        guard seg < 8 else { return UInt8(0x7F ^ mask) }
        return UInt8(((seg << 4) | ((magnitude >> (seg + 3)) & 0x0F)) ^ mask)
    }

    /// A-law (G.711 §3, Table 1): even bits inverted (the 0x55 mask), sign bit set for positive samples.
    @usableFromInline
    static func aLawEncode(_ sample: Int16) -> UInt8 {
        let x = Int(sample)
        let (magnitude, mask) = x >= 0 ? (x, 0xD5) : (-x - 1, 0x55)
        let seg = segment(magnitude)
        guard seg < 8 else { return UInt8(0x7F ^ mask) }
        let shift = seg == 0 ? 4 : seg + 3
        return UInt8(((seg << 4) | ((magnitude >> shift) & 0x0F)) ^ mask)
    }

    /// The 256 µ-law reconstruction values (G.711 Table 2, "decoder output").
    @usableFromInline
    static let muLawTable: [Int16] = (0...255).map { code in
        let bias = 0x84
        let u = ~code & 0xFF
        let t = (((u & 0x0F) << 3) + bias) << ((u & 0x70) >> 4)
        return Int16((u & 0x80) != 0 ? bias - t : t - bias)
    }

    /// The 256 A-law reconstruction values (G.711 Table 1, "decoder output").
    @usableFromInline
    static let aLawTable: [Int16] = (0...255).map { code in
        let a = code ^ 0x55
        var magnitude = (a & 0x0F) << 4
        let seg = (a & 0x70) >> 4
        magnitude = seg == 0 ? magnitude + 8 : (magnitude + 0x108) << (seg - 1)
        return Int16((a & 0x80) != 0 ? magnitude : -magnitude)
    }
}
