import StackCore

/// Timers ordered by deadline, as a value: schedule, cancel, and take the ones that are due.
///
/// Cancelling is O(1) (the heap entry is skipped later); the heap is rebuilt when cancelled entries
/// outnumber live ones, so its size stays proportional to the live timers.
public struct TimerQueue<Payload> {
    /// Names a scheduled timer, for cancelling it.
    public struct Handle: Sendable, Hashable { let id: UInt64 }

    private struct Entry: Comparable {
        let at: Instant
        let id: UInt64
        static func < (a: Entry, b: Entry) -> Bool { (a.at, a.id) < (b.at, b.id) }
    }

    private var heap = MinHeap<Entry>()
    private var live: [UInt64: (at: Instant, payload: Payload)] = [:]
    private var lastID: UInt64 = 0

    /// An empty queue.
    public init() {}

    /// How many timers are scheduled.
    public var count: Int { live.count }

    /// Schedules `payload` for `at`. Timers with equal deadlines come out in the order scheduled.
    public mutating func schedule(at: Instant, _ payload: Payload) -> Handle {
        lastID += 1
        live[lastID] = (at, payload)
        heap.insert(Entry(at: at, id: lastID))
        return Handle(id: lastID)
    }

    /// Cancels a timer; returns its payload if it was still scheduled.
    @discardableResult
    public mutating func cancel(_ handle: Handle) -> Payload? {
        guard let removed = live.removeValue(forKey: handle.id) else { return nil }
        if heap.count > 64 && heap.count > 2 * live.count { rebuild() }
        return removed.payload
    }

    /// The earliest deadline of a live timer.
    public mutating func nextDeadline() -> Instant? {
        while let top = heap.min {
            if live[top.id] != nil { return top.at }
            _ = heap.popMin()
        }
        return nil
    }

    /// Removes and returns the earliest timer due at `now`, if any.
    public mutating func popDue(now: Instant) -> Payload? {
        while let top = heap.min, top.at <= now {
            _ = heap.popMin()
            if let entry = live.removeValue(forKey: top.id) { return entry.payload }
        }
        return nil
    }

    private mutating func rebuild() {
        heap.removeAll()
        for (id, entry) in live { heap.insert(Entry(at: entry.at, id: id)) }
    }
}

extension TimerQueue: Sendable where Payload: Sendable {}
