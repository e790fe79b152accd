/// Why bytes are not an RTCP packet, with the byte offset (from the start of the compound packet)
/// where the problem is.
public struct RTCPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem.
    public enum Kind: String, Sendable, Hashable {
        /// Fewer bytes than a header, a length field or a count needs.
        case truncated
        /// The version field is not 2 (RFC 3550 §6.4.1).
        case unsupportedVersion
        /// Padding on a packet other than the last, or a padding count of 0 or beyond the packet (RFC 3550 §A.2).
        case invalidPadding
        /// A packet's body is too short for its type and count, or has bytes the type does not allow.
        case invalidLength
        /// A compound packet does not start with SR or RR (RFC 3550 §6.1, §A.2).
        case invalidCompound
        /// An SDES chunk or item, or an XR block, is malformed.
        case invalidItem
        /// A packet to serialize cannot be encoded (over 31 items for a count, text over 255 bytes,
        /// a body that is not a whole number of words, or over 65536 words).
        case doesNotFit
    }

    /// The kind.
    public var kind: Kind
    /// The byte offset it concerns.
    public var offset: Int

    /// An error from parts.
    public init(_ kind: Kind, at offset: Int) {
        self.kind = kind
        self.offset = offset
    }

    public var description: String { "\(kind.rawValue) at byte \(offset)" }
}
