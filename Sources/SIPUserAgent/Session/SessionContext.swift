import SIPMessage
import StackCore

/// What a session needs while it handles one event: the settings, the time, randomness, and where
/// its actions go.
struct SessionContext {
    let configuration: UserAgentConfiguration
    /// The header values derived from the configuration.
    let advertisement: Advertisement
    let now: Instant
    var random: any RandomSource
    /// The Digest state shared by every call of the core (nonces and counts per realm).
    var digest: DigestClient
    var actions: [UserAgentAction] = []

    /// 64·T1: how long a 2xx is resent and a cancelled INVITE is waited for.
    var timeout: Duration { configuration.t1 * 64 }

    mutating func emit(_ action: UserAgentAction) { actions.append(action) }
}
