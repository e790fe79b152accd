import SIPMessage
import StackCore

/// The UAC half of a call (RFC 3261 §13.2, §9.1, §15).
extension InviteSession {
    /// Settings of a new outgoing call.
    struct Outgoing {
        var target: SIPAnyURI
        var to: SIPNameAddress
        var body: ByteString
        var contentType: String?
        var extraHeaders: [SIPHeaderField]
    }

    /// A new outgoing call: builds the INVITE (§13.2.1) and sends it, or nil when the target has
    /// no next hop or no local endpoint serves its transport.
    static func outgoing(_ id: SessionID, _ call: Outgoing, _ context: inout SessionContext) -> InviteSession? {
        let configuration = context.configuration
        let firstHop = configuration.outboundProxy ?? call.target
        guard let hop = SIPNextHop(uri: firstHop),
              let via = configuration.via(for: hop.transport, random: &context.random),
              let contact = context.advertisement.contact(for: hop.transport) else { return nil }
        let tag = context.random.token(count: 12)
        guard let from = try? configuration.identity.settingTag(tag) else { return nil }
        var parts = SIPRequestParts(method: .invite, uri: call.target, via: via, from: from, to: call.to,
                                    callID: context.random.token(count: 24), sequence: 1)
        parts.contact = contact
        if let proxy = configuration.outboundProxy {
            // §8.1.2: a preloaded Route; a proxy without `lr` is given it so that it loose-routes.
            let text = proxy.sipURI?.isLooseRouting == true ? "<\(proxy.text)>" : "<\(proxy.text);lr>"
            parts.extraHeaders.append(SIPHeaderField(name: .route, value: ByteString(text)))
        }
        parts.extraHeaders += context.advertisement.capabilityHeaders
        parts.extraHeaders += SessionTimerRules.requestHeaders(current: nil, configuration)
        if let product = context.advertisement.product { parts.extraHeaders.append(SIPHeaderField(name: .userAgent, value: ByteString(product))) }
        parts.extraHeaders += call.extraHeaders
        parts.body = call.body
        parts.contentType = call.body.isEmpty ? nil : call.contentType
        let invite = SIPMessage(request: parts)
        var session = InviteSession(id: id, role: .client, state: .calling, invite: invite, localTag: tag)
        session.inviteSent = SentRequest(message: invite, nextHop: hop)
        session.rememberLocalDescription(call.body, parts.contentType)
        context.emit(.send(invite, to: hop))
        context.emit(.event(.callStateChanged(id, .calling, message: invite)))
        return session
    }

    // MARK: Responses

    /// A response to one of this side's requests in this call.
    mutating func clientReceived(_ response: SIPMessage, _ context: inout SessionContext) {
        guard let cseq = response.cseq, let status = response.status else { return }
        switch cseq.method {
        case .invite where role == .client && cseq.number == invite.cseq?.number:
            if status.isProvisional { provisional(response, status, &context) }
            else if status.isSuccess { success(response, &context) }
            else if Self.isChallenge(status) { challenged(response, &context) }
            else if status == .sessionIntervalTooSmall, retryWithLongerInterval(response, &context) { return }
            else if status.statusClass == 3, followRedirect(response, status, &context) { return }
            else { failure(response, status, &context) }
        case .invite where status.isSuccess && cseq.number == ack?.message.cseq?.number:
            // §13.2.2.4: a retransmitted 2xx of a re-INVITE gets the same ACK again.
            if let ack { context.emit(.sendACK(ack.message, to: ack.nextHop)) }
        case .invite, .update:
            if cseq.number == outgoingOffer?.sent?.sequence { offerAnswered(response, status, &context) }
        case .bye where cseq.number == bye?.sequence && status.isFinal:
            byeAnswered(response, &context)
        case .prack where cseq.number == prack?.sequence:
            prackAnswered(response, &context)
        case .info, .message, .refer, .notify:
            dialogRequestAnswered(response, &context)
        default:
            // 200 to CANCEL (the 487 follows), or a stale response.
            break
        }
    }

