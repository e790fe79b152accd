// Generated table of the header names this stack knows; see SIPHeaderName.

extension SIPHeaderName {
    /// `Accept`
    public static let accept = SIPHeaderName(code: 1)
    /// `Accept-Contact` (compact form `a`)
    public static let acceptContact = SIPHeaderName(code: 2)
    /// `Accept-Encoding`
    public static let acceptEncoding = SIPHeaderName(code: 3)
    /// `Accept-Language`
    public static let acceptLanguage = SIPHeaderName(code: 4)
    /// `Alert-Info`
    public static let alertInfo = SIPHeaderName(code: 5)
    /// `Allow`
    public static let allow = SIPHeaderName(code: 6)
    /// `Allow-Events` (compact form `u`)
    public static let allowEvents = SIPHeaderName(code: 7)
    /// `Authentication-Info`
    public static let authenticationInfo = SIPHeaderName(code: 8)
    /// `Authorization`
    public static let authorization = SIPHeaderName(code: 9)
    /// `Call-ID` (compact form `i`)
    public static let callID = SIPHeaderName(code: 10)
    /// `Call-Info`
    public static let callInfo = SIPHeaderName(code: 11)
    /// `Contact` (compact form `m`)
    public static let contact = SIPHeaderName(code: 12)
    /// `Content-Disposition`
    public static let contentDisposition = SIPHeaderName(code: 13)
    /// `Content-Encoding` (compact form `e`)
    public static let contentEncoding = SIPHeaderName(code: 14)
    /// `Content-Language`
    public static let contentLanguage = SIPHeaderName(code: 15)
    /// `Content-Length` (compact form `l`)
    public static let contentLength = SIPHeaderName(code: 16)
    /// `Content-Type` (compact form `c`)
    public static let contentType = SIPHeaderName(code: 17)
    /// `CSeq`
    public static let cseq = SIPHeaderName(code: 18)
    /// `Date`
    public static let date = SIPHeaderName(code: 19)
    /// `Error-Info`
    public static let errorInfo = SIPHeaderName(code: 20)
    /// `Event` (compact form `o`)
    public static let event = SIPHeaderName(code: 21)
    /// `Expires`
    public static let expires = SIPHeaderName(code: 22)
    /// `From` (compact form `f`)
    public static let from = SIPHeaderName(code: 23)
    /// `Identity` (compact form `y`)
    public static let identity = SIPHeaderName(code: 24)
    /// `In-Reply-To`
    public static let inReplyTo = SIPHeaderName(code: 25)
    /// `Max-Forwards`
    public static let maxForwards = SIPHeaderName(code: 26)
    /// `MIME-Version`
    public static let mimeVersion = SIPHeaderName(code: 27)
    /// `Min-Expires`
    public static let minExpires = SIPHeaderName(code: 28)
    /// `Min-SE`
    public static let minSE = SIPHeaderName(code: 29)
    /// `Organization`
    public static let organization = SIPHeaderName(code: 30)
    /// `P-Asserted-Identity`
    public static let pAssertedIdentity = SIPHeaderName(code: 31)
    /// `P-Preferred-Identity`
    public static let pPreferredIdentity = SIPHeaderName(code: 32)
    /// `Path`
    public static let path = SIPHeaderName(code: 33)
    /// `Priority`
    public static let priority = SIPHeaderName(code: 34)
    /// `Privacy`
    public static let privacy = SIPHeaderName(code: 35)
    /// `Proxy-Authenticate`
    public static let proxyAuthenticate = SIPHeaderName(code: 36)
    /// `Proxy-Authorization`
    public static let proxyAuthorization = SIPHeaderName(code: 37)
    /// `Proxy-Require`
    public static let proxyRequire = SIPHeaderName(code: 38)
    /// `RAck`
    public static let rAck = SIPHeaderName(code: 39)
    /// `Reason`
    public static let reason = SIPHeaderName(code: 40)
    /// `Record-Route`
    public static let recordRoute = SIPHeaderName(code: 41)
    /// `Refer-To` (compact form `r`)
    public static let referTo = SIPHeaderName(code: 42)
    /// `Referred-By` (compact form `b`)
    public static let referredBy = SIPHeaderName(code: 43)
    /// `Reject-Contact` (compact form `j`)
    public static let rejectContact = SIPHeaderName(code: 44)
    /// `Replaces`
    public static let replaces = SIPHeaderName(code: 45)
    /// `Reply-To`
    public static let replyTo = SIPHeaderName(code: 46)
    /// `Request-Disposition` (compact form `d`)
    public static let requestDisposition = SIPHeaderName(code: 47)
    /// `Require`
    public static let require = SIPHeaderName(code: 48)
    /// `Retry-After`
    public static let retryAfter = SIPHeaderName(code: 49)
    /// `Route`
    public static let route = SIPHeaderName(code: 50)
    /// `RSeq`
    public static let rSeq = SIPHeaderName(code: 51)
    /// `Server`
    public static let server = SIPHeaderName(code: 52)
    /// `Service-Route`
    public static let serviceRoute = SIPHeaderName(code: 53)
    /// `Session-Expires` (compact form `x`)
    public static let sessionExpires = SIPHeaderName(code: 54)
    /// `Subject` (compact form `s`)
    public static let subject = SIPHeaderName(code: 55)
    /// `Subscription-State`
    public static let subscriptionState = SIPHeaderName(code: 56)
    /// `Supported` (compact form `k`)
    public static let supported = SIPHeaderName(code: 57)
    /// `Timestamp`
    public static let timestamp = SIPHeaderName(code: 58)
    /// `To` (compact form `t`)
    public static let to = SIPHeaderName(code: 59)
    /// `Unsupported`
    public static let unsupported = SIPHeaderName(code: 60)
    /// `User-Agent`
    public static let userAgent = SIPHeaderName(code: 61)
    /// `Via` (compact form `v`)
    public static let via = SIPHeaderName(code: 62)
    /// `Warning`
    public static let warning = SIPHeaderName(code: 63)
    /// `WWW-Authenticate`
    public static let wwwAuthenticate = SIPHeaderName(code: 64)
    /// `Content-Transfer-Encoding`
    public static let contentTransferEncoding = SIPHeaderName(code: 65)
    /// `Refer-Sub`
    public static let referSub = SIPHeaderName(code: 66)
    /// `Target-Dialog`
    public static let targetDialog = SIPHeaderName(code: 67)
    /// `Diversion`
    public static let diversion = SIPHeaderName(code: 68)
    /// `Remote-Party-ID`
    public static let remotePartyId = SIPHeaderName(code: 69)
}

