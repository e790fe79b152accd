import SIPMessage
import StackCore

/// How an INVITE with Replaces matches this side's calls (RFC 3891 §3).
enum ReplacesMatch {
    /// It replaces this call once answered.
    case replaces(SessionID)
    /// It is refused with this status.
    case refuse(SIPStatus)
}

/// Call transfer: REFER (RFC 3515) as transferor and transferee, with the NOTIFYs that report
/// the new call, and Replaces (RFC 3891) for attended transfer.
extension UserAgentCore {
    /// Blind transfer: asks the peer of call `id` to call `target`. Progress comes as
    /// ``UserAgentEvent/transferProgress(_:_:)``, the outcome as ``UserAgentEvent/transferEnded(_:_:)``.
    public mutating func transfer(_ id: SessionID, to target: SIPAnyURI, now: Instant) -> [UserAgentAction] {
        update(id, now) { s, c in s.transfer(referTo: "<\(target.text)>", &c) }
    }

    /// Attended transfer: asks the peer of call `id` to call the peer of call `other` with a
    /// Replaces for `other`'s dialog, so that the new call takes `other`'s place (RFC 3891 §4,
    /// RFC 5589 §7). Both calls must be established.
    public mutating func transfer(_ id: SessionID, replacing other: SessionID, now: Instant) -> [UserAgentAction] {
        guard let referTo = sessions[other]?.replacingReferTo() else {
            return update(id, now) { s, c in c.emit(.event(.transferEnded(s.id, .busy))) }
        }
        return update(id, now) { s, c in s.transfer(referTo: referTo, &c) }
    }

    /// Accepts the peer's REFER in call `id`: 202, NOTIFYs from now on, and a new call to the
    /// Refer-To target with `body` as the offer, carrying Referred-By and the Replaces that
    /// Refer-To asks for (RFC 3515 §2.4.4, RFC 3892 §3, RFC 3891 §4). Returns the new call, or nil
    /// when there is no REFER waiting or its target cannot be called (the transferor is then told
    /// 503 by NOTIFY).
    public mutating func acceptTransfer(_ id: SessionID, body: ByteString = .empty, contentType: String? = "application/sdp",
                                        now: Instant) -> (SessionID?, [UserAgentAction]) {
        var context = makeContext(now)
        guard var session = sessions[id], let pending = session.takeIncomingTransfer(&context) else { return (nil, []) }
        session.acceptTransfer(pending, &context)
        let newID = SessionID(rawValue: nextID)
        let target = TransferTarget(referTo: pending.referTo, refer: pending.request)
        if let target, let to = try? SIPNameAddress(uri: target.uri),
           let call = InviteSession.outgoing(newID, .init(target: target.uri, to: to, body: body, contentType: contentType,
                                                           extraHeaders: target.headers), &context) {
            nextID += 1
            sessions[id] = session
            insert(call)
            referrals[newID] = id
            return (newID, finish(context))
        }
        session.notifyReferrer(SIPFragmentStatus(status: 503, reason: "Service Unavailable"), &context)
        sessions[id] = session
        return (nil, finish(context))
    }

    /// Refuses the peer's REFER in call `id` (603 Decline by default).
    public mutating func refuseTransfer(_ id: SessionID, status: SIPStatus = .decline, now: Instant) -> [UserAgentAction] {
        update(id, now) { s, c in s.refuseTransfer(status: status, &c) }
    }

    /// The call that incoming call `id` replaces once answered (RFC 3891), if any. Such a call is
    /// usually answered at once, without alerting.
    public func replacedCall(by id: SessionID) -> SessionID? { replacements[id] }

    /// The call whose REFER made this side place call `id`, if any.
    public func transferringCall(of id: SessionID) -> SessionID? { referrals[id] }

    // MARK: Ties between calls

    /// Tells the transferor how the call placed for its REFER is going (RFC 3515 §2.4.5): each
    /// provisional response, then the final one, which ends the subscription.
    mutating func reportToTransferor(_ id: SessionID, _ state: CallState, _ message: SIPMessage?, _ context: inout SessionContext) {
        guard let transferor = referrals[id] else { return }
        let fragment: SIPFragmentStatus
        switch state {
        case .early(let status):
            let reason = message?.statusLine?.reason.string ?? SIPStatus(rawValue: status)?.reasonPhrase ?? ""
            fragment = SIPFragmentStatus(status: status, reason: reason)
        case .confirmed:
            let status = message?.status?.rawValue ?? 200
            fragment = SIPFragmentStatus(status: status, reason: message?.statusLine?.reason.string ?? "OK")
        case .ended(let end):
            fragment = Self.fragment(for: end)
        default:
            return
        }
        if fragment.isFinal { referrals[id] = nil }
        sessions[transferor]?.notifyReferrer(fragment, &context)
    }

