import SIPMessage
import SIPTransaction
import StackCore

/// The UAS half of a call (RFC 3261 §13.3, §9.2, §15).
extension InviteSession {
    /// A new incoming call for `invite`, received in server transaction `transaction`.
    static func incoming(_ id: SessionID, invite: SIPMessage, transaction: TransactionID,
                         _ context: inout SessionContext) -> InviteSession {
        var session = InviteSession(id: id, role: .server, state: .incoming, invite: invite,
                                    localTag: context.random.token(count: 12))
        session.inviteTransaction = transaction
        context.emit(.event(.incomingCall(id, invite: invite)))
        return session
    }

    /// A response to the INVITE with the local tag; dialog-making ones carry Contact (§12.1.1).
    private func response(_ status: SIPStatus, body: ByteString, contentType: String?,
                          _ context: SessionContext) -> SIPMessage {
        response(to: invite, status, body: body, contentType: contentType, context)
    }

    /// A response to `request` (the INVITE, a re-INVITE or an UPDATE) with the local tag. Those
    /// from 101 to 299 carry Contact (§12.1.1, §14.2: a target refresh), a 2xx also Allow and
    /// Supported.
    func response(to request: SIPMessage, _ status: SIPStatus, body: ByteString, contentType: String?,
                  _ context: SessionContext) -> SIPMessage {
        var r = request.makeResponse(status: status, toTag: localTag)
        if status.rawValue > 100 && status.rawValue < 300 {
            if let contact = context.advertisement.contact(for: request.topVia?.transport.string.uppercased() ?? "UDP") { r.appendHeader(.contact, contact.text.string) }
            if status.isSuccess { for f in context.advertisement.capabilityHeaders { r.appendHeader(f.name, f.value.string) } }
        }
        if let product = context.advertisement.product { r.appendHeader(.server, product) }
        if !body.isEmpty, let contentType {
            r.removeHeaders(.contentLength)
            r.appendHeader(.contentType, contentType)
            r.appendHeader(.contentLength, String(body.count))
            r.body = body
        }
        return r
    }

    /// Sends a provisional response (180, 183) and enters the early state. When the caller asks
    /// for reliable ones (RFC 3262 §3) it goes reliably, and one asked for while the previous
    /// one waits for its PRACK goes after that PRACK (only the latest is kept).
    mutating func ring(status: SIPStatus, body: ByteString, contentType: String?, _ context: inout SessionContext) {
        guard status.isProvisional, status != .trying, let transaction = inviteTransaction, isUnanswered else { return }
        let reliably = sendsReliably(context)
        if reliably, reliable != nil {
            heldProvisional = HeldResponse(status: status, body: body, contentType: contentType)
            return
        }
        let r = response(status, body: body, contentType: contentType, context)
        if dialog == nil {
            dialog = Dialog(serverRequest: invite, response: r, initialSequence: 1)
        }
        if reliably {
            sendReliably(r, carriesBody: !body.isEmpty, transaction: transaction, &context)
        } else {
            context.emit(.respond(r, transaction: transaction))
        }
        transition(.early(status: status.rawValue), message: r, &context)
    }

    /// Answers with 200 and resends it until the ACK comes (§13.3.1.4). While a reliable
    /// provisional response with a session description waits for its PRACK, the 200 waits too
    /// (RFC 3262 §3). The 200 carries the session interval agreed (RFC 4028 §9).
    mutating func answer(body: ByteString, contentType: String?, _ context: inout SessionContext) {
        guard let transaction = inviteTransaction, isUnanswered else { return }
        if let pending = reliable, pending.carriesBody {
            heldAnswer = HeldResponse(status: .ok, body: body, contentType: contentType)
            return
        }
        stopProvisionalRetransmissions(&context)
        var ok = response(.ok, body: body, contentType: contentType, context)
        let interval = agreeSessionInterval(in: &ok, answering: invite, context)
        if dialog == nil { dialog = Dialog(serverRequest: invite, response: ok, initialSequence: 1) }
        dialog?.confirm()
        guard dialog != nil else {
            // An INVITE without Contact cannot make a dialog (§8.1.1.8): refuse it instead.
            reject(status: .badRequest, &context)
            return
        }
        sendSuccess(ok, transaction: transaction, sequence: invite.cseq?.number ?? 0, &context)
        rememberLocalDescription(body, contentType)
        peerAllowsUpdate = invite.hasOptionTag("update", in: .allow)
        transition(.connecting, message: ok, &context)
        setSessionInterval(interval, &context)
    }

