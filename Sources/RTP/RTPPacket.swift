/// An RTP data packet (RFC 3550 §5.1). Parsing keeps slices of the caller's bytes for the payload and
/// the extension, so nothing is copied; serializing writes into the caller's buffer.
public struct RTPPacket: Sendable, Hashable {
    /// The marker bit (the start of a talk spurt for audio, RFC 3551 §4.1).
    public var marker: Bool
    /// The payload type.
    public var payloadType: PayloadType
    /// The sequence number.
    public var sequenceNumber: SequenceNumber
    /// The timestamp, in the payload's clock.
    public var timestamp: RTPTimestamp
    /// The synchronization source.
    public var ssrc: SSRC
    /// The contributing sources (at most 15).
    public var csrcs: [SSRC]
    /// The header extension, when the X bit is set.
    public var headerExtension: RTPHeaderExtension?
    /// The payload.
    public var payload: ArraySlice<UInt8>
    /// Padding octets after the payload (0 for none; the last one holds the count, RFC 3550 §5.1).
    public var paddingCount: Int

    /// A packet from parts.
    public init(marker: Bool = false, payloadType: PayloadType, sequenceNumber: SequenceNumber, timestamp: RTPTimestamp,
                ssrc: SSRC, csrcs: [SSRC] = [], headerExtension: RTPHeaderExtension? = nil,
                payload: ArraySlice<UInt8>, paddingCount: Int = 0)
    {
        self.marker = marker
        self.payloadType = payloadType
        self.sequenceNumber = sequenceNumber
        self.timestamp = timestamp
        self.ssrc = ssrc
        self.csrcs = csrcs
        self.headerExtension = headerExtension
        self.payload = payload
        self.paddingCount = paddingCount
    }

    /// Parses one packet; `payload` and the extension data are slices of `bytes`.
    public init(parsing bytes: ArraySlice<UInt8>) throws(RTPError) {
        let s = bytes.startIndex
        guard bytes.count >= 12 else { throw RTPError(.truncated, at: bytes.count) }
        let b0 = bytes[s], b1 = bytes[s + 1]
        guard b0 >> 6 == 2 else { throw RTPError(.unsupportedVersion, at: 0) }
        marker = b1 & 0x80 != 0
        payloadType = PayloadType(unchecked: b1)
        sequenceNumber = SequenceNumber(bytes.be16(s + 2))
        timestamp = RTPTimestamp(bytes.be32(s + 4))
        ssrc = SSRC(bytes.be32(s + 8))
        var i = s + 12
        let csrcCount = Int(b0 & 0x0F)
        guard bytes.endIndex - i >= csrcCount * 4 else { throw RTPError(.truncated, at: bytes.count) }
        csrcs = []
        if csrcCount > 0 {
            csrcs.reserveCapacity(csrcCount)
            for _ in 0..<csrcCount {
                csrcs.append(SSRC(bytes.be32(i)))
                i += 4
            }
        }
        if b0 & 0x10 != 0 {  // §5.3.1: profile, length in words, data
            guard bytes.endIndex - i >= 4 else { throw RTPError(.truncated, at: i - s) }
            let profile = bytes.be16(i)
            let length = Int(bytes.be16(i + 2)) * 4
            i += 4
            guard bytes.endIndex - i >= length else { throw RTPError(.truncated, at: i - s) }
            headerExtension = RTPHeaderExtension(profile: profile, data: bytes[i..<(i + length)])
            i += length
        } else {
            headerExtension = nil
        }
        var end = bytes.endIndex
        if b0 & 0x20 != 0 {
            guard end > i else { throw RTPError(.invalidPadding, at: end - s) }
            let count = Int(bytes[end - 1])
            guard count >= 1, count <= end - i else { throw RTPError(.invalidPadding, at: end - 1 - s) }
            end -= count
            paddingCount = count
        } else {
            paddingCount = 0
        }
        payload = bytes[i..<end]
    }

    /// Parses one packet from a whole array.
    public init(parsing bytes: [UInt8]) throws(RTPError) { try self.init(parsing: bytes[...]) }

    /// The packet's size on the wire.
    public var serializedSize: Int {
        12 + 4 * csrcs.count + (headerExtension.map { 4 + ($0.data.count + 3) / 4 * 4 } ?? 0) + payload.count + paddingCount
    }

    /// Writes the packet at the start of `buffer` and returns its size; throws ``RTPError/Kind/doesNotFit``
    /// when the buffer is too small or the packet cannot be encoded (over 15 CSRCs, padding over 255,
    /// an extension over 65535 words).
    public func serialize(into buffer: UnsafeMutableRawBufferPointer) throws(RTPError) -> Int {
        let size = serializedSize
        guard size <= buffer.count, csrcs.count <= 15, (0...255).contains(paddingCount) else { throw RTPError(.doesNotFit, at: 0) }
        let extWords = headerExtension.map { ($0.data.count + 3) / 4 } ?? 0
        guard extWords <= 0xFFFF else { throw RTPError(.doesNotFit, at: 0) }
        var i = 0
        func put(_ b: UInt8) { buffer[i] = b; i += 1 }
        func put16(_ v: UInt16) { put(UInt8(v >> 8)); put(UInt8(v & 0xFF)) }
        func put32(_ v: UInt32) { put16(UInt16(v >> 16)); put16(UInt16(v & 0xFFFF)) }
        put(0x80 | (paddingCount > 0 ? 0x20 : 0) | (headerExtension != nil ? 0x10 : 0) | UInt8(csrcs.count))
        put((marker ? 0x80 : 0) | payloadType.rawValue)
        put16(sequenceNumber.rawValue)
        put32(timestamp.rawValue)
        put32(ssrc.rawValue)
        for c in csrcs { put32(c.rawValue) }
        if let e = headerExtension {
            put16(e.profile)
            put16(UInt16(extWords))
            for b in e.data { put(b) }
            while i % 4 != 0 { put(0) }
        }
        for b in payload { put(b) }
        if paddingCount > 0 {
            for _ in 1..<paddingCount { put(0) }
            put(UInt8(paddingCount))
        }
        return i
    }

    /// The packet as a new array.
    public func serialized() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: serializedSize)
        let n = out.withUnsafeMutableBytes { (try? serialize(into: $0)) ?? 0 }
        out.removeLast(out.count - n)
        return out
    }
}
