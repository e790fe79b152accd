/// An RTCP packet type (RFC 3550 §12.1, RFC 4585 §6.1, RFC 3611 §2).
public struct RTCPPacketType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The 8-bit value.
    public var rawValue: UInt8
    /// A type from its value.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Sender report, 200.
    public static let senderReport = Self(rawValue: 200)
    /// Receiver report, 201.
    public static let receiverReport = Self(rawValue: 201)
    /// Source description, 202.
    public static let sourceDescription = Self(rawValue: 202)
    /// Goodbye, 203.
    public static let goodbye = Self(rawValue: 203)
    /// Application-defined, 204.
    public static let application = Self(rawValue: 204)
    /// Transport-layer feedback, 205 (RFC 4585).
    public static let transportFeedback = Self(rawValue: 205)
    /// Payload-specific feedback, 206 (RFC 4585).
    public static let payloadFeedback = Self(rawValue: 206)
    /// Extended report, 207 (RFC 3611).
    public static let extendedReport = Self(rawValue: 207)

    /// The short name ("SR", "RR", "SDES", "BYE", "APP", "RTPFB", "PSFB", "XR"), or the number.
    public var description: String {
        switch rawValue {
        case 200: "SR"
        case 201: "RR"
        case 202: "SDES"
        case 203: "BYE"
        case 204: "APP"
        case 205: "RTPFB"
        case 206: "PSFB"
        case 207: "XR"
        default: String(rawValue)
        }
    }
}
