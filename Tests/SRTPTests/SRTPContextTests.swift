import SRTP
import StackCore
import StackTesting
import Testing

@Suite struct SRTPContextTests {
    static func key(_ profile: SRTPProfile, seed: UInt64 = 1, lifetime: UInt64? = nil, mki: SRTPMKI? = nil) throws -> SRTPMasterKey {
        var random = SeededRandom(seed: seed)
        return try SRTPMasterKey.generate(profile: profile, lifetime: lifetime, mki: mki, using: &random)
    }

    /// An RTP packet: version 2, PT 0, `seq`, timestamp `seq * 160`, `ssrc`, 160 bytes of payload.
    static func rtp(seq: UInt16, ssrc: UInt32 = 0x1234_5678, payload: UInt8 = 0x55) -> [UInt8] {
        let ts = UInt32(seq) &* 160
        return [0x80, 0x00, UInt8(seq >> 8), UInt8(seq & 0xff),
                UInt8(ts >> 24), UInt8(ts >> 16 & 0xff), UInt8(ts >> 8 & 0xff), UInt8(ts & 0xff),
                UInt8(ssrc >> 24), UInt8(ssrc >> 16 & 0xff), UInt8(ssrc >> 8 & 0xff), UInt8(ssrc & 0xff)]
            + [UInt8](repeating: payload, count: 160)
    }

    /// An RTCP receiver report with no blocks.
    static let rtcp: [UInt8] = [0x80, 201, 0x00, 0x01, 0x12, 0x34, 0x56, 0x78]

    @Test(arguments: SRTPProfile.allCases)
    func everySuiteRoundTripsRTPAndRTCP(profile: SRTPProfile) throws {
        let key = try Self.key(profile)
        let sender = try SRTPContext(key: key, direction: .outbound)
        let receiver = try SRTPContext(key: key, direction: .inbound)
        for seq in UInt16(1)...50 {
            let plain = Self.rtp(seq: seq)
            let protected = try sender.protectRTP(plain)
            #expect(protected.count == plain.count + profile.rtpTagLength)
            #expect(protected[12...] != plain[12...])
            #expect(try receiver.unprotectRTP(protected) == plain)
        }
        let protected = try sender.protectRTCP(Self.rtcp)
        #expect(protected.count == Self.rtcp.count + 4 + profile.rtcpTagLength)
        #expect(try receiver.unprotectRTCP(protected) == Self.rtcp)
        #expect(sender.statistics.protected == 51 && receiver.statistics.unprotected == 51)
    }

    @Test(arguments: SRTPProfile.allCases)
    func replayTamperAndWrongKeyAreDistinctAndCounted(profile: SRTPProfile) throws {
        let key = try Self.key(profile)
        let sender = try SRTPContext(key: key, direction: .outbound)
        let receiver = try SRTPContext(key: key, direction: .inbound)
        let first = try sender.protectRTP(Self.rtp(seq: 10))
        _ = try receiver.unprotectRTP(first)
        #expect(throws: SRTPError.replayed) { try receiver.unprotectRTP(first) }

        var tampered = try sender.protectRTP(Self.rtp(seq: 11))
        let original = tampered
        tampered[40] ^= 0x01
        #expect(throws: SRTPError.authenticationFailed) { try receiver.unprotectRTP(tampered) }
        // The failed packet did not move the replay window: the genuine one still verifies.
        #expect(try receiver.unprotectRTP(original) == Self.rtp(seq: 11))

        // A stream the receiver has never verified, protected with another key.
        let stranger = try SRTPContext(key: Self.key(profile, seed: 99), direction: .outbound)
        let foreign = try stranger.protectRTP(Self.rtp(seq: 5, ssrc: 0xCAFE))
        #expect(throws: SRTPError.wrongKey) { try receiver.unprotectRTP(foreign) }

        let s = receiver.statistics
        #expect(s.unprotected == 2 && s.replayed == 1 && s.authenticationFailures == 1 && s.wrongKey == 1)
    }

    @Test func anUnknownMKIIsAWrongKey() throws {
        let sent = try Self.key(.aesCM128HMACSHA1_80, mki: SRTPMKI(value: 1, length: 4))
        let sender = try SRTPContext(key: sent, direction: .outbound)
        let packet = try sender.protectRTP(Self.rtp(seq: 1))
        #expect(packet.count == 172 + 4 + 10)
        #expect(Array(packet[172..<176]) == [0, 0, 0, 1])
        #expect(try SRTPContext(key: sent, direction: .inbound).unprotectRTP(packet) == Self.rtp(seq: 1))
        let otherMKI = try SRTPMasterKey(profile: sent.profile, key: sent.key, salt: sent.salt, mki: SRTPMKI(value: 2, length: 4))
        let receiver = try SRTPContext(key: otherMKI, direction: .inbound)
        #expect(throws: SRTPError.wrongKey) { try receiver.unprotectRTP(packet) }
    }

