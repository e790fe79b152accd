import SIPMessage
import StackCore

/// The checks of RFC 3261 §8.2 that a UAS makes before serving a request, and the answer to OPTIONS.
extension UserAgentCore {
    /// The refusal a request gets before it reaches a call, or nil when it may proceed: 405 with
    /// Allow (§8.2.1), 482 for a merged request (§8.2.2.2), 420 with Unsupported (§8.2.2.3), 415
    /// with Accept or Accept-Encoding (§8.2.3), 422 with Min-SE (RFC 4028 §9).
    func refusal(for request: SIPMessage) -> SIPMessage? {
        guard let method = request.method, method != .ack else { return nil }
        if !configuration.allowedMethods.contains(method) {
            var r = request.makeResponse(status: .methodNotAllowed)
            r.appendHeader(.allow, advertisement.allow)
            return r
        }
        if request.to?.tag == nil, method != .cancel, mergedSession(for: request) != nil {
            return request.makeResponse(status: .loopDetected)
        }
        if method != .cancel, let unsupported = unsupportedRequirements(of: request), !unsupported.isEmpty {
            var r = request.makeResponse(status: .badExtension)
            r.appendHeader(.unsupported, unsupported.joined(separator: ", "))
            return r
        }
        if method == .invite || method == .update, let refusal = SessionTimerRules.refusal(for: request, configuration) {
            return refusal  // RFC 4028 §9: 422 below this side's Min-SE
        }
        return unacceptableBody(of: request)
    }

    /// The option tags of Require that this side does not support; nil when Require is malformed.
    private func unsupportedRequirements(of request: SIPMessage) -> [String]? {
        guard request.headers.contains(.require) else { return [] }
        guard let required = try? request.optionTags(.require) else { return nil }
        return required.filter { tag in !configuration.supportedOptions.contains { $0.lowercased() == tag.lowercased() } }
    }

    /// 415 for a body this side cannot read: an unknown type, or any Content-Encoding but identity.
    /// MESSAGE (RFC 3428 §7) and INFO have their own lists and a size limit (413); an INFO for an
    /// Info Package gets 469, since this side supports none (RFC 6086 §4.2.2).
    private func unacceptableBody(of request: SIPMessage) -> SIPMessage? {
        let accepted: [String]
        let accept: String
        switch request.method {
        case .invite?, .options?:
            accepted = configuration.acceptedBodyTypes
            accept = advertisement.accept
        case .message?, .info?:
            if request.method == .info, request.headers.contains(SIPHeaderName("Info-Package")) {
                var r = request.makeResponse(status: SIPStatus(rawValue: 469)!)
                r.appendHeader(SIPHeaderName("Recv-Info"), "")
                return r
            }
            if request.body.count > configuration.maximumRequestBody { return request.makeResponse(status: .requestEntityTooLarge) }
            accepted = request.method == .message ? configuration.acceptedMessageTypes : configuration.acceptedInfoTypes
            accept = accepted.joined(separator: ", ")
        default:
            return nil
        }
        guard !request.body.isEmpty else { return nil }
        if let encoding = request.headers.first(.contentEncoding), encoding.string.lowercased() != "identity" {
            var r = request.makeResponse(status: .unsupportedMediaType)
            r.appendHeader(.acceptEncoding, "identity")
            return r
        }
        let type = request.contentType?.mediaType ?? "application/sdp"  // §7.4.1: SDP is the default here
        guard !accepted.contains(type) else { return nil }
        var r = request.makeResponse(status: .unsupportedMediaType)
        r.appendHeader(.accept, accept)
        return r
    }

    /// 200 to OPTIONS with Allow, Accept, Accept-Encoding and Supported (§11.2).
    func optionsResponse(to request: SIPMessage, toTag: String) -> SIPMessage {
        var r = request.makeResponse(status: .ok, toTag: toTag)
        r.appendHeader(.allow, advertisement.allow)
        r.appendHeader(.accept, advertisement.accept)
        r.appendHeader(.acceptEncoding, "identity")
        // An empty Supported says that no extension is supported (§20.37 allows the empty list).
        r.appendHeader(.supported, advertisement.supported)
        if let product = advertisement.product { r.appendHeader(.server, product) }
        return r
    }
}
