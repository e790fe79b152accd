import StackCore

/// What a new request is made of (RFC 3261 §8.1.1): the mandatory headers and optional extras.
public struct SIPRequestParts: Sendable {
    /// The method.
    public var method: SIPMethod
    /// The Request-URI.
    public var uri: SIPAnyURI
    /// The Via value the transport will send from (with a fresh `z9hG4bK` branch).
    public var via: SIPVia
    /// From, with the local tag.
    public var from: SIPNameAddress
    /// To (no tag outside a dialog).
    public var to: SIPNameAddress
    /// The Call-ID.
    public var callID: String
    /// The CSeq number; the method is the request's.
    public var sequence: UInt32
    /// Max-Forwards, 70 by default (§8.1.1.6).
    public var maxForwards: Int = 70
    /// Contact, required in INVITE and other dialog-creating requests.
    public var contact: SIPNameAddress?
    /// Further header fields, written after the mandatory ones in this order.
    public var extraHeaders: [SIPHeaderField] = []
    /// The body.
    public var body: ByteString = .empty
    /// The body's media type, required when the body is not empty.
    public var contentType: String?

    /// Parts with the mandatory fields; the rest take their defaults.
    public init(method: SIPMethod, uri: SIPAnyURI, via: SIPVia, from: SIPNameAddress, to: SIPNameAddress,
                callID: String, sequence: UInt32)
    {
        self.method = method
        self.uri = uri
        self.via = via
        self.from = from
        self.to = to
        self.callID = callID
        self.sequence = sequence
    }
}

extension SIPMessage {
    /// A request from its parts, with headers in the order of RFC 3261 §8.1.1's examples.
    public init(request p: SIPRequestParts) {
        var fields: [SIPHeaderField] = [
            SIPHeaderField(name: .via, value: p.via.text),
            SIPHeaderField(name: .maxForwards, value: ByteString(String(p.maxForwards))),
            SIPHeaderField(name: .to, value: p.to.text),
            SIPHeaderField(name: .from, value: p.from.text),
            SIPHeaderField(name: .callID, value: ByteString(p.callID)),
            SIPHeaderField(name: .cseq, value: ByteString("\(p.sequence) \(p.method)")),
        ]
        if let c = p.contact { fields.append(SIPHeaderField(name: .contact, value: c.text)) }
        fields += p.extraHeaders
        if let t = p.contentType { fields.append(SIPHeaderField(name: .contentType, value: ByteString(t))) }
        fields.append(SIPHeaderField(name: .contentLength, value: ByteString(String(p.body.count))))
        self.init(startLine: .request(SIPRequestLine(method: p.method, uri: p.uri)), headers: SIPHeaders(fields: fields), body: p.body)
    }

    /// A response to this request per RFC 3261 §8.2.6: Via (all, in order), From, Call-ID and CSeq
    /// copied; To copied with `toTag` added when the request had none (not for 100 Trying, §8.2.6.2);
    /// Timestamp echoed in 100 (§8.2.6.1); Record-Route copied into responses that can create a
    /// dialog (§12.1.1). Calling it on a response is a programming error.
    public func makeResponse(status: SIPStatus, reason: String? = nil, toTag: String? = nil) -> SIPMessage {
        precondition(isRequest, "makeResponse is for requests")
        let dialogCreating = [SIPMethod.invite, .subscribe, .refer, .notify].contains(method ?? .ack)
        var fields: [SIPHeaderField] = []
        for f in headers {
            switch f.name {
            case .via, .from, .callID, .cseq:
                fields.append(SIPHeaderField(name: f.name, value: f.value))
            case .to:
                fields.append(SIPHeaderField(name: .to, value: toValue(f.value, status: status, toTag: toTag)))
            case .timestamp where status == .trying:
                fields.append(SIPHeaderField(name: .timestamp, value: f.value))
            case .recordRoute where dialogCreating && status.rawValue > 100 && status.rawValue < 300:
                fields.append(SIPHeaderField(name: .recordRoute, value: f.value))
            default:
                continue
            }
        }
        fields.append(SIPHeaderField(name: .contentLength, value: "0"))
        return SIPMessage(startLine: .response(SIPStatusLine(status: status, reason: reason)), headers: SIPHeaders(fields: fields))
    }

    private func toValue(_ value: ByteString, status: SIPStatus, toTag: String?) -> ByteString {
        guard status != .trying, let toTag, let to = self.to, to.tag == nil else { return value }
        return (try? to.settingTag(toTag).text) ?? value
    }
}
