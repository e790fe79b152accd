import SIPMessage
import SIPTransaction
import StackCore

/// This side's REFER, from the request to the final NOTIFY (RFC 3515 §2.4).
struct OutgoingTransfer: Sendable {
    /// The REFER's CSeq number: the `id` of the NOTIFYs' Event (RFC 3515 §2.4.6).
    var sequence: UInt32
    /// A 2xx or a NOTIFY came.
    var accepted = false
}

/// The peer's REFER, until the application accepts or refuses it.
struct IncomingTransfer: Sendable {
    let request: SIPMessage
    let transaction: TransactionID
    let referTo: SIPNameAddress
}

/// The implicit subscription of a REFER this side accepted (RFC 3515 §2.4.4): NOTIFYs with a
/// sipfrag of the new call's progress, one at a time (RFC 6665 §4.2.2).
struct ReferSubscription: Sendable {
    /// The REFER's CSeq number, for Event's `id`.
    let eventID: UInt32
    /// A NOTIFY is waiting for its final response.
    var inFlight = false
    /// The newest status to send once the NOTIFY in flight is answered.
    var queued: SIPFragmentStatus?
    /// The final status is sent or queued: nothing more follows.
    var terminated = false
}

/// Call transfer inside a dialog (RFC 3515 REFER with its implicit subscription, RFC 3892
/// Referred-By), as transferor and as transferee.
extension InviteSession {
    // MARK: Transferor

    /// Asks the peer to call `referTo` (the Refer-To value, a name-addr); progress comes as
    /// ``UserAgentEvent/transferProgress(_:_:)`` and the outcome as
    /// ``UserAgentEvent/transferEnded(_:_:)``. One transfer at a time, in an established call.
    mutating func transfer(referTo: String, _ context: inout SessionContext) {
        guard case .confirmed = state, outgoingTransfer == nil, requests.count < Self.maximumDialogRequests else {
            context.emit(.event(.transferEnded(id, .busy)))
            return
        }
        var identity = context.configuration.identity.uri.text.string
        if let display = context.configuration.identity.rawDisplayName { identity = "\(display.string) <\(identity)>" } else { identity = "<\(identity)>" }
        let headers = [SIPHeaderField(name: .referTo, value: ByteString(referTo)),
                       SIPHeaderField(name: .referredBy, value: ByteString(identity))]
        guard let sequence = sendDialogRequest(.refer, extraHeaders: headers, purpose: .transfer, &context) else {
            context.emit(.event(.transferEnded(id, .unreachable("the dialog's next hop cannot be used"))))
            return
        }
        outgoingTransfer = OutgoingTransfer(sequence: sequence)
    }

    /// The REFER's final response: a 2xx starts the wait for the final NOTIFY; anything else ends
    /// the transfer.
    mutating func referAnswered(_ outcome: RequestOutcome, _ context: inout SessionContext) {
        guard var transfer = outgoingTransfer else { return }
        switch outcome {
        case .delivered:
            arm(.transferTimeout, after: context.configuration.transferTimeout, &context)
            if !transfer.accepted {
                transfer.accepted = true
                outgoingTransfer = transfer
                context.emit(.event(.transferProgress(id, .accepted)))
            }
        case .refused(let status, let reason): endTransfer(.refused(status: status, reason: reason), &context)
        case .authenticationFailed(let realm): endTransfer(.refused(status: 401, reason: "credentials refused for \"\(realm)\""), &context)
        case .unreachable(let why): endTransfer(.unreachable(why), &context)
        case .callEnded: endTransfer(.callEnded, &context)
        }
    }

    /// Ends this side's transfer with `outcome`.
    mutating func endTransfer(_ outcome: TransferOutcome, _ context: inout SessionContext) {
        guard let transfer = outgoingTransfer else { return }
        outgoingTransfer = nil
        finishedTransferID = transfer.sequence
        disarm(.transferTimeout, &context)
        context.emit(.event(.transferEnded(id, outcome)))
    }

