/// Why a packet could not be protected or unprotected, or a context not made.
public enum SRTPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The packet's index was seen before or is behind the replay window (RFC 3711 §3.3.2); on
    /// sending, the sequence number was already sent under this key.
    case replayed
    /// The tag did not verify on a stream whose key is known to be right: the packet was altered.
    case authenticationFailed
    /// The tag did not verify under any key held for a stream that has never verified under it,
    /// or the packet names an MKI that is not held: it was protected with another key.
    case wrongKey
    /// The packet is too short or not RTP/RTCP version 2 with consistent lengths.
    case malformedPacket(String)
    /// The caller's buffer has no room for the trailer.
    case bufferTooSmall(needed: Int, available: Int)
    /// The master key has protected as many packets as its lifetime allows; rekey first.
    case keyLifetimeExceeded
    /// A packet for a new SSRC arrived when the context already tracks its limit of streams.
    case tooManyStreams(limit: Int)
    /// The key material does not fit the suite (length, MKI, lifetime).
    case invalidKey(String)
    /// libsrtp returned another status (its `srtp_err_status_t`, kept as it was).
    case library(function: String, status: Int32)

    public var description: String {
        switch self {
        case .replayed: return "SRTP replay: the packet index was already received"
        case .authenticationFailed: return "SRTP authentication failed: the packet was altered"
        case .wrongKey: return "SRTP packet protected with a key this side does not hold"
        case .malformedPacket(let why): return "malformed SRTP packet: \(why)"
        case .bufferTooSmall(let needed, let available): return "buffer too small: \(needed) bytes needed, \(available) available"
        case .keyLifetimeExceeded: return "the SRTP master key reached its lifetime"
        case .tooManyStreams(let limit): return "more than \(limit) SRTP streams"
        case .invalidKey(let why): return "invalid SRTP key: \(why)"
        case .library(let function, let status): return "\(function) failed with srtp_err_status \(status)"
        }
    }
}
