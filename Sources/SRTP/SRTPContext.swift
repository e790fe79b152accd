import CSRTP

/// One direction of SRTP and SRTCP protection (RFC 3711) for every SSRC of a media session,
/// through libsrtp: an outbound context protects what this side sends, an inbound one verifies
/// and decrypts what arrives, with replay protection on.
///
/// Buffers are the caller's: a packet is protected in place and grows by its trailer (tag and
/// MKI, plus the SRTCP index), so the buffer needs ``rtpTrailerLength`` or ``rtcpTrailerLength``
/// spare bytes. Refused packets are counted in ``statistics`` by cause. Not `Sendable`: one media
/// loop owns it.
///
/// ``rekey(_:)`` changes the master key without a gap: an outbound stream keeps its rollover
/// counter, and an inbound context keeps the old key for packets still in flight until the new
/// one has verified ``rekeyOverlap`` packets.
public final class SRTPContext {
    /// Which way the context works.
    public enum Direction: Sendable, Hashable {
        /// Protects packets this side sends.
        case outbound
        /// Verifies and decrypts packets that arrive.
        case inbound
    }

    /// The most SSRCs a context keeps streams for; packets of more are refused.
    public static let maximumStreams = 64
    /// After an inbound key change, how many packets the new key verifies before the old is dropped.
    public static let rekeyOverlap = 128

    /// Which way the context works.
    public let direction: Direction
    /// The current master key.
    public private(set) var key: SRTPMasterKey
    /// Packet counts by outcome.
    public private(set) var statistics = SRTPStatistics()

    private var session: srtp_t
    /// Inbound only: the session of the key before the last change, while packets may still use it.
    private var previous: srtp_t?
    private var verifiedSinceRekey = 0
    /// SSRCs with a packet verified under the current key (inbound) or protected (outbound).
    private var streams: Set<UInt32> = []
    /// SSRCs verified under the previous key.
    private var previousStreams: Set<UInt32> = []
    private var packetsUnderKey: UInt64 = 0
    private let replayWindow: Int
    /// A copy of a packet, kept while two keys are live so a failed attempt can be retried intact.
    private var scratch: [UInt8] = []

    /// A context for `direction` keyed with `key`; `replayWindow` is the replay window in packets
    /// (64–32767, RFC 3711 §3.3.2 asks for at least 64).
    public init(key: SRTPMasterKey, direction: Direction, replayWindow: Int = 128) throws(SRTPError) {
        guard (64...32767).contains(replayWindow) else { throw .invalidKey("replay window \(replayWindow) is outside 64...32767") }
        self.direction = direction
        self.key = key
        self.replayWindow = replayWindow
        session = try SRTPLibrary.makeSession(key: key, ssrcType: direction == .outbound ? ssrc_any_outbound : ssrc_any_inbound,
                                              replayWindow: replayWindow)
    }

    deinit {
        srtp_dealloc(session)
        if let previous { srtp_dealloc(previous) }
    }

    /// Spare bytes an RTP packet needs after its end to be protected.
    public var rtpTrailerLength: Int { key.profile.rtpTagLength + (key.mki?.length ?? 0) }
    /// Spare bytes an RTCP packet needs after its end to be protected (the SRTCP index too).
    public var rtcpTrailerLength: Int { 4 + key.profile.rtcpTagLength + (key.mki?.length ?? 0) }

    // MARK: Protect

    /// Protects the RTP packet in `buffer[0..<length]` in place; returns the SRTP packet's length.
    public func protectRTP(_ buffer: inout MutableSpan<UInt8>, length: Int) throws(SRTPError) -> Int {
        try protect(&buffer, length: length, rtcp: false)
    }

    /// Protects the RTCP compound packet in `buffer[0..<length]` in place; returns the SRTCP length.
    public func protectRTCP(_ buffer: inout MutableSpan<UInt8>, length: Int) throws(SRTPError) -> Int {
        try protect(&buffer, length: length, rtcp: true)
    }