    @Test func malformedPacketsAreRefusedNotCrashed() throws {
        let key = try Self.key(.aesCM128HMACSHA1_80)
        let receiver = try SRTPContext(key: key, direction: .inbound)
        var cases: [[UInt8]] = [[], [0x80], Array(Self.rtp(seq: 1).prefix(15))]
        var v1 = Self.rtp(seq: 1); v1[0] = 0x40; cases.append(v1)
        var csrc = Array(Self.rtp(seq: 1).prefix(30)); csrc[0] = 0x8F; cases.append(csrc)
        var ext = Array(Self.rtp(seq: 1).prefix(40)); ext[0] = 0x90; ext[14] = 0xFF; ext[15] = 0xFF; cases.append(ext)
        for bytes in cases {
            #expect(throws: SRTPError.self) { try receiver.unprotectRTP(bytes) }
            #expect(throws: SRTPError.self) { try receiver.unprotectRTCP(bytes) }
        }
        // Read as RTCP, the 30- and 40-byte packets are well framed; libsrtp refuses them itself.
        #expect(receiver.statistics.malformed == 2 * cases.count - 2)
        // Random garbage of every length up to 300 bytes: always a typed error.
        var random = SeededRandom(seed: 7)
        for length in 0..<300 {
            let junk = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next64()) }
            #expect(throws: SRTPError.self) { try receiver.unprotectRTP(junk) }
        }
        let sender = try SRTPContext(key: key, direction: .outbound)
        var small = Self.rtp(seq: 1)
        var span = small.mutableSpan
        #expect(throws: SRTPError.bufferTooSmall(needed: 182, available: 172)) { try Self.protect(sender, &span, 172) }
    }

    static func protect(_ c: SRTPContext, _ span: inout MutableSpan<UInt8>, _ n: Int) throws -> Int { try c.protectRTP(&span, length: n) }

    @Test func theKeyLifetimeIsEnforcedAndRekeyingRenewsIt() throws {
        let sender = try SRTPContext(key: Self.key(.aesCM128HMACSHA1_80, lifetime: 3), direction: .outbound)
        for seq in UInt16(1)...3 { _ = try sender.protectRTP(Self.rtp(seq: seq)) }
        #expect(throws: SRTPError.keyLifetimeExceeded) { try sender.protectRTP(Self.rtp(seq: 4)) }
        try sender.rekey(Self.key(.aesCM128HMACSHA1_80, seed: 2))
        _ = try sender.protectRTP(Self.rtp(seq: 4))
    }

    /// A key change mid-stream, across a rollover of the sequence number, with packets of both keys
    /// in flight and reordered: nothing is lost, nothing is accepted twice.
    @Test(arguments: SRTPProfile.allCases)
    func rekeyingKeepsTheStreamAcrossARollover(profile: SRTPProfile) throws {
        let old = try Self.key(profile, seed: 3), new = try Self.key(profile, seed: 4)
        let sender = try SRTPContext(key: old, direction: .outbound)
        let receiver = try SRTPContext(key: old, direction: .inbound)
        var seq: UInt16 = 65_500
        func next() throws -> ([UInt8], [UInt8]) {
            defer { seq &+= 1 }
            let plain = Self.rtp(seq: seq, payload: UInt8(truncatingIfNeeded: seq))
            return (plain, try sender.protectRTP(plain))
        }
        // 100 packets: the sequence number wraps, so the rollover counter is 1.
        for _ in 0..<100 {
            let (plain, packet) = try next()
            #expect(try receiver.unprotectRTP(packet) == plain)
        }
        // Three old-key packets still in flight when both sides change key.
        let inFlight = try (0..<3).map { _ in try next() }
        try sender.rekey(new)
        try receiver.rekey(new)
        let fresh = try (0..<3).map { _ in try next() }
        for (plain, packet) in [fresh[0], inFlight[0], fresh[1], inFlight[2], inFlight[1], fresh[2]] {
            #expect(try receiver.unprotectRTP(packet) == plain)
        }
        #expect(throws: SRTPError.replayed) { try receiver.unprotectRTP(inFlight[0].1) }
        #expect(throws: SRTPError.replayed) { try receiver.unprotectRTP(fresh[0].1) }
        // After the overlap the old key is gone: a late old-key packet is now a wrong key.
        let late = try SRTPContext(key: old, direction: .outbound)
        for _ in 0..<SRTPContext.rekeyOverlap {
            let (plain, packet) = try next()
            #expect(try receiver.unprotectRTP(packet) == plain)
        }
        let stray = try late.protectRTP(Self.rtp(seq: seq &+ 5000, ssrc: 0x1234_5678))
        #expect(throws: SRTPError.self) { try receiver.unprotectRTP(stray) }
        #expect(receiver.statistics.rekeys == 1 && sender.statistics.rekeys == 1)
    }

    @Test func theNumberOfStreamsIsBounded() throws {
        let key = try Self.key(.aesCM128HMACSHA1_80)
        let sender = try SRTPContext(key: key, direction: .outbound)
        let receiver = try SRTPContext(key: key, direction: .inbound)
        for ssrc in UInt32(1)...UInt32(SRTPContext.maximumStreams) {
            _ = try receiver.unprotectRTP(sender.protectRTP(Self.rtp(seq: 1, ssrc: ssrc)))
        }
        #expect(throws: SRTPError.tooManyStreams(limit: SRTPContext.maximumStreams)) {
            try sender.protectRTP(Self.rtp(seq: 1, ssrc: 1000))
        }
        let other = try SRTPContext(key: key, direction: .outbound)
        let packet = try other.protectRTP(Self.rtp(seq: 1, ssrc: 1000))
        #expect(throws: SRTPError.tooManyStreams(limit: SRTPContext.maximumStreams)) { try receiver.unprotectRTP(packet) }
        // Known streams go on.
        _ = try receiver.unprotectRTP(sender.protectRTP(Self.rtp(seq: 2, ssrc: 7)))
    }
}
