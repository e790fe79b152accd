import RTP
import Testing

/// RTP packets per RFC 3550 §5.1 and header extensions per RFC 8285, byte by byte.
@Suite struct RTPPacketTests {
    /// V=2, M=1, PT=0, seq 0x1234, ts 0xDEADBEEF, SSRC 0x01020304, a 4-byte payload.
    static let simple: [UInt8] = [0x80, 0x80, 0x12, 0x34, 0xDE, 0xAD, 0xBE, 0xEF, 0x01, 0x02, 0x03, 0x04, 0xAA, 0xBB, 0xCC, 0xDD]

    @Test func fixedHeader() throws {
        let p = try RTPPacket(parsing: Self.simple)
        #expect(p.marker && p.payloadType.rawValue == 0 && p.sequenceNumber == SequenceNumber(0x1234))
        #expect(p.timestamp.rawValue == 0xDEADBEEF && p.ssrc == SSRC(0x0102_0304) && p.csrcs.isEmpty)
        #expect(p.headerExtension == nil && p.paddingCount == 0 && Array(p.payload) == [0xAA, 0xBB, 0xCC, 0xDD])
        #expect(p.serialized() == Self.simple && p.serializedSize == 16)
    }

    @Test func payloadIsNotCopied() throws {
        let bytes = Self.simple
        let p = try RTPPacket(parsing: bytes)
        let base = bytes.withUnsafeBufferPointer { $0.baseAddress! }
        #expect(p.payload.withUnsafeBufferPointer { $0.baseAddress } == base + 12)
    }

    @Test func csrcsExtensionAndPadding() throws {
        // CC=2, X=1, P=1; one-byte extension (RFC 8285 §4.2): ID 1 len 1, padding, ID 2 len 3, then 3 padding bytes.
        let bytes: [UInt8] = [0xB2, 0x08, 0x00, 0x01, 0, 0, 0, 160, 0, 0, 0, 9,
                              0, 0, 0, 1, 0, 0, 0, 2,
                              0xBE, 0xDE, 0x00, 0x02, 0x10, 0x7F, 0x00, 0x23, 0x01, 0x02, 0x03, 0x04,
                              0x55, 0x66, 0x00, 0x00, 0x03]
        let p = try RTPPacket(parsing: bytes)
        #expect(p.csrcs == [SSRC(1), SSRC(2)] && p.payloadType.rawValue == 8 && !p.marker)
        #expect(Array(p.payload) == [0x55, 0x66] && p.paddingCount == 3)
        let e = try #require(p.headerExtension)
        #expect(e.isOneByte && e.data.count == 8)
        let elements = try #require(try e.elements())
        #expect(elements.map(\.id) == [1, 2] && elements.map { Array($0.value) } == [[0x7F], [0x01, 0x02, 0x03, 0x04]])
        #expect(p.serialized() == bytes)
    }

    @Test func twoByteExtensionAndItsBuilder() throws {
        let elements = [RTPHeaderExtensionElement(id: 20, value: [1, 2, 3][...]), RTPHeaderExtensionElement(id: 3, value: [][...])]
        let e = try RTPHeaderExtension(elements: elements)
        #expect(e.isTwoByte && Array(e.data) == [20, 3, 1, 2, 3, 3, 0, 0])
        #expect(try e.elements() == elements)
        let one = try RTPHeaderExtension(elements: [RTPHeaderExtensionElement(id: 14, value: [9][...])])
        #expect(one.isOneByte && Array(one.data) == [0xE0, 9, 0, 0])
        // ID 15 ends a one-byte list (§4.2); other profiles have no elements.
        #expect(try RTPHeaderExtension(profile: 0xBEDE, data: [0x10, 1, 0xF0, 0x10][...]).elements()?.count == 1)
        #expect(try RTPHeaderExtension(profile: 0xABAC, data: [1, 2, 3, 4][...]).elements() == nil)
        #expect(throws: RTPError(.doesNotFit, at: 0)) { try RTPHeaderExtension(elements: [RTPHeaderExtensionElement(id: 0, value: [1][...])]) }
        #expect(throws: RTPError(.invalidExtension, at: 0)) { try RTPHeaderExtension(profile: 0xBEDE, data: [0x13, 1, 2, 0][...]).elements() }
        #expect(throws: RTPError(.invalidExtension, at: 3)) { try RTPHeaderExtension(profile: 0x1000, data: [1, 0, 0, 5][...]).elements() }
    }

