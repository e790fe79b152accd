import SIPMessage
import SIPTransaction
import StackCore

/// One call: an INVITE session and its dialog (RFC 3261 §13–§15), from either side.
///
/// A value with no I/O, owned by ``UserAgentCore``; it writes its actions into the
/// ``SessionContext`` of each event. The UAC half is in `InviteSession+Client.swift`, the UAS half
/// in `InviteSession+Server.swift`.
struct InviteSession: Sendable {
    enum Role: Sendable { case client, server }

    let id: SessionID
    let role: Role
    private(set) var state: CallState
    var dialog: Dialog?
    /// The INVITE this side sent (client) or received (server).
    var invite: SIPMessage
    /// The tag this side uses: the From tag (client) or the To tag it answers with (server).
    let localTag: String

    // Client side.
    /// The INVITE as sent, with where it went and the credentials it carries.
    var inviteSent: SentRequest?
    /// A provisional response has come, so a CANCEL may be sent (§9.1).
    var provisionalReceived = false
    /// Hang-up was asked before any provisional response: CANCEL waits for one.
    var cancelPending = false
    /// The CANCEL is out.
    var cancelSent = false
    /// The early dialogs by remote tag (RFC 3262 §4: PRACKs and RSeq per fork).
    var forks: [ByteString: EarlyFork] = [:]
    /// This side's PRACK in flight, kept to answer a challenge.
    var prack: SentRequest?
    /// How many 422 responses the INVITE met (RFC 4028 §7.4).
    var intervalRetries = 0
    /// How many 3xx responses were followed, and the Request-URIs tried (§8.1.3.4).
    var redirects = 0
    var triedTargets: Set<ByteString> = []

    // Server side.
    /// The INVITE's server transaction.
    var inviteTransaction: TransactionID?
    /// BYE waits for the ACK (§15: not before the ACK or the 2xx's give-up), with how the call ends.
    var byeAfterACK: CallEnd?
    /// The reliable provisional response waiting for its PRACK (RFC 3262 §3).
    var reliable: ReliableProvisional?
    /// The RSeq of the last reliable provisional response; 0 before the first.
    var lastRSeq: UInt32 = 0
    /// A provisional response asked for while the previous reliable one waits for its PRACK.
    var heldProvisional: HeldResponse?
    /// The 2xx asked for while a reliable provisional response with a body waits for its PRACK.
    var heldAnswer: HeldResponse?

    // Either side.
    /// The ACK of the last 2xx this side received to an INVITE (the first or a re-INVITE), resent
    /// for each retransmission of that 2xx (§13.2.2.4).
    var ack: (message: SIPMessage, nextHop: SIPNextHop)?
    /// The 2xx this side sent to an INVITE (the first or a re-INVITE), resent until its ACK comes
    /// (§13.3.1.4), with its transaction and the CSeq number the ACK carries.
    var sentSuccess: (response: SIPMessage, transaction: TransactionID, sequence: UInt32)?
    var retransmitInterval: Duration = .zero
    /// This side's re-INVITE or UPDATE, from the application's request to its final response.
    var outgoingOffer: OutgoingOffer?
    /// The peer's re-INVITE or UPDATE, waiting for the application's answer.
    var incomingOffer: IncomingOffer?
    /// The BYE this side sent.
    var bye: SentRequest?
    /// How the call ends once this side's BYE completes.
    var endingReason: CallEnd = .hungUpLocally
    /// The session interval in force (RFC 4028), if any.
    var sessionInterval: SessionInterval?
    /// The last session description this side sent (offer or answer), for a refresh by re-INVITE.
    var localBody = ByteString.empty
    var localContentType: String?
    /// The peer lists UPDATE in Allow, so a refresh can go without a body (RFC 4028 §10).
    var peerAllowsUpdate = false
    /// This side's MESSAGE, INFO, REFER and NOTIFY requests in flight, by CSeq number.
    var requests: [UInt32: DialogRequest] = [:]
    /// This side's transfer (REFER, RFC 3515) until its outcome.
    var outgoingTransfer: OutgoingTransfer?
    /// The Event id of the last transfer that ended, whose late NOTIFYs are still answered 200.
    var finishedTransferID: UInt32?
    /// The peer's REFER, waiting for the application's decision.
    var incomingTransfer: IncomingTransfer?
    /// The subscription an accepted REFER made: NOTIFYs report the new call (RFC 3515 §2.4.4).
    var referSubscription: ReferSubscription?

    init(id: SessionID, role: Role, state: CallState, invite: SIPMessage, localTag: String) {
        self.id = id
        self.role = role
        self.state = state
        self.invite = invite
        self.localTag = localTag
    }

    /// The local tag as bytes, for indexing.
    var localTagBytes: ByteString { ByteString(localTag) }

    // MARK: Shared steps

    mutating func transition(_ new: CallState, message: SIPMessage?, _ context: inout SessionContext) {
        guard new != state else { return }
        state = new
        if new.isEnded {
            // §15.1.2: requests still pending in the dialog are answered, with 487.
            terminateIncomingOffer(&context)
            finishOffer(.callEnded, message: nil, &context)
            abandonRequests(&context)
        }
        context.emit(.event(.callStateChanged(id, new, message: message)))
        if new.isEnded {
            for kind in SessionTimerKind.allCases { context.emit(.cancelTimer(UserAgentTimer(session: id, kind: kind))) }
        }
    }