    private mutating func provisional(_ response: SIPMessage, _ status: SIPStatus, _ context: inout SessionContext) {
        guard !state.isEnded else { return }
        // §9.1: any provisional response, 100 included, lets a CANCEL go.
        provisionalReceived = true
        if cancelPending {
            sendCancel(&context)
            return
        }
        guard status != .trying else { return }
        let reliableSequence = reliableSequence(of: response, context)
        _ = earlyDialog(for: response)  // with forking, the latest early dialog wins
        if let reliableSequence {
            // RFC 3262 §4: in order, once each; the rest is neither acknowledged nor processed.
            guard acceptsInOrder(reliableSequence, of: response) else { return }
            sendPRACK(for: response, sequence: reliableSequence, &context)
        }
        switch state {
        case .calling, .early: transition(.early(status: status.rawValue), message: response, &context)
        default: break
        }
    }

    private mutating func success(_ response: SIPMessage, _ context: inout SessionContext) {
        guard let remoteTag = response.to?.tag else { return }
        if let dialog, dialog.state == .confirmed {
            if dialog.id.remoteTag == remoteTag {
                // §13.2.2.4: a retransmitted 2xx gets the same ACK again (built anew if a
                // re-INVITE's ACK has replaced it since).
                if let ack, ack.message.cseq?.number == response.cseq?.number {
                    context.emit(.sendACK(ack.message, to: ack.nextHop))
                } else if let sequence = response.cseq?.number,
                          let (message, hop) = buildInDialog(.ack, sequence: sequence, dialog: dialog, &context) {
                    context.emit(.sendACK(message, to: hop))
                }
            } else {
                acknowledgeAndEndFork(response, &context)
            }
            return
        }
        if state.isEnded {
            acknowledgeAndEndFork(response, &context)
            return
        }
        var confirmed = forks[remoteTag]?.dialog ?? Dialog(clientRequest: invite, response: response)
        confirmed?.confirm(with: response)
        guard let confirmed else { return }
        dialog = confirmed
        forks[remoteTag] = nil
        disarm(.cancelTimeout, &context)
        sendACK(for: confirmed, &context)
        if cancelPending || cancelSent {
            // §9.1 / §15: the 2xx won the race with the CANCEL; the call is ended with BYE.
            sendBye(reason: .cancelled, &context)
        } else {
            peerAllowsUpdate = response.hasOptionTag("update", in: .allow)
            transition(.confirmed, message: response, &context)
            setSessionInterval(SessionTimerRules.accepted(response, to: invite, context.configuration), &context)
        }
    }

    /// A 401 or 407 to the INVITE (§22.2): the INVITE again with credentials and the next CSeq, or
    /// the end of the call when they are refused. A hang-up asked meanwhile ends the call here.
    private mutating func challenged(_ response: SIPMessage, _ context: inout SessionContext) {
        guard !state.isEnded, dialog?.state != .confirmed, let sent = inviteSent, let number = sent.sequence else { return }
        if cancelSent || cancelPending {
            end(.cancelled, message: response, &context)
            return
        }
        do throws(ChallengeFailure) {
            sendInviteAgain(try answering(response, to: sent, sequence: number &+ 1, &context), after: response, &context)
        } catch {
            end(error.end, message: response, &context)
        }
    }

    /// The INVITE may still be sent again after a final response (a 422, a 3xx): the call is
    /// neither over, nor confirmed, nor being cancelled.
    var mayResendInvite: Bool { !state.isEnded && dialog?.state != .confirmed && !cancelSent && !cancelPending }

    /// Sends `again` as the call's INVITE after `response` ended the previous one (a challenge,
    /// a 422, a 3xx): that transaction is over, and its early dialogs and 100 with it.
    mutating func sendInviteAgain(_ again: SentRequest, after response: SIPMessage, _ context: inout SessionContext) {
        inviteSent = again
        invite = again.message
        provisionalReceived = false
        dialog = nil
        forks = [:]
        context.emit(.send(again.message, to: again.nextHop))
        transition(.calling, message: response, &context)
    }

