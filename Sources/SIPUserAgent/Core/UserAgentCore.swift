import SIPMessage
import SIPTransaction
import StackCore

/// The transaction user of one user agent (RFC 3261 §8, §12–§15): it takes the requests, ACKs and
/// responses the transaction layer delivers, keeps the calls (INVITE sessions and their dialogs),
/// answers what it cannot serve with the proper refusal, and returns what to send, which timers to
/// arm and what to tell the application.
///
/// Pure and clock-driven: every call takes the current instant and returns actions in order. The
/// driver owns the transactions and the timers (see ``UserAgentAction``).
public struct UserAgentCore: Sendable {
    struct LocalKey: Hashable { let callID: ByteString; let localTag: ByteString }
    struct RemoteKey: Hashable { let callID: ByteString; let remoteTag: ByteString }

    /// The settings.
    public var configuration: UserAgentConfiguration {
        didSet {
            advertisement = Advertisement(configuration)
            if configuration.credentials != oldValue.credentials { digest = DigestClient(credentials: configuration.credentials) }
        }
    }
    /// Header values derived from `configuration`, kept so that no message rebuilds them.
    private(set) var advertisement: Advertisement
    private var random: any RandomSource
    /// Digest state for the realms that challenged this side's requests (§22.2).
    private var digest: DigestClient
    var sessions: [SessionID: InviteSession] = [:]
    var byLocal: [LocalKey: SessionID] = [:]
    private var byRemote: [RemoteKey: SessionID] = [:]
    private var byInviteTransaction: [TransactionID: SessionID] = [:]
    private var armed: Set<UserAgentTimer> = []
    var nextID: UInt64 = 1
    /// MESSAGE requests sent outside any call, by Call-ID and From tag, until their final response.
    var pendingMessages: [LocalKey: PendingMessage] = [:]
    var nextRequestID: UInt64 = 1
    /// Calls placed for an accepted REFER → the call whose transferor hears of them by NOTIFY.
    var referrals: [SessionID: SessionID] = [:]
    /// Incoming calls with Replaces → the call they replace once answered (RFC 3891).
    var replacements: [SessionID: SessionID] = [:]

    /// A core with `configuration`, drawing tags, branches and Call-IDs from `random`.
    public init(configuration: UserAgentConfiguration, random: some RandomSource) {
        self.configuration = configuration
        advertisement = Advertisement(configuration)
        self.random = random
        digest = DigestClient(credentials: configuration.credentials)
    }

    /// How many calls are open.
    public var sessionCount: Int { sessions.count }
    /// How many session timers are armed.
    public var armedTimerCount: Int { armed.count }
    /// The calls that are open.
    public var openSessions: [SessionID] { sessions.keys.sorted() }
    /// A call's state, or nil once it has ended and been forgotten.
    public func state(of id: SessionID) -> CallState? { sessions[id]?.state }
    /// A call's dialog, once it has one.
    public func dialog(of id: SessionID) -> Dialog? { sessions[id]?.dialog }

    // MARK: Application

    /// Places a call to `target`, with `body` as the offer; nil when the target cannot be reached
    /// from the configured endpoints.
    public mutating func call(_ target: SIPAnyURI, to: SIPNameAddress? = nil, body: ByteString = .empty,
                              contentType: String? = "application/sdp", extraHeaders: [SIPHeaderField] = [],
                              now: Instant) -> (SessionID?, [UserAgentAction]) {
        var context = makeContext(now)
        let id = SessionID(rawValue: nextID)
        guard let to = to ?? (try? SIPNameAddress(uri: target)),
              let session = InviteSession.outgoing(id, .init(target: target, to: to, body: body, contentType: contentType,
                                                              extraHeaders: extraHeaders), &context) else {
            return (nil, finish(context))
        }
        nextID += 1
        insert(session)
        return (id, finish(context))
    }

    /// Sends a provisional response (180 by default, 183 with early media) to an incoming call.
    public mutating func ring(_ id: SessionID, status: SIPStatus = .ringing, body: ByteString = .empty,
                              contentType: String? = "application/sdp", now: Instant) -> [UserAgentAction] {
        update(id, now) { s, c in s.ring(status: status, body: body, contentType: contentType, &c) }
    }

