import StackCore

/// What a user agent server supports, for the request checks of RFC 3261 §8.2.
public struct SIPRequestPolicy: Sendable, Hashable {
    /// Methods the UA handles; a standard method outside this set gets 405, an unknown one 501.
    public var allowedMethods: Set<SIPMethod> = Set(SIPMethod.standard)
    /// URI schemes accepted in the Request-URI (§8.2.2.1), lower case.
    public var uriSchemes: Set<String> = ["sip", "sips", "tel"]
    /// Option tags the UA supports (§8.2.2.3).
    public var supportedOptionTags: Set<String> = []
    /// Body media types the UA understands (§8.2.3), lower case.
    public var acceptedContentTypes: Set<String> = ["application/sdp", "multipart/mixed", "text/plain", "message/sipfrag", "application/dtmf-relay"]
    /// Content encodings the UA understands.
    public var acceptedContentEncodings: Set<String> = ["identity"]
    /// True when the UA acts as a registrar (REGISTER's To must then be a SIP or SIPS URI, §10.3).
    public var isRegistrar = false

    /// The defaults stated on each property.
    public init() {}
}

/// Why a request must be refused, as the response to send.
public struct SIPRejection: Sendable, Hashable, CustomStringConvertible {
    /// The status to answer with.
    public var status: SIPStatus
    /// A reason phrase naming the problem.
    public var reason: String
    /// Header fields the response must carry (Unsupported, Allow, Accept, Accept-Encoding).
    public var headers: [SIPHeaderField] = []

    public var description: String { "\(status.rawValue) \(reason)" }
}

extension SIPMessage {
    /// The checks a UAS makes before processing a request (RFC 3261 §8.2.1–§8.2.3 and the RFC 4475
    /// cases): nil when the request may be processed, else the response to send.
    public func checkRequest(policy: SIPRequestPolicy = SIPRequestPolicy()) -> SIPRejection? {
        guard let line = requestLine else { return SIPRejection(status: .badRequest, reason: "Not a request") }
        if line.version != .v2 { return SIPRejection(status: .versionNotSupported, reason: "Version Not Supported") }
        if let d = defects.first { return SIPRejection(status: .badRequest, reason: Self.reasonText(for: d)) }
        if let r = missingOrRepeated() { return r }
        if let r = checkMethod(line.method, policy: policy) { return r }
        if cseq?.method != line.method { return SIPRejection(status: .badRequest, reason: "CSeq method does not match the request") }
        if let r = checkRequestURI(line, policy: policy) { return r }
        do {
            if let r = try checkExtensions(policy: policy) { return r }
            if let r = try checkBody(policy: policy) { return r }
        } catch {
            return SIPRejection(status: .badRequest, reason: "Malformed \(error.header?.canonicalName ?? "header")")
        }
        return nil
    }

    /// The checks a UAC makes on a response (RFC 3261 §8.1.3.3): nil when it may be processed, else
    /// why it must be discarded.
    public func checkResponse() -> String? {
        guard isRequest == false else { return "not a response" }
        if let d = defects.first { return Self.reasonText(for: d) }
        if via.count != 1 { return "response with \(via.count) Via values" }
        if from == nil || to == nil || callID == nil || cseq == nil { return "missing mandatory header" }
        return nil
    }

    static func reasonText(for d: SIPDefect) -> String {
        switch d.location {
        case .requestURI: return "Malformed Request-URI"
        case .header(let n, _): return "Malformed \(n.canonicalName) header"
        }
    }

    private func missingOrRepeated() -> SIPRejection? {
        for name in [SIPHeaderName.via, .from, .to, .callID, .cseq] where !headers.contains(name) {
            return SIPRejection(status: .badRequest, reason: "Missing \(name.canonicalName) header")
        }
        for name in [SIPHeaderName.from, .to, .callID, .cseq, .maxForwards, .contentType] where headers.count(of: name) > 1 {
            return SIPRejection(status: .badRequest, reason: "Multiple \(name.canonicalName) headers")
        }
        return nil
    }