    private func protect(_ buffer: inout MutableSpan<UInt8>, length: Int, rtcp: Bool) throws(SRTPError) -> Int {
        precondition(direction == .outbound, "protect on an inbound SRTP context")
        guard length <= buffer.count else { throw .bufferTooSmall(needed: length, available: buffer.count) }
        let needed = length + (rtcp ? rtcpTrailerLength : rtpTrailerLength)
        guard buffer.count >= needed else { throw .bufferTooSmall(needed: needed, available: buffer.count) }
        let ssrc = try Self.check(buffer, length: length, rtcp: rtcp, trailer: 0)
        guard streams.contains(ssrc) || streams.count < Self.maximumStreams else { throw .tooManyStreams(limit: Self.maximumStreams) }
        guard packetsUnderKey < key.lifetime ?? SRTPProfile.maximumKeyLifetime else { throw .keyLifetimeExceeded }
        var len = Int32(length)
        let status = call(session, &buffer, &len, rtcp: rtcp, protect: true)
        guard status == srtp_err_status_ok else {
            // Sending a sequence number twice would reuse the keystream (RFC 3711 §9.1).
            if status == srtp_err_status_replay_fail || status == srtp_err_status_replay_old { throw .replayed }
            throw .library(function: rtcp ? "srtp_protect_rtcp" : "srtp_protect", status: Int32(status.rawValue))
        }
        streams.insert(ssrc)
        packetsUnderKey += 1
        statistics.protected += 1
        return Int(len)
    }

    // MARK: Unprotect

    /// Verifies and decrypts the SRTP packet in `buffer[0..<length]` in place; returns the RTP length.
    public func unprotectRTP(_ buffer: inout MutableSpan<UInt8>, length: Int) throws(SRTPError) -> Int {
        try unprotect(&buffer, length: length, rtcp: false)
    }

    /// Verifies and decrypts the SRTCP packet in `buffer[0..<length]` in place; returns the RTCP length.
    public func unprotectRTCP(_ buffer: inout MutableSpan<UInt8>, length: Int) throws(SRTPError) -> Int {
        try unprotect(&buffer, length: length, rtcp: true)
    }

    private func unprotect(_ buffer: inout MutableSpan<UInt8>, length: Int, rtcp: Bool) throws(SRTPError) -> Int {
        precondition(direction == .inbound, "unprotect on an outbound SRTP context")
        guard length <= buffer.count else { throw .bufferTooSmall(needed: length, available: buffer.count) }
        let ssrc: UInt32
        do {
            ssrc = try Self.check(buffer, length: length, rtcp: rtcp, trailer: rtcp ? rtcpTrailerLength : rtpTrailerLength)
        } catch {
            statistics.malformed += 1
            throw error
        }
        guard streams.contains(ssrc) || previousStreams.contains(ssrc) || streams.count < Self.maximumStreams else {
            throw .tooManyStreams(limit: Self.maximumStreams)
        }
        var len = Int32(length)
        guard let previous else {
            let status = call(session, &buffer, &len, rtcp: rtcp, protect: false)
            try settle(status, ssrc: ssrc, verifiedBefore: streams.contains(ssrc), current: true)
            return Int(len)
        }
        // Two keys live: try the one the peer used last, then the other on an intact copy.
        let newFirst = verifiedSinceRekey > 0
        scratch.removeAll(keepingCapacity: true)
        for i in 0..<length { scratch.append(buffer[i]) }
        let first = call(newFirst ? session : previous, &buffer, &len, rtcp: rtcp, protect: false)
        if first == srtp_err_status_ok || !Self.isKeyFailure(first) {
            try settle(first, ssrc: ssrc, verifiedBefore: (newFirst ? streams : previousStreams).contains(ssrc), current: newFirst)
            return Int(len)
        }
        for i in 0..<length { buffer[i] = scratch[i] }
        len = Int32(length)
        let second = call(newFirst ? previous : session, &buffer, &len, rtcp: rtcp, protect: false)
        let verifiedBefore = streams.contains(ssrc) || previousStreams.contains(ssrc)
        try settle(second, ssrc: ssrc, verifiedBefore: verifiedBefore, current: !newFirst)
        return Int(len)
    }

