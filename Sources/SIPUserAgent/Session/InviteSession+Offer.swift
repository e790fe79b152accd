import SIPMessage
import SIPTransaction
import StackCore

/// This side's re-INVITE or UPDATE (RFC 3261 §14.1, RFC 3311 §5.1), from the application's request
/// to its final response.
struct OutgoingOffer: Sendable {
    let method: SIPMethod
    let body: ByteString
    let contentType: String?
    /// The request in flight; nil while the glare timer runs (§14.1).
    var sent: SentRequest?
    /// How many 491 responses it met.
    var glares = 0
    /// A session refresh (RFC 4028 §10) that the stack sent by itself: the application hears
    /// nothing of it.
    var isRefresh = false
    /// How many 422 responses it met (RFC 4028 §7.4).
    var intervalRetries = 0

    init(method: SIPMethod, body: ByteString, contentType: String?, isRefresh: Bool = false) {
        self.method = method
        self.body = body
        self.contentType = contentType
        self.isRefresh = isRefresh
    }
}

/// The peer's re-INVITE or UPDATE, until the application answers it (§14.2, RFC 3311 §5.2).
struct IncomingOffer: Sendable {
    let request: SIPMessage
    let transaction: TransactionID
}

/// Session changes inside an established call: re-INVITE (RFC 3261 §14) and UPDATE (RFC 3311),
/// sent and received, with the glare rules. The bodies (offers and answers) are the application's.
extension InviteSession {
    /// How many 491 responses one change meets before it is given up.
    static let maximumGlares = 5

    /// True while an offer/answer exchange or an INVITE transaction is open in either direction.
    var isExchangeOpen: Bool { outgoingOffer != nil || incomingOffer != nil || sentSuccess != nil }

    // MARK: Sending

    /// Changes the session with `body` as the offer (hold, resume, another codec) in a re-INVITE or
    /// an UPDATE. §14.1: not while another INVITE transaction is open in either direction (nor,
    /// RFC 3311 §5.1, while an offer is unanswered); the application is told `busy` then.
    mutating func modify(method: SIPMethod, body: ByteString, contentType: String?, _ context: inout SessionContext) {
        guard case .confirmed = state, dialog != nil, !isExchangeOpen else {
            context.emit(.event(.modificationEnded(id, .busy, message: nil)))
            return
        }
        outgoingOffer = OutgoingOffer(method: method, body: body, contentType: contentType)
        sendOffer(&context)
    }

    mutating func sendOffer(_ context: inout SessionContext) {
        guard var offer = outgoingOffer else { return }
        guard let sent = sendInDialog(offer.method, body: offer.body, contentType: offer.contentType, &context) else {
            finishOffer(.unreachable("the dialog's next hop cannot be used"), message: nil, &context)
            return
        }
        offer.sent = sent
        outgoingOffer = offer
    }

    /// Ends this side's change and tells the application, unless it was a session refresh.
    mutating func finishOffer(_ outcome: ModificationOutcome, message: SIPMessage?, _ context: inout SessionContext) {
        guard let offer = outgoingOffer else { return }
        outgoingOffer = nil
        if !offer.isRefresh { context.emit(.event(.modificationEnded(id, outcome, message: message))) }
    }

    /// A final response to this side's re-INVITE or UPDATE.
    mutating func offerAnswered(_ response: SIPMessage, _ status: SIPStatus, _ context: inout SessionContext) {
        guard var offer = outgoingOffer, let sent = offer.sent, status.isFinal else { return }
        if status.isSuccess {
            dialog?.refreshTarget(from: response)  // §12.2.1.2: a 2xx refreshes the remote target
            if offer.method == .invite, let dialog, let sequence = sent.sequence,
               let (message, hop) = buildInDialog(.ack, sequence: sequence, dialog: dialog, &context) {
                ack = (message, hop)
                context.emit(.sendACK(message, to: hop))
            }
            rememberLocalDescription(offer.body, offer.contentType)
            // RFC 4028 §7.2: every 2xx to a re-INVITE or UPDATE sets the session interval anew.
            setSessionInterval(SessionTimerRules.accepted(response, to: sent.message, context.configuration), &context)
            finishOffer(.accepted, message: response, &context)
            return
        }
        if status == .sessionIntervalTooSmall, offer.intervalRetries < Self.maximumIntervalRetries,
           let seconds = SessionTimerRules.retryInterval(after: response, current: sessionInterval?.seconds) {
            // RFC 4028 §7.4: the same change again, asking for the interval the peer demands.
            sessionInterval = SessionInterval(seconds: seconds, refresher: sessionInterval?.refresher ?? .local)
            offer.intervalRetries += 1
            outgoingOffer = offer
            sendOffer(&context)
            return
        }
        // A challenge that cannot be answered is a refusal like any other, below.
        if Self.isChallenge(status), let again = try? resendInDialog(sent, answering: response, &context) {
            offer.sent = again
            outgoingOffer = offer
            return
        }
        if status == .requestPending, offer.glares < Self.maximumGlares {
            // §14.1: glare. Retry after a random time in units of 10 ms: 2.1–4 s for the side that
            // chose the Call-ID (the caller), 0–2 s for the other.
            offer.sent = nil
            offer.glares += 1
            outgoingOffer = offer
            armGlareTimer(&context)
            return
        }
        let reason = response.statusLine?.reason.string ?? status.reasonPhrase
        finishOffer(.refused(status: status.rawValue, reason: reason), message: response, &context)
        // §12.2.1.2: 481 or 408 ends the dialog; otherwise the session stays as it was (§14.1).
        if status == .callDoesNotExist {
            end(.dialogFailed(status: 481), message: response, &context)
        } else if status == .requestTimeout {
            sendBye(reason: .dialogFailed(status: 408), &context)
        }
    }