    private func checkMethod(_ method: SIPMethod, policy: SIPRequestPolicy) -> SIPRejection? {
        guard !policy.allowedMethods.contains(method) else { return nil }
        let allow = SIPHeaderField(name: .allow, value: ByteString(policy.allowedMethods.map(\.rawValue).sorted().joined(separator: ", ")))
        if SIPMethod.standard.contains(method) {
            return SIPRejection(status: .methodNotAllowed, reason: "Method Not Allowed", headers: [allow])
        }
        return SIPRejection(status: .notImplemented, reason: "Not Implemented", headers: [allow])
    }

    private func checkRequestURI(_ line: SIPRequestLine, policy: SIPRequestPolicy) -> SIPRejection? {
        switch line.uri {
        case .sip(let u)?:
            // RFC 4475 §3.1.2.11: headers in a Request-URI are refused rather than acted on.
            if u.headers != nil { return SIPRejection(status: .badRequest, reason: "Request-URI with headers") }
            if !policy.uriSchemes.contains(u.scheme.rawValue) { return unsupportedScheme() }
        case .tel?:
            if !policy.uriSchemes.contains("tel") { return unsupportedScheme() }
        case .other(let u)?:
            if !policy.uriSchemes.contains(u.scheme.string.lowercased()) { return unsupportedScheme() }
        case nil:
            return SIPRejection(status: .badRequest, reason: "Malformed Request-URI")
        }
        if policy.isRegistrar, method == .register, to?.uri.sipURI == nil {
            return SIPRejection(status: .badRequest, reason: "To is not a SIP or SIPS address of record")
        }
        return nil
    }

    private func unsupportedScheme() -> SIPRejection {
        SIPRejection(status: .unsupportedURIScheme, reason: "Unsupported URI Scheme")
    }

    private func checkExtensions(policy: SIPRequestPolicy) throws(SIPParseError) -> SIPRejection? {
        guard method != .ack, method != .cancel else { return nil }
        let unknown = try optionTags(.require).filter { !policy.supportedOptionTags.contains($0.lowercased()) }
        guard !unknown.isEmpty else { return nil }
        return SIPRejection(status: .badExtension, reason: "Bad Extension",
                            headers: [SIPHeaderField(name: .unsupported, value: ByteString(unknown.joined(separator: ", ")))])
    }

    private func checkBody(policy: SIPRequestPolicy) throws(SIPParseError) -> SIPRejection? {
        let accept = SIPHeaderField(name: .accept, value: ByteString(policy.acceptedContentTypes.sorted().joined(separator: ", ")))
        if !body.isEmpty {
            let type = contentType?.mediaType ?? "application/sdp"
            if !policy.acceptedContentTypes.contains(type) {
                return SIPRejection(status: .unsupportedMediaType, reason: "Unsupported Media Type", headers: [accept])
            }
            for enc in try optionTags(.contentEncoding) where !policy.acceptedContentEncodings.contains(enc.lowercased()) {
                return SIPRejection(status: .unsupportedMediaType, reason: "Unsupported Content-Encoding",
                                    headers: [SIPHeaderField(name: .acceptEncoding, value: ByteString(policy.acceptedContentEncodings.sorted().joined(separator: ", ")))])
            }
        }
        // RFC 4475 §3.3.15: an INVITE whose Accept excludes SDP leaves no way to answer the offer.
        if method == .invite, headers.contains(.accept) {
            let ranges = try headerList(.accept, as: SIPMediaRange.self)
            if !ranges.isEmpty, !ranges.contains(where: { $0.matches("application/sdp") }) {
                return SIPRejection(status: .notAcceptable, reason: "Not Acceptable: application/sdp required",
                                    headers: [SIPHeaderField(name: .warning, value: "399 - \"Accept must admit application/sdp\"")])
            }
        }
        return nil
    }
}
