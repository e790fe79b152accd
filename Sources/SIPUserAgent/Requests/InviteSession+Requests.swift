import SIPMessage
import SIPTransaction
import StackCore

/// A MESSAGE, INFO, REFER or NOTIFY this side sent inside a call, until its final response.
struct DialogRequest: Sendable {
    /// Whom the outcome concerns.
    enum Purpose: Sendable, Hashable {
        /// The application's MESSAGE or INFO.
        case application(RequestID)
        /// This side's REFER.
        case transfer
        /// A NOTIFY of the subscription an accepted REFER made.
        case notify
    }

    var sent: SentRequest
    let purpose: Purpose
}

/// Requests inside a call that do not change the session (RFC 3261 §12.2): MESSAGE (RFC 3428),
/// INFO (RFC 6086, with DTMF relay), and the REFER and NOTIFY of a transfer, sent and received.
extension InviteSession {
    /// How many such requests of this side may be in flight at once in one call.
    static let maximumDialogRequests = 16

    /// True when the dialog can carry a new request from this side: established, not ending.
    var acceptsNewRequests: Bool {
        guard dialog != nil else { return false }
        switch state {
        case .confirmed, .connecting: return true
        default: return false
        }
    }

    // MARK: Sending

    /// Sends a MESSAGE or INFO for the application; the outcome comes as
    /// ``UserAgentEvent/requestEnded(_:_:response:)``.
    mutating func sendApplicationRequest(_ method: SIPMethod, body: ByteString, contentType: String?, id request: RequestID,
                                         _ context: inout SessionContext) {
        guard acceptsNewRequests, requests.count < Self.maximumDialogRequests,
              sendDialogRequest(method, body: body, contentType: contentType, purpose: .application(request), &context) != nil else {
            context.emit(.event(.requestEnded(request, .callEnded, response: nil)))
            return
        }
    }

    /// Sends a request inside the dialog and keeps it until its final response; its CSeq number,
    /// or nil when it cannot be sent.
    @discardableResult
    mutating func sendDialogRequest(_ method: SIPMethod, body: ByteString = .empty, contentType: String? = nil,
                                    extraHeaders: [SIPHeaderField] = [], purpose: DialogRequest.Purpose,
                                    _ context: inout SessionContext) -> UInt32? {
        guard let sent = sendInDialog(method, body: body, contentType: contentType, extraHeaders: extraHeaders, &context),
              let sequence = sent.sequence else { return nil }
        requests[sequence] = DialogRequest(sent: sent, purpose: purpose)
        return sequence
    }

    /// A final response to one of these requests. A challenge is answered (§22.2); 481 and 408
    /// end the dialog (§12.2.1.2), except for a NOTIFY, whose 481 ends only the subscription
    /// (RFC 5057 §5.4.1).
    mutating func dialogRequestAnswered(_ response: SIPMessage, _ context: inout SessionContext) {
        guard let status = response.status, status.isFinal, let sequence = response.cseq?.number,
              let pending = requests.removeValue(forKey: sequence) else { return }
        if Self.isChallenge(status), !state.isEnded {
            do throws(ChallengeFailure) {
                let again = try resendInDialog(pending.sent, answering: response, &context)
                let number = again.sequence ?? 0
                requests[number] = DialogRequest(sent: again, purpose: pending.purpose)
                if pending.purpose == .transfer { outgoingTransfer?.sequence = number }
                return
            } catch {
                if case .authenticationFailed(let realm) = error.end {
                    finish(pending, .authenticationFailed(realm: realm), response: response, &context)
                    return
                }
            }
        }
        if status.isSuccess {
            finish(pending, .delivered(status: status.rawValue), response: response, &context)
            return
        }
        let reason = response.statusLine?.reason.string ?? status.reasonPhrase
        finish(pending, .refused(status: status.rawValue, reason: reason), response: response, &context)
        guard pending.purpose != .notify, !state.isEnded else { return }
        if status == .callDoesNotExist {
            end(.dialogFailed(status: 481), message: response, &context)
        } else if status == .requestTimeout, state != .terminating {
            sendBye(reason: .dialogFailed(status: 408), &context)
        }
    }

    /// One of these requests timed out or could not be sent: like a 408 (§12.2.1.2), the call is
    /// ended, unless it was a NOTIFY.
    mutating func dialogRequestFailed(sequence: UInt32, reason: String, _ context: inout SessionContext) {
        guard let pending = requests.removeValue(forKey: sequence) else { return }
        finish(pending, .unreachable(reason), response: nil, &context)
        if pending.purpose != .notify, !state.isEnded, state != .terminating {
            sendBye(reason: .dialogFailed(status: 408), &context)
        }
    }

    /// Reports a request's outcome to whom it concerns.
    private mutating func finish(_ pending: DialogRequest, _ outcome: RequestOutcome, response: SIPMessage?,
                                 _ context: inout SessionContext) {
        switch pending.purpose {
        case .application(let request): context.emit(.event(.requestEnded(request, outcome, response: response)))
        case .transfer: referAnswered(outcome, &context)
        case .notify: notifyAnswered(outcome, &context)
        }
    }

    /// The call ended: the requests still in flight are reported as such, and the transfers with
    /// them.
    mutating func abandonRequests(_ context: inout SessionContext) {
        for sequence in requests.keys.sorted() {
            if case .application(let request) = requests[sequence]?.purpose {
                context.emit(.event(.requestEnded(request, .callEnded, response: nil)))
            }
        }
        requests = [:]
        if outgoingTransfer != nil { endTransfer(.callEnded, &context) }
        if let pending = incomingTransfer {
            incomingTransfer = nil
            context.emit(.respond(pending.request.makeResponse(status: .requestTerminated), transaction: pending.transaction))
        }
        referSubscription = nil
    }

    // MARK: Receiving

    /// An INFO (RFC 6086 §4.2.2, legacy use without Info-Package). An empty one is a probe and
    /// gets 200; DTMF relay is read and reported; other accepted types go to the application.
    mutating func receivedInfo(_ request: SIPMessage, transaction: TransactionID, _ context: inout SessionContext) {
        guard !state.isEnded, state != .terminating else {
            context.emit(.respond(request.makeResponse(status: .callDoesNotExist), transaction: transaction))
            return
        }
        guard !request.body.isEmpty else {
            context.emit(.respond(request.makeResponse(status: .ok), transaction: transaction))
            return
        }
        let type = request.contentType?.mediaType ?? ""
        if type == DTMFRelay.mediaType || type == DTMFRelay.bareMediaType {
            guard let relay = DTMFRelay(body: request.body, mediaType: type) else {
                context.emit(.respond(request.makeResponse(status: .badRequest, reason: "Invalid DTMF Relay Body"),
                                      transaction: transaction))
                return
            }
            context.emit(.respond(request.makeResponse(status: .ok), transaction: transaction))
            context.emit(.event(.dtmfReceived(id, relay)))
            return
        }
        context.emit(.respond(request.makeResponse(status: .ok), transaction: transaction))
        context.emit(.event(.infoReceived(id, request: request)))
    }

    /// A MESSAGE inside the call (RFC 3428 §7): 200 without Contact or body, and the application is told.
    mutating func receivedMessage(_ request: SIPMessage, transaction: TransactionID, _ context: inout SessionContext) {
        guard !state.isEnded else {
            context.emit(.respond(request.makeResponse(status: .callDoesNotExist), transaction: transaction))
            return
        }
        context.emit(.respond(request.makeResponse(status: .ok), transaction: transaction))
        context.emit(.event(.messageReceived(id, request: request)))
    }
}
