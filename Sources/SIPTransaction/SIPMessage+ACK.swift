import SIPMessage
import StackCore

extension SIPMessage {
    /// The ACK a client transaction sends for a 300–699 answer to this INVITE (RFC 3261 §17.1.1.3):
    /// the same Request-URI, Call-ID, From and CSeq number, the To of the response (with its tag), only
    /// the top Via of the request, and the request's Route headers. Nil when this is not a request.
    public func acknowledgement(for response: SIPMessage) -> SIPMessage? {
        guard let line = requestLine else { return nil }
        var fields: [SIPHeaderField] = []
        if let via = topVia { fields.append(SIPHeaderField(name: .via, value: via.text)) }
        fields.append(SIPHeaderField(name: .maxForwards, value: ByteString(String(maxForwards ?? 70))))
        for f in headers where f.name == .route { fields.append(SIPHeaderField(name: .route, value: f.value)) }
        if let to = response.headers.first(.to) { fields.append(SIPHeaderField(name: .to, value: to)) }
        if let from = headers.first(.from) { fields.append(SIPHeaderField(name: .from, value: from)) }
        if let callID { fields.append(SIPHeaderField(name: .callID, value: callID)) }
        fields.append(SIPHeaderField(name: .cseq, value: ByteString("\(cseq?.number ?? 0) ACK")))
        fields.append(SIPHeaderField(name: .contentLength, value: "0"))
        return SIPMessage(startLine: .request(line.replacingMethod(.ack)), headers: SIPHeaders(fields: fields))
    }
}