    /// Timer: no final NOTIFY came in time.
    mutating func transferTimedOut(_ context: inout SessionContext) {
        endTransfer(.unreachable("no final NOTIFY"), &context)
    }

    /// A NOTIFY for this side's transfer (RFC 3515 §2.4.5, RFC 6665 §4.1.3): 200, and its sipfrag
    /// is reported. 489 for another event package, 481 when it matches no transfer, 400 without
    /// Subscription-State.
    mutating func receivedNotify(_ request: SIPMessage, transaction: TransactionID, _ context: inout SessionContext) {
        guard let event = try? request.header(.event, as: SIPEvent.self), event.package.string.lowercased() == "refer" else {
            context.emit(.respond(request.makeResponse(status: SIPStatus(rawValue: 489)!), transaction: transaction))
            return
        }
        guard let subscription = try? request.header(.subscriptionState, as: SIPSubscriptionState.self) else {
            context.emit(.respond(request.makeResponse(status: .badRequest, reason: "Missing Subscription-State"),
                                  transaction: transaction))
            return
        }
        let eventID = event.id.flatMap { $0.decimalValue(limit: UInt64(UInt32.max)) }.map(UInt32.init)
        guard var transfer = outgoingTransfer, eventID == nil || eventID == transfer.sequence else {
            // A late NOTIFY of the transfer that just ended is still welcome.
            let late = finishedTransferID != nil && (eventID == nil || eventID == finishedTransferID)
            context.emit(.respond(request.makeResponse(status: late ? .ok : .callDoesNotExist), transaction: transaction))
            return
        }
        context.emit(.respond(request.makeResponse(status: .ok), transaction: transaction))
        // RFC 3515 §2.4.5: the NOTIFY may overtake the REFER's 2xx; it accepts the REFER too.
        if !transfer.accepted {
            transfer.accepted = true
            outgoingTransfer = transfer
            context.emit(.event(.transferProgress(id, .accepted)))
        }
        let fragment = SIPFragmentStatus(body: request.body)
        if let fragment, fragment.isFinal {
            endTransfer(fragment.status < 300 ? .succeeded(fragment) : .failed(fragment), &context)
        } else if subscription.state.string.lowercased() == "terminated" {
            endTransfer(.noResult, &context)
        } else if let fragment {
            context.emit(.event(.transferProgress(id, .progress(fragment))))
        }
    }

    // MARK: Transferee

    /// A REFER from the peer (RFC 3515 §2.4.2): exactly one valid Refer-To, one transfer at a
    /// time. The application accepts or refuses it; left unanswered it is declined after 16·T1.
    mutating func receivedRefer(_ request: SIPMessage, transaction: TransactionID, _ context: inout SessionContext) {
        switch state {
        case .confirmed: break
        case .terminating, .ended:
            context.emit(.respond(request.makeResponse(status: .callDoesNotExist), transaction: transaction))
            return
        default:
            context.emit(.respond(request.makeResponse(status: .requestPending), transaction: transaction))
            return
        }
        guard request.headers.count(of: .referTo) == 1,
              let referTo = try? request.header(.referTo, as: SIPNameAddress.self) else {
            context.emit(.respond(request.makeResponse(status: .badRequest, reason: "Missing Or Invalid Refer-To"),
                                  transaction: transaction))
            return
        }
        guard incomingTransfer == nil, referSubscription == nil else {
            context.emit(.respond(request.makeResponse(status: .requestPending), transaction: transaction))
            return
        }
        incomingTransfer = IncomingTransfer(request: request, transaction: transaction, referTo: referTo)
        arm(.transferDecision, after: context.configuration.t1 * 16, &context)
        context.emit(.event(.transferRequested(id, referTo: referTo, request: request)))
    }