    /// The final status a NOTIFY reports for a new call that ended before it was answered.
    private static func fragment(for end: CallEnd) -> SIPFragmentStatus {
        switch end {
        case .rejected(let status, let reason): SIPFragmentStatus(status: status, reason: reason)
        case .authenticationFailed: SIPFragmentStatus(status: 403, reason: "Forbidden")
        case .unreachable: SIPFragmentStatus(status: 408, reason: "Request Timeout")
        case .cancelled, .hungUpLocally: SIPFragmentStatus(status: 487, reason: "Request Terminated")
        default: SIPFragmentStatus(status: 500, reason: "Server Internal Error")
        }
    }

    /// Once the incoming call with Replaces is answered, the call it replaces is ended (RFC 3891
    /// §3); if it ends first, nothing is replaced.
    mutating func replaceIfAnswered(_ id: SessionID, _ state: CallState, _ context: inout SessionContext) {
        guard let old = replacements[id] else { return }
        switch state {
        case .connecting, .confirmed:
            replacements[id] = nil
            sessions[old]?.replaced(&context)
        case .ended:
            replacements[id] = nil
        default:
            break
        }
    }

    /// RFC 3891 §3: the call an INVITE's Replaces names. 400 for a malformed or repeated header;
    /// 481 when no dialog matches or the match is an early dialog this side did not start; 603
    /// when the match is ending; 486 when `early-only` names an established call.
    func replacedSession(for invite: SIPMessage) -> ReplacesMatch {
        guard invite.headers.count(of: .replaces) == 1, let replaces = try? invite.header(.replaces, as: SIPReplaces.self),
              let toTag = replaces.toTag, let fromTag = replaces.fromTag else { return .refuse(.badRequest) }
        guard let id = byLocal[LocalKey(callID: replaces.callID, localTag: toTag)], let session = sessions[id] else {
            return .refuse(.callDoesNotExist)
        }
        // The call's dialog, or one of the early dialogs of this side's outgoing call.
        let matches = session.dialog?.id.remoteTag == fromTag || (session.role == .client && session.forks[fromTag] != nil)
        guard matches else { return .refuse(.callDoesNotExist) }
        switch session.state {
        case .terminating, .ended: return .refuse(.decline)
        case .confirmed, .connecting: return replaces.earlyOnly ? .refuse(.busyHere) : .replaces(id)
        default: return session.role == .client ? .replaces(id) : .refuse(.callDoesNotExist)
        }
    }
}

/// Where an accepted REFER sends the new call: the Refer-To URI without its headers, and the
/// headers the new INVITE carries (Replaces from the URI, Referred-By from the REFER).
struct TransferTarget {
    let uri: SIPAnyURI
    let headers: [SIPHeaderField]

    init?(referTo: SIPNameAddress, refer: SIPMessage) {
        var headers: [SIPHeaderField] = []
        var uri = referTo.uri
        if let sip = referTo.uri.sipURI, let embedded = sip.headers {
            let text = sip.text.string
            guard let cut = text.firstIndex(of: "?"), let bare = try? SIPAnyURI(parsing: ByteString(String(text[..<cut]))) else { return nil }
            uri = bare
            // RFC 3261 §19.1.1: hname=hvalue pairs joined by '&', %-escaped. Only Replaces is
            // taken; other headers a URI asks for are not copied into the request.
            for pair in embedded.string.split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, parts[0].lowercased() == "replaces" else { continue }
                let value = ByteString(bytes: PercentEncoding.decode(Array(parts[1].utf8)))
                guard (try? SIPReplaces(parsing: value, limits: .default)) != nil else { return nil }
                headers.append(SIPHeaderField(name: .replaces, value: value))
            }
        }
        if let referredBy = refer.headers.first(.referredBy) {
            headers.append(SIPHeaderField(name: .referredBy, value: referredBy))
        }
        self.uri = uri
        self.headers = headers
    }
}

extension InviteSession {
    /// The Refer-To value that sends a transferee to this call's peer, replacing this call
    /// (RFC 3891 §4): the remote target with a Replaces header whose to-tag is the peer's tag and
    /// from-tag this side's, as the peer will match them. Nil unless the call is established.
    func replacingReferTo() -> String? {
        guard let dialog, dialog.state == .confirmed, case .confirmed = state else { return nil }
        var target = dialog.remoteTarget.text.string
        if let cut = target.firstIndex(of: "?") { target = String(target[..<cut]) }
        let replaces = "\(dialog.id.callID.string);to-tag=\(dialog.id.remoteTag.string);from-tag=\(dialog.id.localTag.string)"
        let escaped = PercentEncoding.encode(replaces.utf8) { c in
            // unreserved (RFC 3261 §25.1): alphanum and - _ . ! ~ * ' ( )
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || Array("-_.!~*'()".utf8).contains(c)
        }
        return "<\(target)?Replaces=\(String(decoding: escaped, as: UTF8.self))>"
    }
}
