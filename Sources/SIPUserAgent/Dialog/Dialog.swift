import SIPMessage
import StackCore

/// The state of one dialog (RFC 3261 §12): its identifier, sequence numbers, remote target and
/// route set, and how to build requests inside it.
///
/// A value with no I/O. The INVITE session owns it; other dialog usages (REFER's subscription)
/// share it through the session.
public struct Dialog: Sendable {
    /// Early (made by a provisional response) or confirmed (by a 2xx).
    public enum State: Sendable, Hashable { case early, confirmed }

    /// Call-ID and tags.
    public let id: DialogID
    /// Early or confirmed.
    public private(set) var state: State
    /// This side's name-addr with its tag: From in requests this side sends.
    public let local: SIPNameAddress
    /// The peer's name-addr with its tag: To in requests this side sends.
    public let remote: SIPNameAddress
    /// The CSeq of the last request this side sent in the dialog.
    public private(set) var localSequence: UInt32
    /// The CSeq of the last request received in the dialog; nil before the first.
    public private(set) var remoteSequence: UInt32?
    /// Where requests go: the peer's Contact (§12.1).
    public private(set) var remoteTarget: SIPAnyURI
    /// The Record-Route set, in the order requests must visit it.
    public private(set) var routeSet: [SIPNameAddress]
    /// True when the dialog was made over SIPS (§12.1.1).
    public let isSecure: Bool

    /// The dialog a UAS makes by answering `request` with `response`, which carries the local tag and
    /// Contact (§12.1.1). `initialSequence` starts the UAS's own CSeq numbering (§8.1.1.5).
    public init?(serverRequest request: SIPMessage, response: SIPMessage, initialSequence: UInt32) {
        guard let callID = request.callID, let remote = request.from, let remoteTag = remote.tag,
              let local = response.to, let localTag = local.tag, let cseq = request.cseq,
              let target = request.contact?.contacts.first?.address.uri else { return nil }
        id = DialogID(callID: callID, localTag: localTag, remoteTag: remoteTag)
        self.local = local
        self.remote = remote
        state = response.status?.isSuccess == true ? .confirmed : .early
        localSequence = initialSequence
        remoteSequence = cseq.number
        remoteTarget = target
        routeSet = (try? request.recordRoutes()) ?? []
        isSecure = request.requestURI?.sipURI?.scheme == .sips
    }

    /// The dialog a UAC's `request` gets from a `response` with a To tag: early for 101–199,
    /// confirmed for 2xx (§12.1.2). Record-Route is read in reverse.
    public init?(clientRequest request: SIPMessage, response: SIPMessage) {
        guard let status = response.status, status.rawValue > 100, status.rawValue < 300,
              let callID = request.callID, let local = request.from, let localTag = local.tag,
              let remote = response.to, let remoteTag = remote.tag, let cseq = request.cseq,
              // A provisional response without Contact still makes an early dialog; the target stays
              // the Request-URI until a Contact arrives.
              let target = response.contact?.contacts.first?.address.uri ?? request.requestURI else { return nil }
        id = DialogID(callID: callID, localTag: localTag, remoteTag: remoteTag)
        self.local = local
        self.remote = remote
        state = status.isSuccess ? .confirmed : .early
        localSequence = cseq.number
        remoteSequence = nil
        remoteTarget = target
        routeSet = ((try? response.recordRoutes()) ?? []).reversed()
        isSecure = request.requestURI?.sipURI?.scheme == .sips
    }

    // MARK: Updates

    /// A UAC's early dialog confirmed by a 2xx: the route set is taken anew from it (§13.2.2.4) and
    /// the remote target from its Contact.
    public mutating func confirm(with response: SIPMessage) {
        if state == .early { routeSet = ((try? response.recordRoutes()) ?? []).reversed() }
        state = .confirmed
        refreshTarget(from: response)
    }

    /// A UAS's early dialog confirmed by the 2xx it sent.
    public mutating func confirm() { state = .confirmed }

    /// Takes a new remote target from the message's Contact (§12.2: target refresh requests and
    /// their 2xx), when it has one.
    public mutating func refreshTarget(from message: SIPMessage) {
        if let uri = message.contact?.contacts.first?.address.uri { remoteTarget = uri }
    }

    /// Checks a received request's CSeq (§12.2.2): false when it is lower than the last one, which
    /// the UAS answers with 500; otherwise it becomes the remote sequence number. ACK and CANCEL
    /// repeat their INVITE's number and are not checked.
    public mutating func acceptRemoteSequence(of request: SIPMessage) -> Bool {
        guard let cseq = request.cseq else { return false }
        if cseq.method == .ack || cseq.method == .cancel { return true }
        if let last = remoteSequence, cseq.number < last { return false }
        remoteSequence = cseq.number
        return true
    }

    // MARK: Requests (§12.2.1.1)

    /// The next CSeq number for a new request; ACK and CANCEL reuse their INVITE's instead.
    public mutating func nextSequence() -> UInt32 {
        localSequence &+= 1
        return localSequence
    }

    /// A request inside the dialog and its next hop. `sequence` is the CSeq number (from
    /// ``nextSequence()``, or the INVITE's for an ACK). Routes follow §12.2.1.1: with a loose
    /// router first the Request-URI is the remote target and Route the route set; with a strict
    /// router first the Request-URI is that router's URI and the remote target goes last in Route.
    public func makeRequest(_ method: SIPMethod, sequence: UInt32, via: SIPVia, contact: SIPNameAddress?,
                            extraHeaders: [SIPHeaderField] = [], body: ByteString = .empty,
                            contentType: String? = nil) -> (request: SIPMessage, nextHop: SIPAnyURI) {
        var requestURI = remoteTarget
        var routes = routeSet.map(\.text.string)
        if let first = routeSet.first, first.uri.sipURI?.isLooseRouting == false {
            requestURI = Self.strippingHeaders(first.uri)
            routes.removeFirst()
            routes.append("<\(remoteTarget.text)>")
        }
        var parts = SIPRequestParts(method: method, uri: requestURI, via: via, from: local, to: remote,
                                    callID: id.callID.string, sequence: sequence)
        parts.contact = contact
        parts.extraHeaders = routes.map { SIPHeaderField(name: .route, value: ByteString($0)) } + extraHeaders
        parts.body = body
        parts.contentType = body.isEmpty ? nil : contentType
        let nextHop = routeSet.first?.uri ?? remoteTarget
        return (SIPMessage(request: parts), nextHop)
    }

    /// §12.2.1.1: a strict router's URI becomes the Request-URI without parameters and headers that
    /// a Request-URI may not carry (§19.1.1 Table 1: `method`, headers).
    static func strippingHeaders(_ uri: SIPAnyURI) -> SIPAnyURI {
        let text = uri.text.string
        guard let sip = uri.sipURI, sip.headers != nil || sip.parameters.contains("method"),
              let cut = text.split(separator: "?", maxSplits: 1).first else { return uri }
        let kept = cut.split(separator: ";").filter { !$0.lowercased().hasPrefix("method=") }.joined(separator: ";")
        return (try? SIPAnyURI(parsing: ByteString(kept))) ?? uri
    }
}