    /// Counts the outcome of one unprotect and throws the typed error for a refusal.
    private func settle(_ status: srtp_err_status_t, ssrc: UInt32, verifiedBefore: Bool, current: Bool) throws(SRTPError) {
        switch status {
        case srtp_err_status_ok:
            statistics.unprotected += 1
            if current {
                streams.insert(ssrc)
                if previous != nil {
                    verifiedSinceRekey += 1
                    if verifiedSinceRekey >= Self.rekeyOverlap { dropPrevious() }
                }
            } else {
                previousStreams.insert(ssrc)
            }
        case srtp_err_status_replay_fail, srtp_err_status_replay_old:
            statistics.replayed += 1
            throw .replayed
        case srtp_err_status_auth_fail where verifiedBefore:
            statistics.authenticationFailures += 1
            throw .authenticationFailed
        case srtp_err_status_auth_fail, srtp_err_status_bad_mki, srtp_err_status_no_ctx:
            statistics.wrongKey += 1
            throw .wrongKey
        case srtp_err_status_parse_err, srtp_err_status_bad_param:
            statistics.malformed += 1
            throw .malformedPacket("libsrtp could not parse it")
        default:
            throw .library(function: "srtp_unprotect", status: Int32(status.rawValue))
        }
    }

    private static func isKeyFailure(_ status: srtp_err_status_t) -> Bool {
        status == srtp_err_status_auth_fail || status == srtp_err_status_bad_mki || status == srtp_err_status_no_ctx
    }

    // MARK: Key change

    /// Changes the master key (RFC 3711 §3.3.1 re-keying, signalled here by SDES) without
    /// dropping the stream: outbound, the next packet goes out under `newKey` with the rollover
    /// counter kept; inbound, packets under either key verify until the new one has verified
    /// ``rekeyOverlap``. The suite may change too.
    public func rekey(_ newKey: SRTPMasterKey) throws(SRTPError) {
        switch direction {
        case .outbound:
            let status = SRTPLibrary.withPolicy(key: newKey, ssrcType: ssrc_any_outbound, ssrc: 0, replayWindow: replayWindow) { policy in
                srtp_update(session, &policy)
            }
            guard status == srtp_err_status_ok else { throw .library(function: "srtp_update", status: Int32(status.rawValue)) }
        case .inbound:
            let fresh = try SRTPLibrary.makeSession(key: newKey, ssrcType: ssrc_any_inbound, replayWindow: replayWindow)
            // Carry each stream's rollover counter into the new session (RFC 3711 §3.3.1: the index
            // continues across a key change).
            for ssrc in streams {
                var roc: UInt32 = 0
                guard srtp_get_stream_roc(session, ssrc, &roc) == srtp_err_status_ok else { continue }
                _ = SRTPLibrary.withPolicy(key: newKey, ssrcType: ssrc_specific, ssrc: ssrc, replayWindow: replayWindow) { policy in
                    srtp_add_stream(fresh, &policy)
                }
                _ = srtp_set_stream_roc(fresh, ssrc, roc)
            }
            dropPrevious()
            previous = session
            previousStreams = streams
            session = fresh
            streams = []
            verifiedSinceRekey = 0
        }
        key = newKey
        packetsUnderKey = 0
        statistics.rekeys += 1
    }

    private func dropPrevious() {
        if let previous { srtp_dealloc(previous) }
        previous = nil
        previousStreams = []
        scratch = []
    }

    // MARK: Helpers

