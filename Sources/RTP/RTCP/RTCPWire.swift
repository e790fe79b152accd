import StackCore

/// Big-endian writes.
extension ByteWriter {
    @inline(__always)
    mutating func write16(_ v: UInt16) {
        write(byte: UInt8(v >> 8))
        write(byte: UInt8(v & 0xFF))
    }

    @inline(__always)
    mutating func write32(_ v: UInt32) {
        write16(UInt16(v >> 16))
        write16(UInt16(v & 0xFFFF))
    }

    /// Zero bytes up to the next multiple of four.
    mutating func padToWord() {
        while count % 4 != 0 { write(byte: 0) }
    }
}

/// The bytes of one RTCP packet inside a compound one: the body after the 4-byte common header,
/// the header's count field, and where the packet starts for error offsets.
struct RTCPBody {
    /// The body (after the header, without padding).
    var bytes: ArraySlice<UInt8>
    /// The 5-bit count (reception report count, source count, subtype or FMT).
    var count: Int
    /// The index, in `bytes`' base, of the start of the compound packet; offsets in errors are relative to it.
    var origin: Int

    /// The error offset of index `i`.
    func offset(_ i: Int) -> Int { i - origin }

    /// Throws `invalidLength` unless `n` bytes are there from index `i`.
    func need(_ n: Int, at i: Int) throws(RTCPError) {
        guard n >= 0, bytes.endIndex - i >= n else { throw RTCPError(.invalidLength, at: offset(min(i, bytes.endIndex))) }
    }
}

/// Writes an RTCP common header (RFC 3550 §6.4.1) for a body of `bodyLength` bytes, which must be a
/// whole number of words.
func writeRTCPHeader(_ w: inout ByteWriter, type: RTCPPacketType, count: Int, bodyLength: Int) throws(RTCPError) {
    guard (0...31).contains(count), bodyLength % 4 == 0, bodyLength / 4 <= 0xFFFF else { throw RTCPError(.doesNotFit, at: w.count) }
    w.write(byte: 0x80 | UInt8(count))
    w.write(byte: type.rawValue)
    w.write16(UInt16(bodyLength / 4))
}