    /// Answers an incoming call with 200 and `body` (the SDP answer).
    public mutating func answer(_ id: SessionID, body: ByteString = .empty, contentType: String? = "application/sdp",
                                now: Instant) -> [UserAgentAction] {
        update(id, now) { s, c in s.answer(body: body, contentType: contentType, &c) }
    }

    /// Refuses an incoming call (486 Busy Here by default), with `extraHeaders` in the response
    /// (a WWW-Authenticate challenge, a Contact for a 3xx, a Retry-After, …).
    public mutating func reject(_ id: SessionID, status: SIPStatus = .busyHere, extraHeaders: [SIPHeaderField] = [],
                                now: Instant) -> [UserAgentAction] {
        update(id, now) { s, c in s.reject(status: status, extraHeaders: extraHeaders, &c) }
    }

    /// Changes an established call's session with `body` as the offer (hold, resume, another
    /// codec), in a re-INVITE or an UPDATE (RFC 3311). The outcome comes as
    /// ``UserAgentEvent/modificationEnded(_:_:message:)``.
    public mutating func modify(_ id: SessionID, method: SIPMethod = .invite, body: ByteString,
                                contentType: String? = "application/sdp", now: Instant) -> [UserAgentAction] {
        guard method == .invite || method == .update else { return [] }
        return update(id, now) { s, c in s.modify(method: method, body: body, contentType: contentType, &c) }
    }

    /// Accepts the peer's re-INVITE or UPDATE with `body` as the answer.
    public mutating func acceptModification(_ id: SessionID, body: ByteString, contentType: String? = "application/sdp",
                                            now: Instant) -> [UserAgentAction] {
        update(id, now) { s, c in s.acceptOffer(body: body, contentType: contentType, &c) }
    }

    /// Refuses the peer's re-INVITE or UPDATE (488 Not Acceptable Here by default); the session
    /// stays as it was.
    public mutating func refuseModification(_ id: SessionID, status: SIPStatus = .notAcceptableHere,
                                            now: Instant) -> [UserAgentAction] {
        update(id, now) { s, c in s.refuseOffer(status: status, &c) }
    }

    /// Hangs up: CANCEL or BYE for an outgoing call, 603 or BYE for an incoming one.
    public mutating func hangUp(_ id: SessionID, now: Instant) -> [UserAgentAction] {
        update(id, now) { s, c in s.role == .client ? s.clientHangUp(&c) : s.serverHangUp(&c) }
    }

    // MARK: Transaction layer

    /// A request that arrived in server transaction `transaction`; for a CANCEL, `cancelling` is
    /// the INVITE transaction it matches (the transaction layer finds it, §9.2).
    public mutating func receiveRequest(_ request: SIPMessage, transaction: TransactionID, cancelling: TransactionID? = nil,
                                        now: Instant) -> [UserAgentAction] {
        var context = makeContext(now)
        if let refusal = refusal(for: request) {
            context.emit(.respond(refusal, transaction: transaction))
            return finish(context)
        }
        if request.method == .cancel {
            receiveCancel(request, transaction: transaction, cancelling: cancelling, &context)
        } else if request.to?.tag != nil {
            receiveInDialog(request, transaction: transaction, &context)
        } else {
            receiveOutOfDialog(request, transaction: transaction, &context)
        }
        return finish(context)
    }

    /// An ACK for a 2xx this side sent (it reaches the TU, §13.3.1.4, RFC 6026 §7.1).
    public mutating func receiveACK(_ ack: SIPMessage, now: Instant) -> [UserAgentAction] {
        guard let key = DialogID(receivedRequest: ack), let id = byLocal[LocalKey(callID: key.callID, localTag: key.localTag)] else { return [] }
        return update(id, now) { s, c in s.receivedACK(ack, &c) }
    }

    /// A response to a request this side sent, or a 2xx retransmission outside any transaction.
    public mutating func receiveResponse(_ response: SIPMessage, now: Instant) -> [UserAgentAction] {
        guard let callID = response.callID, let tag = response.from?.tag else { return [] }
        let key = LocalKey(callID: callID, localTag: tag)
        guard let id = byLocal[key] else { return messageAnswered(response, key: key, now: now) }
        return update(id, now) { s, c in s.clientReceived(response, &c) }
    }

