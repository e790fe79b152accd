/// Big-endian reads from a packet's bytes; callers check bounds first.
extension ArraySlice<UInt8> {
    @inline(__always)
    func be16(_ i: Int) -> UInt16 { UInt16(self[i]) << 8 | UInt16(self[i + 1]) }

    @inline(__always)
    func be32(_ i: Int) -> UInt32 { UInt32(self[i]) << 24 | UInt32(self[i + 1]) << 16 | UInt32(self[i + 2]) << 8 | UInt32(self[i + 3]) }
}