    /// This side's re-INVITE or UPDATE timed out or could not be sent: like a 408 (§12.2.1.2), the
    /// call is ended.
    mutating func offerFailed(_ reason: String, _ context: inout SessionContext) {
        guard outgoingOffer?.sent != nil else { return }
        finishOffer(.unreachable(reason), message: nil, &context)
        sendBye(reason: .dialogFailed(status: 408), &context)
    }

    private func armGlareTimer(_ context: inout SessionContext) {
        let units = role == .client ? context.random.integer(in: 210...400) : context.random.integer(in: 0...200)
        arm(.glareRetry, after: .milliseconds(Int64(units) * 10), &context)
    }

    /// Timer: the glare wait is over; the change is sent again, or waits again while the peer's
    /// own exchange is still open.
    mutating func glareTimerFired(_ context: inout SessionContext) {
        guard let offer = outgoingOffer, offer.sent == nil else { return }
        guard case .confirmed = state else {
            finishOffer(.busy, message: nil, &context)
            return
        }
        if incomingOffer != nil || sentSuccess != nil {
            armGlareTimer(&context)
        } else {
            sendOffer(&context)
        }
    }

    // MARK: Receiving

    /// A re-INVITE or UPDATE from the peer. It refreshes the remote target (§12.2.2) and goes to
    /// the application, or is refused by the glare rules: 491 while this side's own offer is out
    /// (§14.2, RFC 3311 §5.2), 500 with Retry-After while the peer's previous one is unanswered.
    mutating func receivedOffer(_ request: SIPMessage, transaction: TransactionID, _ context: inout SessionContext) {
        switch state {
        case .confirmed:
            break
        case .terminating, .ended:
            context.emit(.respond(request.makeResponse(status: .callDoesNotExist), transaction: transaction))
            return
        default:
            // The first offer/answer exchange is still open.
            context.emit(.respond(request.makeResponse(status: .requestPending), transaction: transaction))
            return
        }
        if incomingOffer != nil {
            var busy = request.makeResponse(status: .serverInternalError)
            busy.appendHeader(.retryAfter, String(context.random.integer(in: 0...10)))
            context.emit(.respond(busy, transaction: transaction))
            return
        }
        if outgoingOffer?.sent != nil || sentSuccess != nil {
            context.emit(.respond(request.makeResponse(status: .requestPending), transaction: transaction))
            return
        }
        dialog?.refreshTarget(from: request)
        if request.method == .update && request.body.isEmpty {
            // No offer: a session refresh (RFC 4028 §10) or a target refresh, answered at once.
            var ok = response(to: request, .ok, body: .empty, contentType: nil, context)
            let interval = agreeSessionInterval(in: &ok, answering: request, context)
            context.emit(.respond(ok, transaction: transaction))
            setSessionInterval(interval, &context)
            return
        }
        incomingOffer = IncomingOffer(request: request, transaction: transaction)
        arm(.offerTimeout, after: context.timeout, &context)
        context.emit(.event(.modificationRequested(id, request: request)))
    }

    /// The peer's change waiting for an answer, taken out, its answer timer disarmed.
    private mutating func takeIncomingOffer(_ context: inout SessionContext) -> IncomingOffer? {
        guard let pending = incomingOffer else { return nil }
        incomingOffer = nil
        disarm(.offerTimeout, &context)
        return pending
    }

    /// Answers the peer's unanswered change with 487, as the call ends (§15.1.2).
    mutating func terminateIncomingOffer(_ context: inout SessionContext) {
        guard let pending = takeIncomingOffer(&context) else { return }
        context.emit(.respond(pending.request.makeResponse(status: .requestTerminated), transaction: pending.transaction))
    }

    /// The application accepts the peer's change with `body` as the answer (or, for a re-INVITE
    /// without an offer, as its offer, answered in the ACK).
    mutating func acceptOffer(body: ByteString, contentType: String?, _ context: inout SessionContext) {
        guard !state.isEnded, let pending = takeIncomingOffer(&context) else { return }
        var ok = response(to: pending.request, .ok, body: body, contentType: contentType, context)
        let interval = agreeSessionInterval(in: &ok, answering: pending.request, context)
        rememberLocalDescription(body, contentType)
        setSessionInterval(interval, &context)
        if pending.request.method == .invite {
            sendSuccess(ok, transaction: pending.transaction, sequence: pending.request.cseq?.number ?? 0, &context)
        } else {
            context.emit(.respond(ok, transaction: pending.transaction))
        }
    }

    /// The application refuses the peer's change (488 by default); the session stays as it was.
    mutating func refuseOffer(status: SIPStatus, _ context: inout SessionContext) {
        guard status.rawValue >= 300, let pending = takeIncomingOffer(&context) else { return }
        context.emit(.respond(response(to: pending.request, status, body: .empty, contentType: nil, context),
                              transaction: pending.transaction))
    }

    /// Timer: the application did not answer the peer's change within 64·T1.
    mutating func offerTimedOut(_ context: inout SessionContext) {
        guard let pending = takeIncomingOffer(&context) else { return }
        var refusal = pending.request.makeResponse(status: .serverInternalError, reason: "No Answer From Application")
        refusal.appendHeader(.retryAfter, "5")
        context.emit(.respond(refusal, transaction: pending.transaction))
    }
}
