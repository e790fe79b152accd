import SIPMessage
import StackCore

/// A session interval agreed for a call (RFC 4028): how long the session lives without a refresh,
/// and which side refreshes it.
public struct SessionInterval: Sendable, Hashable {
    /// Which side sends the refreshes.
    public enum Refresher: Sendable, Hashable { case local, remote }

    /// The interval in seconds.
    public let seconds: UInt32
    /// The side that refreshes.
    public let refresher: Refresher

    /// An interval of `seconds`, refreshed by `refresher`.
    public init(seconds: UInt32, refresher: Refresher) {
        self.seconds = seconds
        self.refresher = refresher
    }

    /// When the refresher sends its refresh: half the interval (RFC 4028 §10).
    var refreshDelay: Duration { .seconds(Int64(seconds) / 2) }
    /// When the session is taken as expired without a refresh: the interval less the smaller of
    /// 32 seconds and a third of it (RFC 4028 §10).
    var expiryDelay: Duration { .seconds(Int64(seconds) - Int64(min(32, seconds / 3))) }

    /// Session-Expires for a request this side sends: `refresher=uac` means this side (§4).
    var requestValue: String { "\(seconds);refresher=\(refresher == .local ? "uac" : "uas")" }
}

/// The negotiation of RFC 4028 as pure functions of messages and settings.
enum SessionTimerRules {
    /// RFC 4028 §4: the Min-SE assumed when a request carries none.
    static let defaultMinimum: UInt32 = 90

    /// The Session-Expires and Min-SE a request from this side carries (§7.1): the interval in
    /// force, or the one configured when none is.
    static func requestHeaders(current: SessionInterval?, _ c: UserAgentConfiguration) -> [SIPHeaderField] {
        guard c.supports("timer") else { return [] }
        var fields: [SIPHeaderField] = []
        if let current {
            fields.append(SIPHeaderField(name: .sessionExpires, value: ByteString(current.requestValue)))
        } else if let wanted = c.sessionExpires {
            fields.append(SIPHeaderField(name: .sessionExpires, value: ByteString(String(max(wanted, c.minimumSessionExpires)))))
        } else {
            return []
        }
        if c.minimumSessionExpires != defaultMinimum {
            fields.append(SIPHeaderField(name: .minSE, value: ByteString(String(c.minimumSessionExpires))))
        }
        return fields
    }

    /// The refusal a request's Session-Expires earns (§9), or nil: 400 when it is malformed, 422
    /// with this side's Min-SE when it is shorter than that.
    static func refusal(for request: SIPMessage, _ c: UserAgentConfiguration) -> SIPMessage? {
        guard c.supports("timer"), request.headers.contains(.sessionExpires) else { return nil }
        guard let asked = try? request.header(.sessionExpires, as: SIPDeltaSeconds.self) else {
            return request.makeResponse(status: .badRequest, reason: "Malformed Session-Expires")
        }
        guard asked.seconds < c.minimumSessionExpires else { return nil }
        var r = request.makeResponse(status: .sessionIntervalTooSmall)
        r.appendHeader(.minSE, String(c.minimumSessionExpires))
        return r
    }

    /// What this side's 2xx to `request` (INVITE, re-INVITE, UPDATE) carries, and the interval it
    /// agrees (§9). The requester's Session-Expires is kept (shortened to this side's wish, never
    /// below the Min-SE); its `refresher` is honoured, and when absent the requester refreshes.
    /// A requester without `timer` support cannot refresh, so this side does, and Require is left
    /// out. Without Session-Expires in the request, this side's own wish applies.
    static func answer(_ request: SIPMessage, _ c: UserAgentConfiguration) -> (headers: [SIPHeaderField], interval: SessionInterval?) {
        guard c.supports("timer") else { return ([], nil) }
        let peerSupports = request.hasOptionTag("timer", in: .supported) || request.hasOptionTag("timer", in: .require)
        let asked = try? request.header(.sessionExpires, as: SIPDeltaSeconds.self)
        let floor = max((try? request.header(.minSE, as: SIPDeltaSeconds.self))?.seconds ?? defaultMinimum, c.minimumSessionExpires)
        let seconds: UInt32
        var requesterRefreshes = peerSupports
        if let asked {
            seconds = c.sessionExpires.map { $0 < asked.seconds ? max($0, floor) : asked.seconds } ?? asked.seconds
            if peerSupports, let refresher = asked.refresher?.string.lowercased() { requesterRefreshes = refresher != "uas" }
        } else if let wanted = c.sessionExpires {
            seconds = max(wanted, floor)
        } else {
            return ([], nil)
        }
        var headers = [SIPHeaderField(name: .sessionExpires, value: ByteString("\(seconds);refresher=\(requesterRefreshes ? "uac" : "uas")"))]
        if peerSupports { headers.append(SIPHeaderField(name: .require, value: "timer")) }
        return (headers, SessionInterval(seconds: seconds, refresher: requesterRefreshes ? .remote : .local))
    }

    /// The interval a 2xx to this side's `request` sets (§7.2): the response's Session-Expires,
    /// where `refresher=uac` (or none) means this side. A 2xx without one from a peer that does
    /// not support `timer` leaves the refreshes to this side, at the interval it asked for;
    /// from a peer that supports it, there is no session interval.
    static func accepted(_ response: SIPMessage, to request: SIPMessage, _ c: UserAgentConfiguration) -> SessionInterval? {
        guard c.supports("timer") else { return nil }
        if let agreed = try? response.header(.sessionExpires, as: SIPDeltaSeconds.self) {
            guard agreed.seconds > 0 else { return nil }
            let remote = agreed.refresher?.string.lowercased() == "uas"
            return SessionInterval(seconds: agreed.seconds, refresher: remote ? .remote : .local)
        }
        guard let asked = try? request.header(.sessionExpires, as: SIPDeltaSeconds.self),
              !response.hasOptionTag("timer", in: .supported), !response.hasOptionTag("timer", in: .require) else { return nil }
        return SessionInterval(seconds: asked.seconds, refresher: .local)
    }

    /// The Min-SE of a 422 (§7.4) when it asks for more than `current`, for the request again.
    static func retryInterval(after response: SIPMessage, current: UInt32?) -> UInt32? {
        guard let asked = (try? response.header(.minSE, as: SIPDeltaSeconds.self))?.seconds,
              asked > (current ?? 0) else { return nil }
        return asked
    }
}

extension SIPMessage {
    /// True when the header `name` (Supported, Require) lists option tag `tag`.
    func hasOptionTag(_ tag: String, in name: SIPHeaderName) -> Bool {
        guard headers.contains(name), let tags = try? optionTags(name) else { return false }
        return tags.contains { $0.lowercased() == tag }
    }
}