enum KnownHeaders {
    struct Entry: Sendable { let name: String; let compact: UInt8?; let isList: Bool; let single: Bool }
    static let table: [Entry] = [
        Entry(name: "", compact: nil, isList: false, single: false),
        Entry(name: "Accept", compact: nil, isList: true, single: false),
        Entry(name: "Accept-Contact", compact: 0x61, isList: true, single: false),
        Entry(name: "Accept-Encoding", compact: nil, isList: true, single: false),
        Entry(name: "Accept-Language", compact: nil, isList: true, single: false),
        Entry(name: "Alert-Info", compact: nil, isList: true, single: false),
        Entry(name: "Allow", compact: nil, isList: true, single: false),
        Entry(name: "Allow-Events", compact: 0x75, isList: true, single: false),
        Entry(name: "Authentication-Info", compact: nil, isList: false, single: false),
        Entry(name: "Authorization", compact: nil, isList: false, single: false),
        Entry(name: "Call-ID", compact: 0x69, isList: false, single: true),
        Entry(name: "Call-Info", compact: nil, isList: true, single: false),
        Entry(name: "Contact", compact: 0x6D, isList: true, single: false),
        Entry(name: "Content-Disposition", compact: nil, isList: false, single: true),
        Entry(name: "Content-Encoding", compact: 0x65, isList: true, single: false),
        Entry(name: "Content-Language", compact: nil, isList: true, single: false),
        Entry(name: "Content-Length", compact: 0x6C, isList: false, single: true),
        Entry(name: "Content-Type", compact: 0x63, isList: false, single: true),
        Entry(name: "CSeq", compact: nil, isList: false, single: true),
        Entry(name: "Date", compact: nil, isList: false, single: true),
        Entry(name: "Error-Info", compact: nil, isList: true, single: false),
        Entry(name: "Event", compact: 0x6F, isList: false, single: true),
        Entry(name: "Expires", compact: nil, isList: false, single: true),
        Entry(name: "From", compact: 0x66, isList: false, single: true),
        Entry(name: "Identity", compact: 0x79, isList: false, single: false),
        Entry(name: "In-Reply-To", compact: nil, isList: true, single: false),
        Entry(name: "Max-Forwards", compact: nil, isList: false, single: true),
        Entry(name: "MIME-Version", compact: nil, isList: false, single: true),
        Entry(name: "Min-Expires", compact: nil, isList: false, single: true),
        Entry(name: "Min-SE", compact: nil, isList: false, single: true),
        Entry(name: "Organization", compact: nil, isList: false, single: true),
        Entry(name: "P-Asserted-Identity", compact: nil, isList: true, single: false),
        Entry(name: "P-Preferred-Identity", compact: nil, isList: true, single: false),
        Entry(name: "Path", compact: nil, isList: true, single: false),
        Entry(name: "Priority", compact: nil, isList: false, single: true),
        Entry(name: "Privacy", compact: nil, isList: false, single: false),
        Entry(name: "Proxy-Authenticate", compact: nil, isList: false, single: false),
        Entry(name: "Proxy-Authorization", compact: nil, isList: false, single: false),
        Entry(name: "Proxy-Require", compact: nil, isList: true, single: false),
        Entry(name: "RAck", compact: nil, isList: false, single: true),
        Entry(name: "Reason", compact: nil, isList: true, single: false),
        Entry(name: "Record-Route", compact: nil, isList: true, single: false),
        Entry(name: "Refer-To", compact: 0x72, isList: false, single: true),
        Entry(name: "Referred-By", compact: 0x62, isList: false, single: true),
        Entry(name: "Reject-Contact", compact: 0x6A, isList: true, single: false),
        Entry(name: "Replaces", compact: nil, isList: false, single: true),
        Entry(name: "Reply-To", compact: nil, isList: false, single: true),
        Entry(name: "Request-Disposition", compact: 0x64, isList: true, single: false),
        Entry(name: "Require", compact: nil, isList: true, single: false),
        Entry(name: "Retry-After", compact: nil, isList: false, single: true),
        Entry(name: "Route", compact: nil, isList: true, single: false),
        Entry(name: "RSeq", compact: nil, isList: false, single: true),
        Entry(name: "Server", compact: nil, isList: false, single: true),
        Entry(name: "Service-Route", compact: nil, isList: true, single: false),
        Entry(name: "Session-Expires", compact: 0x78, isList: false, single: true),
        Entry(name: "Subject", compact: 0x73, isList: false, single: true),
        Entry(name: "Subscription-State", compact: nil, isList: false, single: true),
        Entry(name: "Supported", compact: 0x6B, isList: true, single: false),
        Entry(name: "Timestamp", compact: nil, isList: false, single: true),
        Entry(name: "To", compact: 0x74, isList: false, single: true),
        Entry(name: "Unsupported", compact: nil, isList: true, single: false),
        Entry(name: "User-Agent", compact: nil, isList: false, single: true),
        Entry(name: "Via", compact: 0x76, isList: true, single: false),
        Entry(name: "Warning", compact: nil, isList: true, single: false),
        Entry(name: "WWW-Authenticate", compact: nil, isList: false, single: false),
        Entry(name: "Content-Transfer-Encoding", compact: nil, isList: false, single: true),
        Entry(name: "Refer-Sub", compact: nil, isList: false, single: true),
        Entry(name: "Target-Dialog", compact: nil, isList: false, single: true),
        Entry(name: "Diversion", compact: nil, isList: true, single: false),
        Entry(name: "Remote-Party-ID", compact: nil, isList: true, single: false),
    ]

