import SIPMessage
import StackCore

/// How a message finds its transaction when the branch carries the RFC 3261 magic cookie.
///
/// Client side (§17.1.3): the branch of the top Via and the CSeq method. Server side (§17.2.3): the
/// branch and sent-by of the top Via and the method, ACK counting as INVITE. CANCEL forms its own
/// transaction; ``TransactionKey/server(cancelledBy:)`` finds the INVITE it cancels (§9.2).
public struct TransactionKey: Sendable, Hashable, CustomStringConvertible {
    /// Which side of the transaction the key belongs to.
    public enum Side: Sendable, Hashable { case client, server }

    /// Client or server.
    public let side: Side
    /// The branch parameter of the top Via.
    public let branch: ByteString
    /// The sent-by host of the top Via (server side only).
    public let host: SIPHost?
    /// The sent-by port of the top Via as written (server side only).
    public let port: Int?
    /// The method of the request that created the transaction.
    public let method: SIPMethod

    /// The key of the client transaction that sends `request`, or of the one a response names (by its
    /// top Via branch and CSeq method). Nil without a branch with the magic cookie or without CSeq.
    public static func client(_ message: SIPMessage) -> TransactionKey? {
        guard let via = message.topVia, via.hasRFC3261Branch, let branch = via.branch,
              let method = message.isRequest ? message.method : message.cseq?.method else { return nil }
        return TransactionKey(side: .client, branch: branch, host: nil, port: nil, method: method)
    }

    /// The key of the server transaction a request belongs to; nil when its top Via has no RFC 3261
    /// branch (see ``LegacyTransactionKey``).
    public static func server(_ request: SIPMessage) -> TransactionKey? {
        guard let method = request.method else { return nil }
        return server(request, method: method == .ack ? .invite : method)
    }

    /// The key of the INVITE server transaction a CANCEL cancels (§9.2).
    public static func server(cancelledBy cancel: SIPMessage) -> TransactionKey? {
        server(cancel, method: .invite)
    }

    private static func server(_ request: SIPMessage, method: SIPMethod) -> TransactionKey? {
        guard let via = request.topVia, via.hasRFC3261Branch, let branch = via.branch else { return nil }
        return TransactionKey(side: .server, branch: branch, host: via.host, port: via.port, method: method)
    }

    public var description: String {
        "\(side) \(method) \(branch)" + (host.map { " \($0)" + (port.map { ":\($0)" } ?? "") } ?? "")
    }
}

/// How a request finds its server transaction when its top Via branch lacks the magic cookie
/// (RFC 2543 peers, §17.2.3): Request-URI, From tag, Call-ID, CSeq number and top Via, with ACK
/// counting as INVITE. The To tag is compared after the lookup (see ``toTagMatches(_:creating:lastResponse:)``),
/// because an ACK carries the tag of the response rather than that of the INVITE.
public struct LegacyTransactionKey: Sendable, Hashable {
    let uri: ByteString
    let fromTag: ByteString?
    let callID: ByteString
    let sequence: UInt32
    let via: ByteString
    let method: SIPMethod

    /// The key of `request`; nil when it lacks a Call-ID, CSeq or Via. Pass `cancelling: true` to find
    /// the INVITE a CANCEL cancels.
    public init?(_ request: SIPMessage, cancelling: Bool = false) {
        guard let line = request.requestLine, let callID = request.callID, let cseq = request.cseq,
              let via = request.topVia else { return nil }
        uri = line.uriText
        fromTag = request.from?.tag
        self.callID = callID
        sequence = cseq.number
        self.via = via.text
        method = cancelling || line.method == .ack ? .invite : line.method
    }

    /// §17.2.3: an ACK matches when its To tag is that of the response the transaction sent; any other
    /// request when its To tag is that of the request that created the transaction.
    public static func toTagMatches(_ request: SIPMessage, creating: SIPMessage, lastResponse: SIPMessage?) -> Bool {
        let tag = request.to?.tag
        if request.method == .ack { return tag == (lastResponse ?? creating).to?.tag }
        return tag == creating.to?.tag
    }
}
