import SIPMessage
import StackCore

/// A MESSAGE this side sent outside any call, until its final response.
struct PendingMessage: Sendable {
    let id: RequestID
    var sent: SentRequest
}

/// Instant messages (RFC 3428) and INFO (RFC 6086), with DTMF relay.
extension UserAgentCore {
    /// Sends `body` to `target` in a MESSAGE outside any call (pager mode, RFC 3428 §4), through
    /// the outbound proxy if one is set. The outcome comes as
    /// ``UserAgentEvent/requestEnded(_:_:response:)``; nil when the target cannot be reached from
    /// the configured endpoints or too many are in flight.
    public mutating func sendMessage(to target: SIPAnyURI, body: ByteString, contentType: String = "text/plain",
                                     extraHeaders: [SIPHeaderField] = [], now: Instant) -> (RequestID?, [UserAgentAction]) {
        var context = makeContext(now)
        let configuration = context.configuration
        guard pendingMessages.count < configuration.maximumPendingMessages,
              let hop = SIPNextHop(uri: configuration.outboundProxy ?? target),
              let via = configuration.via(for: hop.transport, random: &context.random),
              let to = try? SIPNameAddress(uri: target),
              let from = try? configuration.identity.settingTag(context.random.token(count: 12)) else {
            return (nil, finish(context))
        }
        var parts = SIPRequestParts(method: .message, uri: target, via: via, from: from, to: to,
                                    callID: context.random.token(count: 24), sequence: 1)
        if let proxy = configuration.outboundProxy {
            let text = proxy.sipURI?.isLooseRouting == true ? "<\(proxy.text)>" : "<\(proxy.text);lr>"
            parts.extraHeaders.append(SIPHeaderField(name: .route, value: ByteString(text)))
        }
        if let product = context.advertisement.product { parts.extraHeaders.append(SIPHeaderField(name: .userAgent, value: ByteString(product))) }
        parts.extraHeaders += extraHeaders
        parts.body = body
        parts.contentType = body.isEmpty ? nil : contentType
        let message = SIPMessage(request: parts)
        let id = RequestID(rawValue: nextRequestID)
        nextRequestID += 1
        guard let callID = message.callID, let tag = message.from?.tag else { return (nil, finish(context)) }
        pendingMessages[LocalKey(callID: callID, localTag: tag)] = PendingMessage(id: id, sent: SentRequest(message: message, nextHop: hop))
        context.emit(.send(message, to: hop))
        return (id, finish(context))
    }

    /// Sends `body` in a MESSAGE inside call `id` (RFC 3428 §4 allows it in a dialog).
    public mutating func sendMessage(in id: SessionID, body: ByteString, contentType: String = "text/plain",
                                     now: Instant) -> (RequestID?, [UserAgentAction]) {
        sendInCall(id, .message, body: body, contentType: contentType, now: now)
    }

    /// Sends an INFO with `body` inside call `id` (RFC 6086 legacy use, without Info-Package).
    public mutating func sendInfo(in id: SessionID, body: ByteString, contentType: String,
                                  now: Instant) -> (RequestID?, [UserAgentAction]) {
        sendInCall(id, .info, body: body, contentType: contentType, now: now)
    }

    /// Sends a key press inside call `id` as an INFO with `application/dtmf-relay`.
    public mutating func sendDTMF(in id: SessionID, _ relay: DTMFRelay, now: Instant) -> (RequestID?, [UserAgentAction]) {
        sendInCall(id, .info, body: relay.body, contentType: DTMFRelay.mediaType, now: now)
    }

    private mutating func sendInCall(_ id: SessionID, _ method: SIPMethod, body: ByteString, contentType: String,
                                     now: Instant) -> (RequestID?, [UserAgentAction]) {
        guard sessions[id] != nil else { return (nil, []) }
        let request = RequestID(rawValue: nextRequestID)
        nextRequestID += 1
        let actions = update(id, now) { s, c in
            s.sendApplicationRequest(method, body: body, contentType: contentType, id: request, &c)
        }
        return (request, actions)
    }

    // MARK: Outcomes of MESSAGE outside calls

    /// A response to a MESSAGE sent outside any call: a challenge is answered with CSeq + 1
    /// (§22.2); a final response ends it.
    mutating func messageAnswered(_ response: SIPMessage, key: LocalKey, now: Instant) -> [UserAgentAction] {
        guard let status = response.status, status.isFinal, var pending = pendingMessages[key],
              response.cseq?.number == pending.sent.sequence else { return [] }
        var context = makeContext(now)
        pendingMessages[key] = nil
        let outcome: RequestOutcome
        if InviteSession.isChallenge(status) {
            do throws(ChallengeFailure) {
                pending.sent = try pending.sent.answering(response, sequence: (pending.sent.sequence ?? 1) &+ 1, &context)
                pendingMessages[key] = pending
                context.emit(.send(pending.sent.message, to: pending.sent.nextHop))
                return finish(context)
            } catch {
                if case .authenticationFailed(let realm) = error.end {
                    outcome = .authenticationFailed(realm: realm)
                } else {
                    outcome = .refused(status: status.rawValue, reason: response.statusLine?.reason.string ?? status.reasonPhrase)
                }
            }
        } else if status.isSuccess {
            outcome = .delivered(status: status.rawValue)
        } else {
            outcome = .refused(status: status.rawValue, reason: response.statusLine?.reason.string ?? status.reasonPhrase)
        }
        context.emit(.event(.requestEnded(pending.id, outcome, response: response)))
        return finish(context)
    }

    /// A MESSAGE sent outside any call timed out or could not be sent.
    mutating func messageFailed(key: LocalKey, reason: String, now: Instant) -> [UserAgentAction] {
        guard let pending = pendingMessages.removeValue(forKey: key) else { return [] }
        var context = makeContext(now)
        context.emit(.event(.requestEnded(pending.id, .unreachable(reason), response: nil)))
        return finish(context)
    }
}
