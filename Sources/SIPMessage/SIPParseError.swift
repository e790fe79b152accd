/// The one error type of the message layer: what went wrong and at which byte.
public struct SIPParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of damage.
    public enum Kind: String, Sendable, Hashable {
        case empty, messageTooLarge, lineTooLong, tooManyHeaders, tooManyParameters
        /// The header section has no terminating empty line (yet).
        case incompleteHeaders
        case invalidStartLine, invalidVersion, invalidMethod, invalidRequestURI, invalidStatusCode
        case invalidHeaderName, missingColon, misplacedContinuationLine
        /// A header value does not follow the grammar of its header field.
        case invalidHeaderValue
        case invalidURI
        case invalidContentLength, conflictingContentLength
        /// The body is shorter than Content-Length says.
        case bodyTruncated
        /// A message on a stream transport lacks Content-Length (RFC 3261 §18.3).
        case missingContentLength
        case invalidMultipart
    }

    /// The kind of damage.
    public var kind: Kind
    /// Offset of the damage from the first byte of the input (of the value, for a standalone value).
    public var offset: Int
    /// The header field concerned, when there is one.
    public var header: SIPHeaderName?
    /// A short human-readable reason, suitable for a 400 reason phrase or a log.
    public var reason: String

    /// Creates an error.
    public init(_ kind: Kind, at offset: Int, header: SIPHeaderName? = nil, _ reason: String = "") {
        self.kind = kind
        self.offset = offset
        self.header = header
        self.reason = reason
    }

    public var description: String {
        var s = "\(kind.rawValue) at byte \(offset)"
        if let header { s += " in \(header.canonicalName)" }
        if !reason.isEmpty { s += ": \(reason)" }
        return s
    }
}