    /// Finds a known header by its wire spelling (any case) or compact form.
    static func lookup(_ b: ArraySlice<UInt8>) -> SIPHeaderName? {
        let code = b.withUnsafeBufferPointer { Self.code($0) }
        return code == 0 ? nil : SIPHeaderName(code: code)
    }

    /// The code of a known header name, or 0.
    static func code(_ b: UnsafeBufferPointer<UInt8>) -> UInt8 {
        lookupCode(b) ?? 0
    }

    private static func lookupCode(_ b: UnsafeBufferPointer<UInt8>) -> UInt8? {
        if b.count == 1 {
            switch b[b.startIndex] | 0x20 {
            case 0x61: return 2
            case 0x75: return 7
            case 0x69: return 10
            case 0x6D: return 12
            case 0x65: return 14
            case 0x6C: return 16
            case 0x63: return 17
            case 0x6F: return 21
            case 0x66: return 23
            case 0x79: return 24
            case 0x72: return 42
            case 0x62: return 43
            case 0x6A: return 44
            case 0x64: return 47
            case 0x78: return 54
            case 0x73: return 55
            case 0x6B: return 57
            case 0x74: return 59
            case 0x76: return 62
            default: return nil
            }
        }
        switch b.count {
        case 2:
            if matches(b, "to") { return 59 }
        case 3:
            if matches(b, "via") { return 62 }
        case 4:
            if matches(b, "cseq") { return 18 }
            if matches(b, "date") { return 19 }
            if matches(b, "from") { return 23 }
            if matches(b, "path") { return 33 }
            if matches(b, "rack") { return 39 }
            if matches(b, "rseq") { return 51 }
        case 5:
            if matches(b, "allow") { return 6 }
            if matches(b, "event") { return 21 }
            if matches(b, "route") { return 50 }
        case 6:
            if matches(b, "accept") { return 1 }
            if matches(b, "min-se") { return 29 }
            if matches(b, "reason") { return 40 }
            if matches(b, "server") { return 52 }
        case 7:
            if matches(b, "call-id") { return 10 }
            if matches(b, "contact") { return 12 }
            if matches(b, "expires") { return 22 }
            if matches(b, "privacy") { return 35 }
            if matches(b, "require") { return 48 }
            if matches(b, "subject") { return 55 }
            if matches(b, "warning") { return 63 }
        case 8:
            if matches(b, "identity") { return 24 }
            if matches(b, "priority") { return 34 }
            if matches(b, "refer-to") { return 42 }
            if matches(b, "replaces") { return 45 }
            if matches(b, "reply-to") { return 46 }
        case 9:
            if matches(b, "call-info") { return 11 }
            if matches(b, "supported") { return 57 }
            if matches(b, "timestamp") { return 58 }
            if matches(b, "refer-sub") { return 66 }
            if matches(b, "diversion") { return 68 }
        case 10:
            if matches(b, "alert-info") { return 5 }
            if matches(b, "error-info") { return 20 }
            if matches(b, "user-agent") { return 61 }
        case 11:
            if matches(b, "in-reply-to") { return 25 }
            if matches(b, "min-expires") { return 28 }
            if matches(b, "referred-by") { return 43 }
            if matches(b, "retry-after") { return 49 }
            if matches(b, "unsupported") { return 60 }
        case 12:
            if matches(b, "allow-events") { return 7 }
            if matches(b, "content-type") { return 17 }
            if matches(b, "max-forwards") { return 26 }
            if matches(b, "mime-version") { return 27 }
            if matches(b, "organization") { return 30 }
            if matches(b, "record-route") { return 41 }
        case 13:
            if matches(b, "authorization") { return 9 }
            if matches(b, "proxy-require") { return 38 }
            if matches(b, "service-route") { return 53 }
            if matches(b, "target-dialog") { return 67 }
        case 14:
            if matches(b, "accept-contact") { return 2 }
            if matches(b, "content-length") { return 16 }
            if matches(b, "reject-contact") { return 44 }
        case 15:
            if matches(b, "accept-encoding") { return 3 }
            if matches(b, "accept-language") { return 4 }
            if matches(b, "session-expires") { return 54 }
            if matches(b, "remote-party-id") { return 69 }
        case 16:
            if matches(b, "content-encoding") { return 14 }
            if matches(b, "content-language") { return 15 }
            if matches(b, "www-authenticate") { return 64 }
        case 18:
            if matches(b, "proxy-authenticate") { return 36 }
            if matches(b, "subscription-state") { return 56 }
        case 19:
            if matches(b, "authentication-info") { return 8 }
            if matches(b, "content-disposition") { return 13 }
            if matches(b, "p-asserted-identity") { return 31 }
            if matches(b, "proxy-authorization") { return 37 }
            if matches(b, "request-disposition") { return 47 }
        case 20:
            if matches(b, "p-preferred-identity") { return 32 }
        case 25:
            if matches(b, "content-transfer-encoding") { return 65 }
        default: break
        }
        return nil
    }

