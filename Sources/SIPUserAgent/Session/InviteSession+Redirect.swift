import SIPMessage
import StackCore

/// Redirects of the INVITE (RFC 3261 §8.1.3.4): a 3xx names other targets in its Contacts, and the
/// INVITE is sent again to the best one not yet tried.
extension InviteSession {
    /// The most targets one call remembers having tried.
    static let maximumTriedTargets = 32

    /// Follows a 3xx to the INVITE when the configuration allows it: the INVITE again to the
    /// untried SIP or SIPS Contact with the highest q (§8.1.3.4, §16.7 step 6 for the order),
    /// with the same Call-ID, From tag and To, CSeq + 1 and a new branch. False when nothing is
    /// left to try (the call then ends as rejected). 305 and 380 are not followed: the first
    /// names a proxy to trust, the second alternative services for a person to pick.
    mutating func followRedirect(_ response: SIPMessage, _ status: SIPStatus, _ context: inout SessionContext) -> Bool {
        let c = context.configuration
        guard c.followsRedirects, status.statusClass == 3, status.rawValue != 305, status.rawValue != 380,
              redirects < c.maximumRedirects, mayResendInvite,
              let sent = inviteSent, let number = sent.sequence, let method = sent.message.method,
              let current = sent.message.requestURI else { return false }
        triedTargets.insert(current.text)
        guard let target = nextTarget(in: response),
              let hop = SIPNextHop(uri: c.outboundProxy ?? target),
              let via = c.via(for: hop.transport, random: &context.random) else { return false }
        redirects += 1
        triedTargets.insert(target.text)
        var message = SIPMessage(startLine: .request(SIPRequestLine(method: method, uri: target)), headers: sent.message.headers,
                                 body: sent.message.body)
        message.replaceTopVia(via)
        message.setHeader(.cseq, "\(number &+ 1) \(method.rawValue)")
        // Credentials answered the old target's challenges; the new one challenges anew.
        message.removeHeaders(.authorization)
        message.removeHeaders(.proxyAuthorization)
        sendInviteAgain(SentRequest(message: message, nextHop: hop), after: response, &context)
        return true
    }

    /// The untried SIP or SIPS Contact of `response` with the highest q (no q counts as 1), its
    /// URI headers and `method` stripped.
    private func nextTarget(in response: SIPMessage) -> SIPAnyURI? {
        guard case .addresses(let contacts)? = response.contact, triedTargets.count < Self.maximumTriedTargets else { return nil }
        let ranked = contacts.enumerated().sorted { a, b in
            let qa = a.element.qThousandths ?? 1000, qb = b.element.qThousandths ?? 1000
            return qa != qb ? qa > qb : a.offset < b.offset
        }
        for (_, contact) in ranked {
            let uri = Dialog.strippingHeaders(contact.address.uri)
            guard uri.sipURI != nil, !triedTargets.contains(uri.text) else { continue }
            return uri
        }
        return nil
    }
}
