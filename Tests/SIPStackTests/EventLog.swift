import Dispatch
import Synchronization

/// Short lines recording what a test peer saw, in order, that another thread can wait on.
final class EventLog: Sendable {
    private let entries = Mutex<[String]>([])
    private let signal = DispatchSemaphore(value: 0)

    /// The lines so far.
    var lines: [String] { entries.withLock { $0 } }

    /// Appends a line and wakes a waiter.
    func note(_ line: String) {
        entries.withLock { $0.append(line) }
        signal.signal()
    }

    /// Waits until `predicate` holds for the lines, for at most `seconds`.
    func wait(seconds: Double, until predicate: ([String]) -> Bool) -> Bool {
        let deadline = DispatchTime.now() + seconds
        while !predicate(lines) {
            if signal.wait(timeout: deadline) == .timedOut { return predicate(lines) }
        }
        return true
    }
}