    @Test(arguments: [
        ([UInt8](), RTPError(.truncated, at: 0)),
        (Array(simple.prefix(11)), RTPError(.truncated, at: 11)),
        ([0x40] + Array(simple.dropFirst()), RTPError(.unsupportedVersion, at: 0)),
        ([0x81] + Array(simple.prefix(12).dropFirst()), RTPError(.truncated, at: 12)),
        ([0x90] + Array(simple.prefix(12).dropFirst()) + [0xBE, 0xDE], RTPError(.truncated, at: 12)),
        ([0x90] + Array(simple.prefix(12).dropFirst()) + [0xBE, 0xDE, 0, 2, 0, 0, 0, 0], RTPError(.truncated, at: 16)),
        ([0xA0] + Array(simple.dropFirst().dropLast()) + [0], RTPError(.invalidPadding, at: 15)),
        ([0xA0] + Array(simple.dropFirst().dropLast()) + [5], RTPError(.invalidPadding, at: 15)),
        ([0xA0] + Array(simple.prefix(12).dropFirst()), RTPError(.invalidPadding, at: 12)),
    ])
    func malformedPacketsAreTypedErrors(bytes: [UInt8], error: RTPError) {
        #expect(throws: error) { try RTPPacket(parsing: bytes) }
    }

    @Test func paddingMayCoverThePayloadWhole() throws {
        let p = try RTPPacket(parsing: [0xA0] + Array(Self.simple.dropFirst().dropLast()) + [4])
        #expect(p.payload.isEmpty && p.paddingCount == 4)
    }

    @Test func serializeChecksTheBufferAndLimits() throws {
        let p = try RTPPacket(parsing: Self.simple)
        var small = [UInt8](repeating: 0, count: 15)
        #expect(throws: RTPError(.doesNotFit, at: 0)) { try small.withUnsafeMutableBytes { try p.serialize(into: $0) } }
        var many = p
        many.csrcs = Array(repeating: SSRC(1), count: 16)
        var big = [UInt8](repeating: 0, count: 200)
        #expect(throws: RTPError(.doesNotFit, at: 0)) { try big.withUnsafeMutableBytes { try many.serialize(into: $0) } }
        #expect(try big.withUnsafeMutableBytes { try p.serialize(into: $0) } == 16 && Array(big.prefix(16)) == Self.simple)
    }

    /// Any packet built from parts serializes to bytes that parse back to it (a seeded sweep).
    @Test func roundTrips() throws {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        for _ in 0..<500 {
            let ext: RTPHeaderExtension? = next(2) == 0 ? nil : try RTPHeaderExtension(elements: (0..<next(4)).map { _ in
                RTPHeaderExtensionElement(id: UInt8(1 + next(14)), value: (0..<(1 + next(16))).map { _ in UInt8(next(256)) }[...])
            })
            let p = RTPPacket(marker: next(2) == 1, payloadType: PayloadType(rawValue: UInt8(next(128)))!,
                              sequenceNumber: SequenceNumber(UInt16(next(65536))), timestamp: RTPTimestamp(UInt32(next(1 << 31))),
                              ssrc: SSRC(UInt32(next(1 << 31))), csrcs: (0..<next(16)).map { _ in SSRC(UInt32(next(1000))) },
                              headerExtension: ext, payload: (0..<next(200)).map { _ in UInt8(next(256)) }[...], paddingCount: next(2) * (1 + next(8)))
            let bytes = p.serialized()
            #expect(bytes.count == p.serializedSize)
            let q = try RTPPacket(parsing: bytes)
            #expect(q.marker == p.marker && q.payloadType == p.payloadType && q.sequenceNumber == p.sequenceNumber)
            #expect(q.timestamp == p.timestamp && q.ssrc == p.ssrc && q.csrcs == p.csrcs && q.paddingCount == p.paddingCount)
            #expect(Array(q.payload) == Array(p.payload) && q.headerExtension.map { Array($0.data) } == p.headerExtension.map { Array($0.data) })
        }
    }
}

/// RFC 1982 order on the wrapping counters.
@Suite struct RTPIdentifierTests {
    @Test func sequenceNumbersWrap() {
        #expect(SequenceNumber(65535) < SequenceNumber(0) && SequenceNumber(65535).advanced(by: 1) == SequenceNumber(0))
        #expect(SequenceNumber(10).distance(to: SequenceNumber(65530)) == -16 && SequenceNumber(0).advanced(by: -1) == SequenceNumber(65535))
        #expect(!(SequenceNumber(0) < SequenceNumber(0x8000)) && !(SequenceNumber(0x8000) < SequenceNumber(0)))
        #expect(RTPTimestamp(0xFFFF_FF00) < RTPTimestamp(0x10) && RTPTimestamp(0xFFFF_FF00).distance(to: RTPTimestamp(0x10)) == 0x110)
        #expect(PayloadType(rawValue: 127) != nil && PayloadType(rawValue: 128) == nil)
    }
}
