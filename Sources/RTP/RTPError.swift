/// Why bytes are not an RTP packet, with the byte offset where the problem is.
public struct RTPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem.
    public enum Kind: String, Sendable, Hashable {
        /// Fewer bytes than the fixed header, CSRC list or extension need.
        case truncated
        /// The version field is not 2 (RFC 3550 §5.1).
        case unsupportedVersion
        /// The padding count is 0 or larger than what follows the header (RFC 3550 §5.1, A.1).
        case invalidPadding
        /// A header extension's elements do not follow RFC 8285.
        case invalidExtension
        /// A packet to serialize does not fit the buffer, or has more than 15 CSRCs or an oversized extension.
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
