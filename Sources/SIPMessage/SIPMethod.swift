import StackCore

/// A SIP request method: the RFC ones as static members, any other token representable.
///
/// Methods are case-sensitive (RFC 3261 §7.1): `INVITE` and `invite` are different methods.
public struct SIPMethod: Sendable, Hashable, RawRepresentable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The method token as on the wire.
    public let rawValue: String

    /// A method from its token; nil when `rawValue` is not a token.
    public init?(rawValue: String) {
        guard !rawValue.isEmpty, rawValue.utf8.allSatisfy(Grammar.isToken) else { return nil }
        self.rawValue = rawValue
    }

    /// A method from a literal; the literal must be a token.
    public init(stringLiteral value: String) {
        precondition(!value.isEmpty && value.utf8.allSatisfy(Grammar.isToken), "not a method token: \(value)")
        self.rawValue = value
    }

    private init(known: String) { rawValue = known }

    public var description: String { rawValue }

    public static let invite = SIPMethod(known: "INVITE")
    public static let ack = SIPMethod(known: "ACK")
    public static let bye = SIPMethod(known: "BYE")
    public static let cancel = SIPMethod(known: "CANCEL")
    public static let options = SIPMethod(known: "OPTIONS")
    public static let register = SIPMethod(known: "REGISTER")
    /// RFC 3262
    public static let prack = SIPMethod(known: "PRACK")
    /// RFC 6665
    public static let subscribe = SIPMethod(known: "SUBSCRIBE")
    /// RFC 6665
    public static let notify = SIPMethod(known: "NOTIFY")
    /// RFC 3903
    public static let publish = SIPMethod(known: "PUBLISH")
    /// RFC 6086
    public static let info = SIPMethod(known: "INFO")
    /// RFC 3515
    public static let refer = SIPMethod(known: "REFER")
    /// RFC 3428
    public static let message = SIPMethod(known: "MESSAGE")
    /// RFC 3311
    public static let update = SIPMethod(known: "UPDATE")

    /// The methods defined by the RFCs this stack implements.
    public static let standard: [SIPMethod] = [
        .invite, .ack, .bye, .cancel, .options, .register, .prack, .subscribe, .notify,
        .publish, .info, .refer, .message, .update,
    ]

    /// Resolves wire bytes, reusing the static member for known methods (no allocation).
    static func from(_ bytes: ArraySlice<UInt8>) -> SIPMethod? {
        switch bytes.count {
        case 3:
            if ByteSearch.equals(bytes, "ACK") { return .ack }
            if ByteSearch.equals(bytes, "BYE") { return .bye }
        case 4:
            if ByteSearch.equals(bytes, "INFO") { return .info }
        case 5:
            if ByteSearch.equals(bytes, "PRACK") { return .prack }
            if ByteSearch.equals(bytes, "REFER") { return .refer }
        case 6:
            if ByteSearch.equals(bytes, "INVITE") { return .invite }
            if ByteSearch.equals(bytes, "CANCEL") { return .cancel }
            if ByteSearch.equals(bytes, "NOTIFY") { return .notify }
            if ByteSearch.equals(bytes, "UPDATE") { return .update }
        case 7:
            if ByteSearch.equals(bytes, "OPTIONS") { return .options }
            if ByteSearch.equals(bytes, "PUBLISH") { return .publish }
            if ByteSearch.equals(bytes, "MESSAGE") { return .message }
        case 8:
            if ByteSearch.equals(bytes, "REGISTER") { return .register }
        case 9:
            if ByteSearch.equals(bytes, "SUBSCRIBE") { return .subscribe }
        default: break
        }
        guard !bytes.isEmpty, bytes.allSatisfy(Grammar.isToken) else { return nil }
        return SIPMethod(known: String(decoding: bytes, as: UTF8.self))
    }
}