    @inline(__always)
    private static func matches(_ b: UnsafeBufferPointer<UInt8>, _ lower: StaticString) -> Bool {
        lower.withUTF8Buffer { l in
            var j = b.startIndex
            for c in l {
                if b[j] | 0x20 != c && !(c == 0x2D && b[j] == 0x2D) { return false }
                j += 1
            }
            return true
        }
    }
}

/// The known headers' codes as plain constants, for switches in hot loops.
enum HeaderCode {
    static let accept: UInt8 = 1
    static let acceptContact: UInt8 = 2
    static let acceptEncoding: UInt8 = 3
    static let acceptLanguage: UInt8 = 4
    static let alertInfo: UInt8 = 5
    static let allow: UInt8 = 6
    static let allowEvents: UInt8 = 7
    static let authenticationInfo: UInt8 = 8
    static let authorization: UInt8 = 9
    static let callID: UInt8 = 10
    static let callInfo: UInt8 = 11
    static let contact: UInt8 = 12
    static let contentDisposition: UInt8 = 13
    static let contentEncoding: UInt8 = 14
    static let contentLanguage: UInt8 = 15
    static let contentLength: UInt8 = 16
    static let contentType: UInt8 = 17
    static let cseq: UInt8 = 18
    static let date: UInt8 = 19
    static let errorInfo: UInt8 = 20
    static let event: UInt8 = 21
    static let expires: UInt8 = 22
    static let from: UInt8 = 23
    static let identity: UInt8 = 24
    static let inReplyTo: UInt8 = 25
    static let maxForwards: UInt8 = 26
    static let mimeVersion: UInt8 = 27
    static let minExpires: UInt8 = 28
    static let minSE: UInt8 = 29
    static let organization: UInt8 = 30
    static let pAssertedIdentity: UInt8 = 31
    static let pPreferredIdentity: UInt8 = 32
    static let path: UInt8 = 33
    static let priority: UInt8 = 34
    static let privacy: UInt8 = 35
    static let proxyAuthenticate: UInt8 = 36
    static let proxyAuthorization: UInt8 = 37
    static let proxyRequire: UInt8 = 38
    static let rAck: UInt8 = 39
    static let reason: UInt8 = 40
    static let recordRoute: UInt8 = 41
    static let referTo: UInt8 = 42
    static let referredBy: UInt8 = 43
    static let rejectContact: UInt8 = 44
    static let replaces: UInt8 = 45
    static let replyTo: UInt8 = 46
    static let requestDisposition: UInt8 = 47
    static let require: UInt8 = 48
    static let retryAfter: UInt8 = 49
    static let route: UInt8 = 50
    static let rSeq: UInt8 = 51
    static let server: UInt8 = 52
    static let serviceRoute: UInt8 = 53
    static let sessionExpires: UInt8 = 54
    static let subject: UInt8 = 55
    static let subscriptionState: UInt8 = 56
    static let supported: UInt8 = 57
    static let timestamp: UInt8 = 58
    static let to: UInt8 = 59
    static let unsupported: UInt8 = 60
    static let userAgent: UInt8 = 61
    static let via: UInt8 = 62
    static let warning: UInt8 = 63
    static let wwwAuthenticate: UInt8 = 64
    static let contentTransferEncoding: UInt8 = 65
    static let referSub: UInt8 = 66
    static let targetDialog: UInt8 = 67
    static let diversion: UInt8 = 68
    static let remotePartyId: UInt8 = 69
}
