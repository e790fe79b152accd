import SIPMessage
import SIPTransaction
import StackCore

/// A reliable provisional response this side sent, until its PRACK (RFC 3262 §3).
struct ReliableProvisional: Sendable {
    let response: SIPMessage
    let sequence: UInt32
    /// It carried a session description: no 2xx may go before its PRACK (§3).
    let carriesBody: Bool
    var interval: Duration
}

/// A response the application asked for that waits for the PRACK of the previous one.
struct HeldResponse: Sendable {
    let status: SIPStatus
    let body: ByteString
    let contentType: String?
}

/// One early dialog of the caller, with the RSeq of the last reliable provisional response in
/// order on it (RFC 3262 §4: each fork numbers its own).
struct EarlyFork: Sendable {
    var dialog: Dialog
    var lastSequence: UInt32?
}

/// Reliable provisional responses and PRACK (RFC 3262), for both sides of a call.
extension InviteSession {
    /// The most early dialogs (forks) a caller tracks; later forks get no PRACK.
    static let maximumForks = 16

    // MARK: Callee (§3)

    /// True when this call's provisional responses go reliably: the caller requires 100rel, or
    /// supports it and the configuration prefers reliable ones.
    func sendsReliably(_ context: SessionContext) -> Bool {
        let c = context.configuration
        guard c.supports("100rel") else { return false }
        if invite.hasOptionTag("100rel", in: .require) { return true }
        return c.reliableProvisionalResponses == .whenSupported && invite.hasOptionTag("100rel", in: .supported)
    }

    /// Makes `response` reliable (Require: 100rel and the next RSeq, the first one random in
    /// 1…2³¹−1), sends it, and resends it at T1, doubling, until its PRACK or 64·T1 (§3).
    mutating func sendReliably(_ response: SIPMessage, carriesBody: Bool, transaction: TransactionID,
                               _ context: inout SessionContext) {
        var r = response
        lastRSeq = lastRSeq == 0 ? UInt32(context.random.integer(in: 1...UInt64(Int32.max))) : lastRSeq &+ 1
        r.appendHeader(.require, "100rel")
        r.appendHeader(.rSeq, String(lastRSeq))
        reliable = ReliableProvisional(response: r, sequence: lastRSeq, carriesBody: carriesBody, interval: context.configuration.t1)
        context.emit(.respond(r, transaction: transaction))
        arm(.retransmitProvisional, after: context.configuration.t1, &context)
        arm(.prackTimeout, after: context.timeout, &context)
    }

    /// Timer: the reliable provisional response again, at twice the last interval.
    mutating func retransmitProvisional(_ context: inout SessionContext) {
        guard var pending = reliable, let transaction = inviteTransaction, isUnanswered else { return }
        context.emit(.respond(pending.response, transaction: transaction))
        pending.interval = pending.interval * 2
        reliable = pending
        arm(.retransmitProvisional, after: pending.interval, &context)
    }

    /// Timer: 64·T1 without a PRACK; the call is refused with a 5xx (§3).
    mutating func prackTimedOut(_ context: inout SessionContext) {
        guard reliable != nil, let transaction = inviteTransaction, isUnanswered else { return }
        let refusal = response(to: invite, .serverInternalError, body: .empty, contentType: nil, context)
        context.emit(.respond(refusal, transaction: transaction))
        end(.noPRACK, &context)
    }

    /// Stops resending the reliable provisional response, as a final response goes; a late PRACK
    /// for it still gets 200 (§3).
    mutating func stopProvisionalRetransmissions(_ context: inout SessionContext) {
        guard reliable != nil else { return }
        disarm(.retransmitProvisional, &context)
        disarm(.prackTimeout, &context)
        heldProvisional = nil
    }

    /// The INVITE is not answered yet.
    var isUnanswered: Bool {
        switch state {
        case .incoming, .early: return true
        default: return false
        }
    }

