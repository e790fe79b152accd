/// Names one MESSAGE or INFO request this side sent, until its outcome is reported.
public struct RequestID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The number, unique within one core.
    public let rawValue: UInt64
    /// An identifier from its number.
    public init(rawValue: UInt64) { self.rawValue = rawValue }
    public static func < (a: RequestID, b: RequestID) -> Bool { a.rawValue < b.rawValue }
    public var description: String { "request\(rawValue)" }
}

/// How a MESSAGE or INFO this side sent ended.
public enum RequestOutcome: Sendable, Hashable {
    /// The peer took it (2xx).
    case delivered(status: Int)
    /// The peer refused it with a final response.
    case refused(status: Int, reason: String)
    /// A server refused this side's credentials for `realm`.
    case authenticationFailed(realm: String)
    /// No response came, or it could not be sent.
    case unreachable(String)
    /// The call it belonged to ended first, or was not established.
    case callEnded
}

/// How a transfer this side asked for (REFER, RFC 3515) is going.
public enum TransferProgress: Sendable, Hashable {
    /// The transferee accepted the REFER (202): it is placing the call.
    case accepted
    /// The transferee reported a provisional response of the new call (100, 180, 183, …).
    case progress(SIPFragmentStatus)
}

/// How a transfer this side asked for (REFER, RFC 3515) ended.
public enum TransferOutcome: Sendable, Hashable {
    /// The new call was answered (a 2xx in the final NOTIFY).
    case succeeded(SIPFragmentStatus)
    /// The new call failed with this final response (the final NOTIFY's sipfrag).
    case failed(SIPFragmentStatus)
    /// The transferee refused the REFER with a final response.
    case refused(status: Int, reason: String)
    /// The subscription ended without a final result.
    case noResult
    /// The REFER got no response, or no final NOTIFY came within the configured time.
    case unreachable(String)
    /// Another transfer was running, or the call was not established: nothing was sent.
    case busy
    /// The call ended first.
    case callEnded
}