    /// The peer's REFER waiting for a decision, taken out, its timer disarmed.
    mutating func takeIncomingTransfer(_ context: inout SessionContext) -> IncomingTransfer? {
        guard let pending = incomingTransfer else { return nil }
        incomingTransfer = nil
        disarm(.transferDecision, &context)
        return pending
    }

    /// Accepts the REFER: 202, and the first NOTIFY (100 Trying) at once (RFC 3515 §2.4.4).
    mutating func acceptTransfer(_ pending: IncomingTransfer, _ context: inout SessionContext) {
        context.emit(.respond(pending.request.makeResponse(status: .accepted), transaction: pending.transaction))
        referSubscription = ReferSubscription(eventID: pending.request.cseq?.number ?? 0)
        notifyReferrer(SIPFragmentStatus(status: 100, reason: "Trying"), &context)
    }

    /// Refuses the REFER with `status` (603 Decline by default).
    mutating func refuseTransfer(status: SIPStatus, _ context: inout SessionContext) {
        guard status.rawValue >= 300, let pending = takeIncomingTransfer(&context) else { return }
        context.emit(.respond(pending.request.makeResponse(status: status), transaction: pending.transaction))
    }

    /// Timer: the application did not decide in time; the REFER is declined.
    mutating func transferDecisionTimedOut(_ context: inout SessionContext) {
        guard let pending = takeIncomingTransfer(&context) else { return }
        context.emit(.respond(pending.request.makeResponse(status: .decline, reason: "No Answer From Application"),
                              transaction: pending.transaction))
    }

    /// Reports the new call's status to the transferor in a NOTIFY; a final status ends the
    /// subscription. While a NOTIFY is in flight, the newest status waits for it.
    mutating func notifyReferrer(_ fragment: SIPFragmentStatus, _ context: inout SessionContext) {
        guard var subscription = referSubscription, !subscription.terminated, !state.isEnded else { return }
        if fragment.isFinal { subscription.terminated = true }
        if subscription.inFlight {
            subscription.queued = fragment
            referSubscription = subscription
            return
        }
        referSubscription = subscription
        sendNotify(fragment, &context)
    }

    private mutating func sendNotify(_ fragment: SIPFragmentStatus, _ context: inout SessionContext) {
        guard var subscription = referSubscription else { return }
        let seconds = Int(context.configuration.transferTimeout.components.seconds)
        let state = fragment.isFinal ? "terminated;reason=noresource" : "active;expires=\(seconds)"
        let headers = [SIPHeaderField(name: .event, value: ByteString("refer;id=\(subscription.eventID)")),
                       SIPHeaderField(name: .subscriptionState, value: ByteString(state))]
        guard sendDialogRequest(.notify, body: fragment.body, contentType: "\(SIPFragmentStatus.mediaType);version=2.0",
                                extraHeaders: headers, purpose: .notify, &context) != nil else {
            referSubscription = nil
            return
        }
        subscription.inFlight = true
        subscription.queued = nil
        referSubscription = subscription
    }

    /// A NOTIFY's final response: the next one goes, or the subscription ends (after the final
    /// status, or when the transferor refuses a NOTIFY: RFC 6665 §4.1.3).
    mutating func notifyAnswered(_ outcome: RequestOutcome, _ context: inout SessionContext) {
        guard var subscription = referSubscription else { return }
        subscription.inFlight = false
        guard case .delivered = outcome else {
            referSubscription = nil
            return
        }
        if let next = subscription.queued {
            referSubscription = subscription
            sendNotify(next, &context)
        } else {
            referSubscription = subscription.terminated ? nil : subscription
        }
    }

    // MARK: Replaces (RFC 3891 §3)

    /// Another call replaced this one: an established call ends with BYE, an outgoing one not yet
    /// answered is cancelled.
    mutating func replaced(_ context: inout SessionContext) {
        switch state {
        case .confirmed: sendBye(reason: .replaced, &context)
        case .connecting: byeAfterACK = .replaced
        case .calling, .early: if role == .client { clientHangUp(&context) }
        default: break
        }
    }
}