    /// A request this side sent got no final response (timeout) or could not be sent.
    public mutating func requestFailed(_ request: SIPMessage, reason: String, now: Instant) -> [UserAgentAction] {
        guard let callID = request.callID, let tag = request.from?.tag, let cseq = request.cseq else { return [] }
        let key = LocalKey(callID: callID, localTag: tag)
        guard let id = byLocal[key] else { return messageFailed(key: key, reason: reason, now: now) }
        return update(id, now) { s, c in
            switch cseq.method {
            case .invite where s.role == .client && cseq.number == s.invite.cseq?.number: s.inviteFailed(reason, &c)
            case .invite, .update: if cseq.number == s.outgoingOffer?.sent?.sequence { s.offerFailed(reason, &c) }
            case .bye where cseq.number == s.bye?.sequence: s.byeCompleted(&c)
            default: s.dialogRequestFailed(sequence: cseq.number, reason: reason, &c)
            }
        }
    }

    /// A timer set by a `.setTimer` action fired.
    public mutating func timerFired(_ timer: UserAgentTimer, now: Instant) -> [UserAgentAction] {
        guard armed.remove(timer) != nil else { return [] }
        return update(timer.session, now) { s, c in
            switch timer.kind {
            case .retransmit2xx: s.retransmitSuccess(&c)
            case .ackTimeout: s.ackTimedOut(&c)
            case .cancelTimeout: s.cancelTimedOut(&c)
            case .glareRetry: s.glareTimerFired(&c)
            case .offerTimeout: s.offerTimedOut(&c)
            case .retransmitProvisional: s.retransmitProvisional(&c)
            case .prackTimeout: s.prackTimedOut(&c)
            case .sessionRefresh: s.sessionRefreshDue(&c)
            case .sessionExpiry: s.sessionExpired(&c)
            case .transferTimeout: s.transferTimedOut(&c)
            case .transferDecision: s.transferDecisionTimedOut(&c)
            }
        }
    }

    // MARK: Dispatch

    private mutating func receiveCancel(_ cancel: SIPMessage, transaction: TransactionID, cancelling: TransactionID?,
                                        _ context: inout SessionContext) {
        // §9.2: a CANCEL that matches no transaction gets 481; one that does gets 200 whatever
        // state the INVITE is in.
        guard let invite = cancelling, let id = byInviteTransaction[invite] else {
            context.emit(.respond(cancel.makeResponse(status: .callDoesNotExist), transaction: transaction))
            return
        }
        context.emit(.respond(cancel.makeResponse(status: .ok), transaction: transaction))
        sessions[id]?.cancelled(cancel, &context)
    }

    private mutating func receiveInDialog(_ request: SIPMessage, transaction: TransactionID, _ context: inout SessionContext) {
        guard let key = DialogID(receivedRequest: request),
              let id = byLocal[LocalKey(callID: key.callID, localTag: key.localTag)],
              var session = sessions[id], var dialog = session.dialog, dialog.id.remoteTag == key.remoteTag else {
            // §12.2.2: a request with a To tag that matches no dialog.
            context.emit(.respond(request.makeResponse(status: .callDoesNotExist), transaction: transaction))
            return
        }
        guard dialog.acceptRemoteSequence(of: request) else {
            context.emit(.respond(request.makeResponse(status: .serverInternalError, reason: "CSeq Out Of Order"),
                                  transaction: transaction))
            return
        }
        session.dialog = dialog
        switch request.method {
        case .bye?:
            session.receivedBye(request, transaction: transaction, &context)
        case .invite?, .update?:
            session.receivedOffer(request, transaction: transaction, &context)
        case .prack?:
            session.receivedPRACK(request, transaction: transaction, &context)
        case .info?:
            session.receivedInfo(request, transaction: transaction, &context)
        case .message?:
            session.receivedMessage(request, transaction: transaction, &context)
        case .refer?:
            session.receivedRefer(request, transaction: transaction, &context)
        case .notify?:
            session.receivedNotify(request, transaction: transaction, &context)
        default:
            // Methods allowed by the configuration that no dialog usage here serves (SUBSCRIBE, …).
            context.emit(.respond(request.makeResponse(status: .notImplemented), transaction: transaction))
        }
        sessions[id] = session
    }

