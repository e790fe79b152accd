/// A SIP response status code (RFC 3261 §21), 100 to 699, with its standard reason phrase.
public struct SIPStatus: Sendable, Hashable, Comparable, RawRepresentable, CustomStringConvertible {
    /// The three-digit code.
    public let rawValue: Int

    /// A status from its code; nil outside 100...699.
    public init?(rawValue: Int) {
        guard (100...699).contains(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    private init(_ code: Int) { rawValue = code }

    public static func < (a: SIPStatus, b: SIPStatus) -> Bool { a.rawValue < b.rawValue }
    public var description: String { "\(rawValue) \(reasonPhrase)" }

    /// The class: 1 for provisional, 2 for success, up to 6 for global failure.
    public var statusClass: Int { rawValue / 100 }
    /// 1xx.
    public var isProvisional: Bool { rawValue < 200 }
    /// 2xx.
    public var isSuccess: Bool { statusClass == 2 }
    /// 200–699.
    public var isFinal: Bool { rawValue >= 200 }

    /// The reason phrase RFC 3261 §21 (and the extension RFCs) give for the code, or a generic one.
    public var reasonPhrase: String { Self.phrases[rawValue] ?? Self.classPhrases[statusClass - 1] }

    public static let trying = SIPStatus(100)
    public static let ringing = SIPStatus(180)
    public static let callIsBeingForwarded = SIPStatus(181)
    public static let queued = SIPStatus(182)
    public static let sessionProgress = SIPStatus(183)
    public static let ok = SIPStatus(200)
    public static let accepted = SIPStatus(202)
    public static let multipleChoices = SIPStatus(300)
    public static let movedPermanently = SIPStatus(301)
    public static let movedTemporarily = SIPStatus(302)
    public static let badRequest = SIPStatus(400)
    public static let unauthorized = SIPStatus(401)
    public static let forbidden = SIPStatus(403)
    public static let notFound = SIPStatus(404)
    public static let methodNotAllowed = SIPStatus(405)
    public static let notAcceptable = SIPStatus(406)
    public static let proxyAuthenticationRequired = SIPStatus(407)
    public static let requestTimeout = SIPStatus(408)
    public static let requestEntityTooLarge = SIPStatus(413)
    public static let unsupportedMediaType = SIPStatus(415)
    public static let unsupportedURIScheme = SIPStatus(416)
    public static let badExtension = SIPStatus(420)
    public static let extensionRequired = SIPStatus(421)
    public static let sessionIntervalTooSmall = SIPStatus(422)
    public static let intervalTooBrief = SIPStatus(423)
    public static let temporarilyUnavailable = SIPStatus(480)
    public static let callDoesNotExist = SIPStatus(481)
    public static let loopDetected = SIPStatus(482)
    public static let tooManyHops = SIPStatus(483)
    public static let busyHere = SIPStatus(486)
    public static let requestTerminated = SIPStatus(487)
    public static let notAcceptableHere = SIPStatus(488)
    public static let requestPending = SIPStatus(491)
    public static let serverInternalError = SIPStatus(500)
    public static let notImplemented = SIPStatus(501)
    public static let serviceUnavailable = SIPStatus(503)
    public static let versionNotSupported = SIPStatus(505)
    public static let messageTooLarge = SIPStatus(513)
    public static let busyEverywhere = SIPStatus(600)
    public static let decline = SIPStatus(603)

    private static let classPhrases = ["Provisional", "Success", "Redirection", "Client Error", "Server Error", "Global Failure"]
    private static let phrases: [Int: String] = [
        100: "Trying", 180: "Ringing", 181: "Call Is Being Forwarded", 182: "Queued", 183: "Session Progress",
        199: "Early Dialog Terminated", 200: "OK", 202: "Accepted", 204: "No Notification",
        300: "Multiple Choices", 301: "Moved Permanently", 302: "Moved Temporarily", 305: "Use Proxy",
        380: "Alternative Service", 400: "Bad Request", 401: "Unauthorized", 402: "Payment Required",
        403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 406: "Not Acceptable",
        407: "Proxy Authentication Required", 408: "Request Timeout", 410: "Gone",
        412: "Conditional Request Failed", 413: "Request Entity Too Large", 414: "Request-URI Too Long",
        415: "Unsupported Media Type", 416: "Unsupported URI Scheme", 417: "Unknown Resource-Priority",
        420: "Bad Extension", 421: "Extension Required", 422: "Session Interval Too Small",
        423: "Interval Too Brief", 428: "Use Identity Header", 429: "Provide Referrer Identity",
        433: "Anonymity Disallowed", 436: "Bad Identity-Info", 437: "Unsupported Certificate",
        438: "Invalid Identity Header", 439: "First Hop Lacks Outbound Support", 440: "Max-Breadth Exceeded",
        469: "Bad Info Package", 470: "Consent Needed", 480: "Temporarily Unavailable",
        481: "Call/Transaction Does Not Exist", 482: "Loop Detected", 483: "Too Many Hops",
        484: "Address Incomplete", 485: "Ambiguous", 486: "Busy Here", 487: "Request Terminated",
        488: "Not Acceptable Here", 489: "Bad Event", 491: "Request Pending", 493: "Undecipherable",
        494: "Security Agreement Required", 500: "Server Internal Error", 501: "Not Implemented",
        502: "Bad Gateway", 503: "Service Unavailable", 504: "Server Time-out", 505: "Version Not Supported",
        513: "Message Too Large", 580: "Precondition Failure", 600: "Busy Everywhere", 603: "Decline",
        604: "Does Not Exist Anywhere", 606: "Not Acceptable", 607: "Unwanted",
    ]
}