    mutating func end(_ reason: CallEnd, message: SIPMessage? = nil, _ context: inout SessionContext) {
        transition(.ended(reason), message: message, &context)
    }

    func arm(_ kind: SessionTimerKind, after delay: Duration, _ context: inout SessionContext) {
        context.emit(.setTimer(UserAgentTimer(session: id, kind: kind), at: context.now + delay))
    }

    func disarm(_ kind: SessionTimerKind, _ context: inout SessionContext) {
        context.emit(.cancelTimer(UserAgentTimer(session: id, kind: kind)))
    }

    /// Sends a new request inside the dialog (BYE, re-INVITE, …) in a client transaction.
    mutating func sendInDialog(_ method: SIPMethod, body: ByteString = .empty, contentType: String? = nil,
                               extraHeaders: [SIPHeaderField] = [], _ context: inout SessionContext) -> SentRequest? {
        guard var dialog else { return nil }
        let sequence = dialog.nextSequence()
        self.dialog = dialog
        guard let (request, hop) = buildInDialog(method, sequence: sequence, dialog: dialog, body: body,
                                                 contentType: contentType, extraHeaders: extraHeaders, &context) else { return nil }
        context.emit(.send(request, to: hop))
        return SentRequest(message: request, nextHop: hop)
    }

    /// Sends `sent` again with credentials for the challenge in `response` and the dialog's next
    /// CSeq (§22.2); throws when it cannot be answered.
    mutating func resendInDialog(_ sent: SentRequest, answering response: SIPMessage,
                                 _ context: inout SessionContext) throws(ChallengeFailure) -> SentRequest {
        guard var dialog else { throw ChallengeFailure(end: .hungUpLocally) }
        let sequence = dialog.nextSequence()
        self.dialog = dialog
        let again = try answering(response, to: sent, sequence: sequence, &context)
        context.emit(.send(again.message, to: again.nextHop))
        return again
    }

    /// A request in `dialog` with its Via and Contact for the next hop's transport. A re-INVITE or
    /// UPDATE also carries Allow and Supported (§14.1: like an INVITE).
    func buildInDialog(_ method: SIPMethod, sequence: UInt32, dialog: Dialog, body: ByteString = .empty,
                       contentType: String? = nil, extraHeaders: [SIPHeaderField] = [],
                       _ context: inout SessionContext) -> (SIPMessage, SIPNextHop)? {
        guard let hop = dialog.routeSet.first.flatMap({ SIPNextHop(uri: $0.uri) }) ?? SIPNextHop(uri: dialog.remoteTarget),
              let via = context.configuration.via(for: hop.transport, random: &context.random) else { return nil }
        let contact = method == .bye || method == .ack || method == .cancel ? nil : context.advertisement.contact(for: hop.transport)
        var extra = extraHeaders
        if method == .invite || method == .update {
            extra += context.advertisement.capabilityHeaders
            extra += SessionTimerRules.requestHeaders(current: sessionInterval, context.configuration)
        }
        if method != .ack, let product = context.advertisement.product {
            extra.append(SIPHeaderField(name: .userAgent, value: ByteString(product)))
        }
        let (request, _) = dialog.makeRequest(method, sequence: sequence, via: via, contact: contact, extraHeaders: extra,
                                              body: body, contentType: contentType)
        return (request, hop)
    }

    /// Ends the call from this side with BYE; the call ends when the BYE completes.
    mutating func sendBye(reason: CallEnd, _ context: inout SessionContext) {
        endingReason = reason
        // The peer's change is answered before the call ends (like §15.1.2 for a BYE received).
        terminateIncomingOffer(&context)
        guard let sent = sendInDialog(.bye, &context) else {
            end(reason, &context)
            return
        }
        bye = sent
        transition(.terminating, message: nil, &context)
    }

    /// A final response to this side's BYE. A challenge is answered (§22.2); anything else ends the
    /// call (§15.1.1).
    mutating func byeAnswered(_ response: SIPMessage, _ context: inout SessionContext) {
        if let status = response.status, Self.isChallenge(status), let sent = bye,
           let again = try? resendInDialog(sent, answering: response, &context) {
            bye = again
            return
        }
        byeCompleted(&context)
    }

    // MARK: Requests inside the dialog (either side)

    /// A BYE for this dialog (§15.1.2): 200, and the call is over.
    mutating func receivedBye(_ bye: SIPMessage, transaction: TransactionID, _ context: inout SessionContext) {
        context.emit(.respond(bye.makeResponse(status: .ok), transaction: transaction))
        if role == .server, let inviteTransaction, dialog?.state != .confirmed, !state.isEnded {
            // A BYE before the INVITE was answered ends it with 487 (§15.1.2).
            context.emit(.respond(invite.makeResponse(status: .requestTerminated, toTag: localTag), transaction: inviteTransaction))
        }
        end(.hungUpRemotely, message: bye, &context)
    }

    /// A response to this side's BYE, or the BYE's transaction failed: the call is over either way
    /// (§15.1.1).
    mutating func byeCompleted(_ context: inout SessionContext) {
        end(endingReason, &context)
    }
}