    private mutating func failure(_ response: SIPMessage, _ status: SIPStatus, _ context: inout SessionContext) {
        guard !state.isEnded, dialog?.state != .confirmed else { return }
        if (cancelSent || cancelPending) && status == .requestTerminated {
            end(.cancelled, message: response, &context)
        } else {
            let reason = response.statusLine?.reason.string ?? status.reasonPhrase
            end(.rejected(status: status.rawValue, reason: reason), message: response, &context)
        }
    }

    /// The ACK for a 2xx (§13.2.2.4): the INVITE's CSeq number, built by the dialog.
    private mutating func sendACK(for dialog: Dialog, _ context: inout SessionContext) {
        guard let sequence = invite.cseq?.number,
              let (message, hop) = buildInDialog(.ack, sequence: sequence, dialog: dialog, &context) else { return }
        ack = (message, hop)
        context.emit(.sendACK(message, to: hop))
    }

    /// A 2xx from a second fork, or after the call is over: ACK it and end that dialog at once
    /// (§13.2.2.4 lets a UAC end the extra dialogs with BYE).
    private mutating func acknowledgeAndEndFork(_ response: SIPMessage, _ context: inout SessionContext) {
        // A fork that sent PRACKs numbers on from them.
        let known = response.to?.tag.flatMap { forks.removeValue(forKey: $0)?.dialog }
        guard var extra = known ?? Dialog(clientRequest: invite, response: response), let sequence = invite.cseq?.number else { return }
        extra.confirm(with: response)
        if let (ack, hop) = buildInDialog(.ack, sequence: sequence, dialog: extra, &context) { context.emit(.sendACK(ack, to: hop)) }
        let byeSequence = extra.nextSequence()
        if let (bye, hop) = buildInDialog(.bye, sequence: byeSequence, dialog: extra, &context) { context.emit(.send(bye, to: hop)) }
    }

    // MARK: Hanging up

    /// Hang-up from the caller: CANCEL before the answer (once a provisional response allows it,
    /// §9.1), BYE after.
    mutating func clientHangUp(_ context: inout SessionContext) {
        switch state {
        case .calling, .early:
            arm(.cancelTimeout, after: context.timeout, &context)
            if provisionalReceived { sendCancel(&context) } else { cancelPending = true }
            transition(.terminating, message: nil, &context)
        case .confirmed:
            sendBye(reason: .hungUpLocally, &context)
        case .incoming, .connecting, .terminating, .ended:
            break
        }
    }

    /// §9.1: the CANCEL copies the INVITE's Request-URI, Call-ID, To, From, CSeq number, top Via
    /// and Route, and goes where the INVITE went.
    private mutating func sendCancel(_ context: inout SessionContext) {
        guard !cancelSent, let hop = inviteSent?.nextHop else { return }
        cancelPending = false
        cancelSent = true
        var fields: [SIPHeaderField] = []
        for f in invite.headers {
            switch f.name {
            case .via where !fields.contains(where: { $0.name == .via }), .to, .from, .callID, .route, .maxForwards:
                fields.append(SIPHeaderField(name: f.name, value: f.value))
            case .cseq:
                fields.append(SIPHeaderField(name: .cseq, value: ByteString("\(invite.cseq?.number ?? 1) CANCEL")))
            default:
                continue
            }
        }
        fields.append(SIPHeaderField(name: .contentLength, value: "0"))
        guard let uri = invite.requestURI else { return }
        let cancel = SIPMessage(startLine: .request(SIPRequestLine(method: .cancel, uri: uri)), headers: SIPHeaders(fields: fields))
        context.emit(.send(cancel, to: hop))
    }

    /// No final response came within 64·T1 of the CANCEL (§9.1): the call is taken as cancelled.
    mutating func cancelTimedOut(_ context: inout SessionContext) {
        guard case .terminating = state, dialog?.state != .confirmed else { return }
        end(.cancelled, &context)
    }

    /// The INVITE's transaction timed out or its transport failed.
    mutating func inviteFailed(_ reason: String, _ context: inout SessionContext) {
        guard dialog?.state != .confirmed, !state.isEnded else { return }
        if cancelSent || cancelPending { end(.cancelled, &context) } else { end(.unreachable(reason), &context) }
    }
}
