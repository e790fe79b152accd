import SIPMessage
import StackCore

/// A request this side sent in a call, kept so that it can be sent again with credentials.
struct SentRequest: Sendable {
    var message: SIPMessage
    var nextHop: SIPNextHop
    /// The Authorization and Proxy-Authorization values it carries.
    var authorizations: [DigestAuthorization] = []
    /// How many challenges this request (and its earlier copies) met.
    var challenges = 0

    /// Its CSeq number.
    var sequence: UInt32? { message.cseq?.number }
}

/// Why a challenged request cannot be sent again: the credentials were refused, or too many
/// challenges came, or none could be answered.
struct ChallengeFailure: Error {
    /// How the call ends when the challenged request was the INVITE.
    let end: CallEnd
}

extension InviteSession {
    /// The request `sent` again, answering the 401 or 407 `response` (see
    /// ``SentRequest/answering(_:sequence:_:)``).
    func answering(_ response: SIPMessage, to sent: SentRequest, sequence: UInt32,
                   _ context: inout SessionContext) throws(ChallengeFailure) -> SentRequest {
        try sent.answering(response, sequence: sequence, &context)
    }

    /// True for the statuses that carry a Digest challenge for this side (§22.2, §22.3).
    static func isChallenge(_ status: SIPStatus) -> Bool {
        status == .unauthorized || status == .proxyAuthenticationRequired
    }
}

extension SentRequest {
    /// This request again, answering the 401 or 407 `response` (RFC 3261 §22.2): a new branch,
    /// CSeq `sequence`, and one Authorization or Proxy-Authorization per challenged realm; the rest
    /// of the request (Call-ID, tags, Route, body) stays the same.
    func answering(_ response: SIPMessage, sequence: UInt32, _ context: inout SessionContext) throws(ChallengeFailure) -> SentRequest {
        let sent = self
        let status = response.status?.rawValue ?? 401
        let reason = response.statusLine?.reason.string ?? "Unauthorized"
        guard sent.challenges < context.configuration.maximumChallenges else {
            throw ChallengeFailure(end: .rejected(status: status, reason: reason))
        }
        let (challenges, _) = DigestChallenge.challenges(in: response)
        guard let method = sent.message.method, let uri = sent.message.requestURI,
              let via = context.configuration.via(for: sent.nextHop.transport, random: &context.random) else {
            throw ChallengeFailure(end: .rejected(status: status, reason: reason))
        }
        let answers: [DigestAuthorization]
        do throws(DigestError) {
            answers = try context.digest.authorize(challenges: challenges, previous: sent.authorizations,
                                                   method: method.rawValue, uri: uri.text.string,
                                                   body: Array(sent.message.body.bytes), random: &context.random)
        } catch .credentialsRejected(let realm) {
            throw ChallengeFailure(end: .authenticationFailed(realm: realm))
        } catch {
            // No challenge the stack can answer (no credentials, an unknown algorithm, …).
            throw ChallengeFailure(end: .rejected(status: status, reason: reason))
        }
        var message = sent.message
        message.replaceTopVia(via)
        message.setHeader(.cseq, "\(sequence) \(method.rawValue)")
        message.removeHeaders(.authorization)
        message.removeHeaders(.proxyAuthorization)
        for answer in answers {
            message.appendHeader(answer.isProxy ? .proxyAuthorization : .authorization, answer.value)
        }
        return SentRequest(message: message, nextHop: sent.nextHop, authorizations: answers, challenges: sent.challenges + 1)
    }
}