    /// A PRACK (§3): 200 when its RAck names the reliable provisional response outstanding, 481
    /// when it names none, 400 without a readable RAck. A 2xx or provisional response held for it
    /// goes next.
    mutating func receivedPRACK(_ prack: SIPMessage, transaction: TransactionID, _ context: inout SessionContext) {
        guard let rack = try? prack.header(.rAck, as: SIPRAck.self) else {
            context.emit(.respond(prack.makeResponse(status: .badRequest, reason: "Missing or Malformed RAck"), transaction: transaction))
            return
        }
        guard let pending = reliable, rack.responseNumber == pending.sequence, rack.method == .invite,
              rack.sequence == invite.cseq?.number else {
            context.emit(.respond(prack.makeResponse(status: .callDoesNotExist), transaction: transaction))
            return
        }
        reliable = nil
        disarm(.retransmitProvisional, &context)
        disarm(.prackTimeout, &context)
        context.emit(.respond(prack.makeResponse(status: .ok), transaction: transaction))
        context.emit(.event(.provisionalAcknowledged(id, prack: prack)))
        guard isUnanswered else { return }
        if let held = heldAnswer {
            heldAnswer = nil
            answer(body: held.body, contentType: held.contentType, &context)
        } else if let held = heldProvisional {
            heldProvisional = nil
            ring(status: held.status, body: held.body, contentType: held.contentType, &context)
        }
    }

    // MARK: Caller (§4)

    /// The RSeq of `response` when it is reliable: a 101–199 with Require: 100rel and an RSeq,
    /// to an INVITE that offered 100rel.
    func reliableSequence(of response: SIPMessage, _ context: SessionContext) -> UInt32? {
        guard context.configuration.supports("100rel"), response.to?.tag != nil,
              response.hasOptionTag("100rel", in: .require),
              let rseq = try? response.header(.rSeq, as: SIPRSeq.self) else { return nil }
        return rseq.value
    }

    /// The early dialog of a provisional response with a To tag, kept per fork; it becomes the
    /// call's dialog (with forking, the latest wins). Nil when it makes none.
    mutating func earlyDialog(for response: SIPMessage) -> Dialog? {
        guard let tag = response.to?.tag, dialog?.state != .confirmed else { return nil }
        if var fork = forks[tag] {
            fork.dialog.refreshTarget(from: response)
            forks[tag] = fork
            dialog = fork.dialog
            return fork.dialog
        }
        guard let early = Dialog(clientRequest: invite, response: response) else { return nil }
        if forks.count < Self.maximumForks { forks[tag] = EarlyFork(dialog: early) }
        dialog = early
        return early
    }

    /// True when the reliable response `sequence` on the fork of `response` comes in order: the
    /// first on that fork, or one more than the last (§4). Others (retransmissions, gaps) are
    /// neither acknowledged nor processed.
    mutating func acceptsInOrder(_ sequence: UInt32, of response: SIPMessage) -> Bool {
        guard let tag = response.to?.tag, var fork = forks[tag] else { return false }
        if let last = fork.lastSequence, sequence != last &+ 1 { return false }
        fork.lastSequence = sequence
        forks[tag] = fork
        return true
    }

    /// The next CSeq number of the early dialog `message` belongs to, and that dialog.
    private mutating func nextSequence(onForkOf message: SIPMessage) -> (Dialog, UInt32)? {
        guard let tag = message.to?.tag, var fork = forks[tag] else { return nil }
        let number = fork.dialog.nextSequence()
        forks[tag] = fork
        if dialog?.id.remoteTag == tag { dialog = fork.dialog }
        return (fork.dialog, number)
    }

    /// PRACK for the reliable provisional response `response` (§4, §7.2), in its early dialog,
    /// with the dialog's next CSeq.
    mutating func sendPRACK(for response: SIPMessage, sequence rseq: UInt32, _ context: inout SessionContext) {
        guard let cseq = response.cseq, let (early, number) = nextSequence(onForkOf: response) else { return }
        let rack = SIPHeaderField(name: .rAck, value: ByteString("\(rseq) \(cseq.number) INVITE"))
        guard let (request, hop) = buildInDialog(.prack, sequence: number, dialog: early, extraHeaders: [rack], &context) else { return }
        context.emit(.send(request, to: hop))
        prack = SentRequest(message: request, nextHop: hop)
    }

    /// A final response to this side's PRACK: a challenge is answered (§22.2); anything else ends
    /// the exchange (a 481 means the callee forgot that response; the INVITE goes on).
    mutating func prackAnswered(_ response: SIPMessage, _ context: inout SessionContext) {
        guard let sent = prack, let status = response.status, status.isFinal else { return }
        prack = nil
        guard Self.isChallenge(status), let (_, number) = nextSequence(onForkOf: response) else { return }
        guard let again = try? answering(response, to: sent, sequence: number, &context) else { return }
        context.emit(.send(again.message, to: again.nextHop))
        prack = again
    }
}
