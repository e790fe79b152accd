import StackCore

/// Jobs due at instants of virtual time, for simulations: the earliest first, and jobs due at the
/// same instant in the order they were scheduled.
public struct JobQueue<Job> {
    private struct Entry: Comparable {
        let at: Instant
        let order: UInt64
        let job: Job
        static func < (a: Entry, b: Entry) -> Bool { (a.at, a.order) < (b.at, b.order) }
        static func == (a: Entry, b: Entry) -> Bool { a.at == b.at && a.order == b.order }
    }

    private var heap = MinHeap<Entry>()
    private var order: UInt64 = 0

    /// An empty queue.
    public init() {}

    /// True when no job is scheduled.
    public var isEmpty: Bool { heap.isEmpty }
    /// When the next job is due.
    public var nextDue: Instant? { heap.min?.at }

    /// Schedules `job` at `at`.
    public mutating func schedule(_ job: Job, at: Instant) {
        order += 1
        heap.insert(Entry(at: at, order: order, job: job))
    }

    /// Takes the next job and its instant.
    public mutating func popNext() -> (at: Instant, job: Job)? {
        heap.popMin().map { ($0.at, $0.job) }
    }
}