    private func call(_ session: srtp_t, _ buffer: inout MutableSpan<UInt8>, _ len: inout Int32, rtcp: Bool, protect: Bool) -> srtp_err_status_t {
        let mki: UInt32 = key.mki != nil ? 1 : 0
        return buffer.withUnsafeMutableBufferPointer { raw in
            let p = UnsafeMutableRawPointer(raw.baseAddress!)
            switch (rtcp, protect) {
            case (false, true): return mki != 0 ? srtp_protect_mki(session, p, &len, mki, 0) : srtp_protect(session, p, &len)
            case (false, false): return mki != 0 ? srtp_unprotect_mki(session, p, &len, mki) : srtp_unprotect(session, p, &len)
            case (true, true): return mki != 0 ? srtp_protect_rtcp_mki(session, p, &len, mki, 0) : srtp_protect_rtcp(session, p, &len)
            case (true, false): return mki != 0 ? srtp_unprotect_rtcp_mki(session, p, &len, mki) : srtp_unprotect_rtcp(session, p, &len)
            }
        }
    }

    /// Checks the RTP (RFC 3550 §5.1) or RTCP (§6.4) framing libsrtp relies on; returns the SSRC.
    static func check(_ buffer: borrowing MutableSpan<UInt8>, length: Int, rtcp: Bool, trailer: Int) throws(SRTPError) -> UInt32 {
        let minimum = (rtcp ? 8 : 12) + trailer
        guard length >= minimum else { throw .malformedPacket("\(length) bytes, at least \(minimum) needed") }
        guard buffer[0] >> 6 == 2 else { throw .malformedPacket("version \(buffer[0] >> 6)") }
        func word(_ at: Int) -> UInt32 {
            UInt32(buffer[at]) << 24 | UInt32(buffer[at + 1]) << 16 | UInt32(buffer[at + 2]) << 8 | UInt32(buffer[at + 3])
        }
        if rtcp { return word(4) }
        var header = 12 + 4 * Int(buffer[0] & 0x0F)
        if buffer[0] & 0x10 != 0 {
            guard header + 4 <= length - trailer else { throw .malformedPacket("header extension past the end") }
            header += 4 + 4 * (Int(buffer[header + 2]) << 8 | Int(buffer[header + 3]))
        }
        guard header <= length - trailer else { throw .malformedPacket("header of \(header) bytes past the end") }
        return word(8)
    }
}

extension SRTPContext {
    /// Protects an RTP packet into a new array (for tests and one-off use).
    public func protectRTP(_ packet: [UInt8]) throws(SRTPError) -> [UInt8] { try copying(packet, extra: rtpTrailerLength) { (b: inout MutableSpan<UInt8>, n) throws(SRTPError) in try protectRTP(&b, length: n) } }
    /// Verifies and decrypts an SRTP packet into a new array.
    public func unprotectRTP(_ packet: [UInt8]) throws(SRTPError) -> [UInt8] { try copying(packet, extra: 0) { (b: inout MutableSpan<UInt8>, n) throws(SRTPError) in try unprotectRTP(&b, length: n) } }
    /// Protects an RTCP packet into a new array.
    public func protectRTCP(_ packet: [UInt8]) throws(SRTPError) -> [UInt8] { try copying(packet, extra: rtcpTrailerLength) { (b: inout MutableSpan<UInt8>, n) throws(SRTPError) in try protectRTCP(&b, length: n) } }
    /// Verifies and decrypts an SRTCP packet into a new array.
    public func unprotectRTCP(_ packet: [UInt8]) throws(SRTPError) -> [UInt8] { try copying(packet, extra: 0) { (b: inout MutableSpan<UInt8>, n) throws(SRTPError) in try unprotectRTCP(&b, length: n) } }

    private func copying(_ packet: [UInt8], extra: Int, _ body: (inout MutableSpan<UInt8>, Int) throws(SRTPError) -> Int) throws(SRTPError) -> [UInt8] {
        var out = packet + [UInt8](repeating: 0, count: extra)
        var span = out.mutableSpan
        let n = try body(&span, packet.count)
        out.removeSubrange(n...)
        return out
    }
}
