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
    public private(set) var key: SRTPMasterKey {
        didSet { keyChanged() }
    }
    // The state below is read and written for every packet. `@exclusivity(unchecked)` drops the
    // runtime's dynamic exclusivity checks on it (a tenth of the binding's cost per packet before):
    // the context is not Sendable, one media loop owns it, and no access spans a call that could
    // come back into the context (libsrtp calls none of ours).

    /// Packet counts by outcome.
    @exclusivity(unchecked) public private(set) var statistics = SRTPStatistics()
    @exclusivity(unchecked) private var session: srtp_t
    /// Inbound only: the session of the key before the last change, while packets may still use it.
    @exclusivity(unchecked) private var previous: srtp_t?
    @exclusivity(unchecked) private var verifiedSinceRekey = 0
    /// SSRCs with a packet verified under the current key (inbound) or protected (outbound).
    @exclusivity(unchecked) private var streams = StreamSet()
    /// SSRCs verified under the previous key.
    @exclusivity(unchecked) private var previousStreams = StreamSet()
    @exclusivity(unchecked) private var packetsUnderKey: UInt64 = 0
    private let replayWindow: Int
    // What the hot path needs of `key`, kept apart so that a packet does not read the key's arrays.
    /// Spare bytes an RTP packet needs after its end to be protected.
    @exclusivity(unchecked) public private(set) var rtpTrailerLength = 0
    /// Spare bytes an RTCP packet needs after its end to be protected (the SRTCP index too).
    @exclusivity(unchecked) public private(set) var rtcpTrailerLength = 0
    @exclusivity(unchecked) private var usesMKI = false
    @exclusivity(unchecked) private var lifetime = SRTPProfile.maximumKeyLifetime
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
        keyChanged()
    }

    private func keyChanged() {
        rtpTrailerLength = key.profile.rtpTagLength + (key.mki?.length ?? 0)
        rtcpTrailerLength = 4 + key.profile.rtcpTagLength + (key.mki?.length ?? 0)
        usesMKI = key.mki != nil
        lifetime = key.lifetime ?? SRTPProfile.maximumKeyLifetime
    }

    deinit {
        srtp_dealloc(session)
        if let previous { srtp_dealloc(previous) }
    }

    // MARK: Protect

    /// Protects the RTP packet in `buffer[0..<length]` in place; returns the SRTP packet's length.
    public func protectRTP(_ buffer: inout MutableSpan<UInt8>, length: Int) throws(SRTPError) -> Int {
        try protect(&buffer, length: length, rtcp: false)
    }

    /// Protects the RTCP compound packet in `buffer[0..<length]` in place; returns the SRTCP length.
    public func protectRTCP(_ buffer: inout MutableSpan<UInt8>, length: Int) throws(SRTPError) -> Int {
        try protect(&buffer, length: length, rtcp: true)
    }

    // Inlined into each entry point so that `rtcp` is a constant there and each keeps only its own path.
    @inline(__always)
    private func protect(_ buffer: inout MutableSpan<UInt8>, length: Int, rtcp: Bool) throws(SRTPError) -> Int {
        precondition(direction == .outbound, "protect on an inbound SRTP context")
        guard length <= buffer.count else { throw .bufferTooSmall(needed: length, available: buffer.count) }
        let needed = length + (rtcp ? rtcpTrailerLength : rtpTrailerLength)
        guard buffer.count >= needed else { throw .bufferTooSmall(needed: needed, available: buffer.count) }
        let ssrc = try Self.check(buffer, length: length, rtcp: rtcp, trailer: 0)
        guard streams.contains(ssrc) || streams.count < Self.maximumStreams else { throw .tooManyStreams(limit: Self.maximumStreams) }
        guard packetsUnderKey < lifetime else { throw .keyLifetimeExceeded }
        var len = Int32(length)
        let status = call(session, &buffer, &len, rtcp: rtcp, protect: true)
        guard status == srtp_err_status_ok else { throw Self.protectFailure(status, rtcp: rtcp) }
        streams.insert(ssrc)
        packetsUnderKey += 1
        statistics.protected += 1
        return Int(len)
    }

    @inline(never)
    private static func protectFailure(_ status: srtp_err_status_t, rtcp: Bool) -> SRTPError {
        // Sending a sequence number twice would reuse the keystream (RFC 3711 §9.1).
        if status == srtp_err_status_replay_fail || status == srtp_err_status_replay_old { return .replayed }
        return .library(function: rtcp ? "srtp_protect_rtcp" : "srtp_protect", status: Int32(status.rawValue))
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

    @inline(__always)
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
        guard let previous else {
            var len = Int32(length)
            let status = call(session, &buffer, &len, rtcp: rtcp, protect: false)
            guard status == srtp_err_status_ok else { throw refusal(status, verifiedBefore: streams.contains(ssrc)) }
            statistics.unprotected += 1
            streams.insert(ssrc)
            return Int(len)
        }
        return try unprotect(&buffer, length: length, rtcp: rtcp, ssrc: ssrc, previous: previous)
    }

    /// Unprotects while two keys are live: tries the one the peer used last, then the other on an
    /// intact copy of the packet.
    @inline(never)
    private func unprotect(_ buffer: inout MutableSpan<UInt8>, length: Int, rtcp: Bool, ssrc: UInt32, previous: srtp_t) throws(SRTPError) -> Int {
        var len = Int32(length)
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

    /// Counts the outcome of one unprotect while two keys are live and throws the typed error for a refusal.
    private func settle(_ status: srtp_err_status_t, ssrc: UInt32, verifiedBefore: Bool, current: Bool) throws(SRTPError) {
        guard status == srtp_err_status_ok else { throw refusal(status, verifiedBefore: verifiedBefore) }
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
    }

    /// Counts a refused packet by its cause and returns the typed error (out of line: the per-packet
    /// path stays small).
    @inline(never)
    private func refusal(_ status: srtp_err_status_t, verifiedBefore: Bool) -> SRTPError {
        switch status {
        case srtp_err_status_replay_fail, srtp_err_status_replay_old:
            statistics.replayed += 1
            return .replayed
        case srtp_err_status_auth_fail where verifiedBefore:
            statistics.authenticationFailures += 1
            return .authenticationFailed
        case srtp_err_status_auth_fail, srtp_err_status_bad_mki, srtp_err_status_no_ctx:
            statistics.wrongKey += 1
            return .wrongKey
        case srtp_err_status_parse_err, srtp_err_status_bad_param:
            statistics.malformed += 1
            return .malformedPacket("libsrtp could not parse it")
        default:
            return .library(function: "srtp_unprotect", status: Int32(status.rawValue))
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
            for ssrc in streams.members {
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
            streams = StreamSet()
            verifiedSinceRekey = 0
        }
        key = newKey
        packetsUnderKey = 0
        statistics.rekeys += 1
    }

    private func dropPrevious() {
        if let previous { srtp_dealloc(previous) }
        previous = nil
        previousStreams = StreamSet()
        scratch = []
    }

    // MARK: Helpers

    @inline(__always)
    private func call(_ session: srtp_t, _ buffer: inout MutableSpan<UInt8>, _ len: inout Int32, rtcp: Bool, protect: Bool) -> srtp_err_status_t {
        let mki: UInt32 = usesMKI ? 1 : 0
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
        guard length >= minimum else { throw malformed("\(length) bytes, at least \(minimum) needed") }
        guard buffer[0] >> 6 == 2 else { throw malformed("version \(buffer[0] >> 6)") }
        if rtcp { return word(buffer, 4) }
        var header = 12 + 4 * Int(buffer[0] & 0x0F)
        if buffer[0] & 0x10 != 0 {
            guard header + 4 <= length - trailer else { throw malformed("header extension past the end") }
            header += 4 + 4 * (Int(buffer[header + 2]) << 8 | Int(buffer[header + 3]))
        }
        guard header <= length - trailer else { throw malformed("header of \(header) bytes past the end") }
        return word(buffer, 8)
    }

    /// The error for a malformed packet, made out of line so the message's formatting is not in
    /// the per-packet path.
    @inline(never)
    private static func malformed(_ reason: @autoclosure () -> String) -> SRTPError {
        .malformedPacket(reason())
    }

    @inline(__always)
    private static func word(_ buffer: borrowing MutableSpan<UInt8>, _ at: Int) -> UInt32 {
        UInt32(buffer[at]) << 24 | UInt32(buffer[at + 1]) << 16 | UInt32(buffer[at + 2]) << 8 | UInt32(buffer[at + 3])
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

/// The SSRCs a context has seen: a set that keeps its newest member aside, since nearly every packet
/// of a media session belongs to the SSRC of the packet before, and that test costs no hashing.
struct StreamSet {
    private(set) var members: Set<UInt32> = []
    /// The member inserted last (nil when empty).
    private var newest: UInt32?

    var count: Int { members.count }

    func contains(_ ssrc: UInt32) -> Bool { ssrc == newest || members.contains(ssrc) }

    mutating func insert(_ ssrc: UInt32) {
        guard ssrc != newest else { return }
        members.insert(ssrc)
        newest = ssrc
    }
}
