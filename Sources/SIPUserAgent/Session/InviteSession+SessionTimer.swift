import SIPMessage
import StackCore

/// Session timers (RFC 4028): the interval agreed in each 2xx to INVITE or UPDATE, the refreshes
/// this side sends when it is the refresher, and the BYE when the interval runs out.
extension InviteSession {
    /// How many 422 responses one request meets before it is given up (RFC 4028 §7.4).
    static let maximumIntervalRetries = 2

    /// Puts `interval` in force (or none) and arms its timers anew: the refresh at half the
    /// interval when this side refreshes, and the expiry on either side (§10).
    mutating func setSessionInterval(_ interval: SessionInterval?, _ context: inout SessionContext) {
        let changed = interval != sessionInterval
        sessionInterval = interval
        disarm(.sessionRefresh, &context)
        disarm(.sessionExpiry, &context)
        if let interval {
            if interval.refresher == .local { arm(.sessionRefresh, after: interval.refreshDelay, &context) }
            arm(.sessionExpiry, after: interval.expiryDelay, &context)
        }
        if changed { context.emit(.event(.sessionIntervalChanged(id, interval))) }
    }

    /// Adds to the 2xx `ok` the Session-Expires (and Require: timer) agreed for `request` (§9);
    /// returns that interval, to put in force once the 2xx is sent.
    func agreeSessionInterval(in ok: inout SIPMessage, answering request: SIPMessage, _ context: SessionContext) -> SessionInterval? {
        let (headers, interval) = SessionTimerRules.answer(request, context.configuration)
        for f in headers { ok.appendHeader(f.name, f.value.string) }
        return interval
    }

    /// Remembers `body` as the last session description this side sent, for a refresh by
    /// re-INVITE; an empty body (no description in that message) changes nothing.
    mutating func rememberLocalDescription(_ body: ByteString, _ contentType: String?) {
        guard !body.isEmpty else { return }
        localBody = body
        localContentType = contentType
    }

    /// Timer: this side's refresh is due (§10). An UPDATE without a body when the peer allows
    /// UPDATE, otherwise a re-INVITE with the last session description this side sent. While
    /// another exchange is open it waits T2 and tries again (that exchange's 2xx may refresh).
    mutating func sessionRefreshDue(_ context: inout SessionContext) {
        guard case .confirmed = state, sessionInterval?.refresher == .local else { return }
        guard !isExchangeOpen else {
            arm(.sessionRefresh, after: context.configuration.t2, &context)
            return
        }
        let update = peerAllowsUpdate || localBody.isEmpty
        outgoingOffer = OutgoingOffer(method: update ? .update : .invite, body: update ? .empty : localBody,
                                      contentType: update ? nil : localContentType, isRefresh: true)
        sendOffer(&context)
    }

    /// Timer: no refresh came within the interval (§10); the call is ended with BYE.
    mutating func sessionExpired(_ context: inout SessionContext) {
        guard sessionInterval != nil else { return }
        switch state {
        case .confirmed, .connecting: sendBye(reason: .sessionExpired, &context)
        default: break
        }
    }

    /// The INVITE again after a 422 (§7.4), asking for the Min-SE the response demands, with the
    /// next CSeq and a new branch; false when it cannot be retried.
    mutating func retryWithLongerInterval(_ response: SIPMessage, _ context: inout SessionContext) -> Bool {
        let current = (try? invite.header(.sessionExpires, as: SIPDeltaSeconds.self))?.seconds
        guard intervalRetries < Self.maximumIntervalRetries, mayResendInvite,
              let sent = inviteSent, let number = sent.sequence, let method = sent.message.method,
              let seconds = SessionTimerRules.retryInterval(after: response, current: current),
              let via = context.configuration.via(for: sent.nextHop.transport, random: &context.random) else { return false }
        intervalRetries += 1
        var message = sent.message
        message.replaceTopVia(via)
        message.setHeader(.cseq, "\(number &+ 1) \(method.rawValue)")
        message.setHeader(.sessionExpires, String(seconds))
        message.setHeader(.minSE, String(seconds))
        var again = sent
        again.message = message
        sendInviteAgain(again, after: response, &context)
        return true
    }
}
