/// What an ``SRTPContext`` has done, packet by packet.
public struct SRTPStatistics: Sendable, Hashable {
    /// SRTP and SRTCP packets protected.
    public var protected = 0
    /// SRTP and SRTCP packets verified and decrypted.
    public var unprotected = 0
    /// Packets refused as replays.
    public var replayed = 0
    /// Packets refused because their tag did not verify on a stream keyed right (tampering).
    public var authenticationFailures = 0
    /// Packets refused because they were protected with a key this side does not hold.
    public var wrongKey = 0
    /// Packets refused as malformed.
    public var malformed = 0
    /// Key changes.
    public var rekeys = 0

    /// Statistics starting at zero.
    public init() {}
}