    /// Refuses the call with a final non-2xx response carrying `extraHeaders` (a challenge, a
    /// Contact for 3xx, Retry-After, …).
    mutating func reject(status: SIPStatus, extraHeaders: [SIPHeaderField] = [], _ context: inout SessionContext) {
        guard status.rawValue >= 300, let transaction = inviteTransaction, isUnanswered else { return }
        var refusal = response(status, body: .empty, contentType: nil, context)
        for f in extraHeaders { refusal.appendHeader(f.name, f.value.string) }
        context.emit(.respond(refusal, transaction: transaction))
        end(.declined(status: status.rawValue), &context)
    }

    /// Hang-up from the callee: decline before answering, BYE after the ACK (§15).
    mutating func serverHangUp(_ context: inout SessionContext) {
        switch state {
        case .incoming, .early: reject(status: .decline, &context)
        case .connecting: byeAfterACK = .hungUpLocally
        case .confirmed: sendBye(reason: .hungUpLocally, &context)
        case .calling, .terminating, .ended: break
        }
    }

    /// Sends a 2xx to an INVITE (the first or a re-INVITE) and resends it at T1, doubling up to
    /// T2, until the ACK with CSeq `sequence` comes or 64·T1 pass (§13.3.1.4).
    mutating func sendSuccess(_ ok: SIPMessage, transaction: TransactionID, sequence: UInt32, _ context: inout SessionContext) {
        sentSuccess = (ok, transaction, sequence)
        retransmitInterval = context.configuration.t1
        context.emit(.respond(ok, transaction: transaction))
        arm(.retransmit2xx, after: retransmitInterval, &context)
        arm(.ackTimeout, after: context.timeout, &context)
    }

    /// The ACK for a 2xx this side sent: the call is confirmed, or a re-INVITE completes (its body
    /// is the answer when this side's 2xx carried the offer).
    mutating func receivedACK(_ ack: SIPMessage, _ context: inout SessionContext) {
        guard let pending = sentSuccess, ack.cseq?.number == pending.sequence else { return }
        sentSuccess = nil
        disarm(.retransmit2xx, &context)
        disarm(.ackTimeout, &context)
        if case .connecting = state {
            transition(.confirmed, message: ack, &context)
            if let reason = byeAfterACK { sendBye(reason: reason, &context) }
        } else if !state.isEnded {
            context.emit(.event(.modificationAcknowledged(id, ack: ack)))
        }
    }

    /// Timer: resend the 2xx, doubling the interval up to T2.
    mutating func retransmitSuccess(_ context: inout SessionContext) {
        guard let pending = sentSuccess, !state.isEnded else { return }
        context.emit(.respond(pending.response, transaction: pending.transaction))
        retransmitInterval = min(retransmitInterval * 2, context.configuration.t2)
        arm(.retransmit2xx, after: retransmitInterval, &context)
    }

    /// Timer: 64·T1 without an ACK; the dialog is confirmed and ended with BYE (§13.3.1.4, and
    /// §14.2 for a re-INVITE).
    mutating func ackTimedOut(_ context: inout SessionContext) {
        guard sentSuccess != nil, !state.isEnded else { return }
        sentSuccess = nil
        disarm(.retransmit2xx, &context)
        if case .terminating = state { return }
        sendBye(reason: .noACK, &context)
    }

    /// The caller's CANCEL (§9.2): 487 to the INVITE if it is not answered yet. The CANCEL's own
    /// 200 is the core's.
    mutating func cancelled(_ cancel: SIPMessage, _ context: inout SessionContext) {
        guard let transaction = inviteTransaction else { return }
        switch state {
        case .incoming, .early:
            context.emit(.respond(response(.requestTerminated, body: .empty, contentType: nil, context), transaction: transaction))
            end(.cancelled, message: cancel, &context)
        default:
            break
        }
    }
}