    private mutating func receiveOutOfDialog(_ request: SIPMessage, transaction: TransactionID, _ context: inout SessionContext) {
        switch request.method {
        case .invite?:
            guard sessions.count < configuration.maximumSessions else {
                var busy = request.makeResponse(status: .serviceUnavailable)
                busy.appendHeader(.retryAfter, String(configuration.overloadRetryAfter))
                context.emit(.respond(busy, transaction: transaction))
                return
            }
            var replaced: SessionID?
            if request.headers.contains(.replaces) {
                switch replacedSession(for: request) {
                case .replaces(let old): replaced = old
                case .refuse(let status):
                    context.emit(.respond(request.makeResponse(status: status), transaction: transaction))
                    return
                }
            }
            let id = SessionID(rawValue: nextID)
            nextID += 1
            if let replaced { replacements[id] = replaced }
            insert(InviteSession.incoming(id, invite: request, transaction: transaction, &context))
        case .message?:
            // RFC 3428 §7: 200 with a To tag, no Contact and no body.
            context.emit(.respond(request.makeResponse(status: .ok, toTag: context.random.token(count: 12)), transaction: transaction))
            context.emit(.event(.messageReceived(nil, request: request)))
        case .options?:
            context.emit(.respond(optionsResponse(to: request, toTag: context.random.token(count: 12)), transaction: transaction))
        default:
            // BYE and other dialog requests without a To tag belong to no dialog.
            context.emit(.respond(request.makeResponse(status: .callDoesNotExist), transaction: transaction))
        }
    }

    // MARK: Bookkeeping

    func makeContext(_ now: Instant) -> SessionContext {
        SessionContext(configuration: configuration, advertisement: advertisement, now: now, random: random, digest: digest)
    }

    mutating func update(_ id: SessionID, _ now: Instant,
                                 _ body: (inout InviteSession, inout SessionContext) -> Void) -> [UserAgentAction] {
        var context = makeContext(now)
        guard sessions[id] != nil else { return [] }
        body(&sessions[id]!, &context)
        return finish(context)
    }

    mutating func insert(_ session: InviteSession) {
        sessions[session.id] = session
        byLocal[LocalKey(callID: session.invite.callID ?? .empty, localTag: session.localTagBytes)] = session.id
        if session.role == .server, let tag = session.invite.from?.tag, let callID = session.invite.callID {
            byRemote[RemoteKey(callID: callID, remoteTag: tag)] = session.id
        }
        if let t = session.inviteTransaction { byInviteTransaction[t] = session.id }
    }

    /// Keeps the randomness drawn, tracks the timers, tells transferors and replaced calls how
    /// the calls tied to them are going, and forgets the calls that ended. The actions those
    /// produce are handled in the same pass.
    mutating func finish(_ context: SessionContext) -> [UserAgentAction] {
        var context = context
        var index = 0
        while index < context.actions.count {
            let action = context.actions[index]
            index += 1
            switch action {
            case .setTimer(let t, _): armed.insert(t)
            case .cancelTimer(let t): armed.remove(t)
            case .event(.callStateChanged(let id, let state, let message)):
                if referrals[id] != nil { reportToTransferor(id, state, message, &context) }
                if replacements[id] != nil { replaceIfAnswered(id, state, &context) }
                if state.isEnded { forget(id) }
            default: break
            }
        }
        random = context.random
        digest = context.digest
        return context.actions
    }

    private mutating func forget(_ id: SessionID) {
        guard let session = sessions.removeValue(forKey: id) else { return }
        byLocal[LocalKey(callID: session.invite.callID ?? .empty, localTag: session.localTagBytes)] = nil
        if let tag = session.invite.from?.tag, let callID = session.invite.callID,
           byRemote[RemoteKey(callID: callID, remoteTag: tag)] == id {
            byRemote[RemoteKey(callID: callID, remoteTag: tag)] = nil
        }
        if let t = session.inviteTransaction { byInviteTransaction[t] = nil }
    }

    /// The session a new request without To tag merges with (§8.2.2.2): same Call-ID, From tag and
    /// CSeq as a call's INVITE but another transaction.
    func mergedSession(for request: SIPMessage) -> SessionID? {
        guard let callID = request.callID, let tag = request.from?.tag,
              let id = byRemote[RemoteKey(callID: callID, remoteTag: tag)], let session = sessions[id],
              session.invite.cseq == request.cseq, session.invite.topVia?.branch != request.topVia?.branch else { return nil }
        return id
    }
}
