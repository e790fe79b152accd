import SIPMessage
import StackCore

/// The status line of a `message/sipfrag` body (RFC 3420) in a NOTIFY for a REFER (RFC 3515 §2.4.5):
/// how the call the transferee placed is doing.
public struct SIPFragmentStatus: Sendable, Hashable, CustomStringConvertible {
    /// The media type of the body.
    public static let mediaType = "message/sipfrag"

    /// The status code.
    public let status: Int
    /// The reason phrase.
    public let reason: String

    /// A status line from its parts.
    public init(status: Int, reason: String) {
        self.status = status
        self.reason = reason
    }

    /// Reads the first line of a sipfrag body (`SIP/2.0 180 Ringing`); nil when it is not a status
    /// line. Headers after it are ignored.
    public init?(body: ByteString) {
        let bytes = body.bytes.prefix(512)
        let line = bytes.prefix { $0 != 0x0D && $0 != 0x0A }
        let text = String(decoding: line, as: UTF8.self)
        let parts = text.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
        guard parts.count >= 2, parts[0].uppercased() == "SIP/2.0", parts[1].count == 3,
              let code = Int(parts[1]), SIPStatus(rawValue: code) != nil else { return nil }
        status = code
        reason = parts.count == 3 ? String(parts[2]) : ""
    }

    /// The body: the status line and CRLF.
    public var body: ByteString { ByteString("SIP/2.0 \(status) \(reason)\r\n") }

    /// True for 200 and above.
    public var isFinal: Bool { status >= 200 }

    public var description: String { "\(status) \(reason)" }
}
