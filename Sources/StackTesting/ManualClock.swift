import StackCore
import Synchronization

/// A clock that moves only when a test moves it.
public final class ManualClock: SIPClock {
    private let current: Mutex<Instant>

    /// A clock reading `start`.
    public init(start: Instant = .zero) { current = Mutex(start) }

    /// The current reading.
    public func now() -> Instant { current.withLock { $0 } }

    /// Moves the clock forward by `duration` (never back).
    public func advance(by duration: Duration) {
        current.withLock { $0 = $0 + max(duration, .zero) }
    }

    /// Sets the clock to `instant` if that is later than its reading.
    public func advance(to instant: Instant) {
        current.withLock { $0 = max($0, instant) }
    }
}
