#if canImport(Glibc)
import Glibc
#endif
import Foundation
import StackCore
import Synchronization

/// What a registered descriptor is waited for.
public struct IOInterest: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// Readable (data, a connection to accept, or the peer closing).
    public static let read = IOInterest(rawValue: 1)
    /// Writable (room in the send buffer, or a connect finished).
    public static let write = IOInterest(rawValue: 2)
}

/// What a descriptor is ready for when its handler runs.
public struct IOReadiness: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// Can be read.
    public static let readable = IOReadiness(rawValue: 1)
    /// Can be written.
    public static let writable = IOReadiness(rawValue: 2)
    /// Error or hang-up: the next read or write reports it.
    public static let failed = IOReadiness(rawValue: 4)
}

/// Why work could not be handed to an event loop.
public enum EventLoopError: Error, Sendable, Hashable {
    /// The loop has shut down.
    case shutDown
    /// The queue of work from other threads holds `limit` items already.
    case queueFull(limit: Int)
    /// ``EventLoop/runAndWait(timeout:_:)`` gave up waiting.
    case timedOut
}

/// Moves a value that is not `Sendable` to the loop thread and back; sound because the two sides
/// never touch it at the same time (one hands it over, then waits).
private final class Handover<T>: @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}

/// One thread running `poll(2)` over its descriptors and a timer heap (ARCHITECTURE.md: one loop per
/// stack instance, and one for media).
///
/// Descriptors, handlers and timers are confined to the loop thread: register and schedule only from
/// code running on it (``execute(_:)`` gets you there; ``isInLoop`` tells). Debug builds check this.
public final class EventLoop: @unchecked Sendable {
    /// The most work items queued from other threads before ``execute(_:)`` refuses more.
    public static let executeQueueLimit = 65_536

    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let clock: any SIPClock
    private let queued = Mutex<(work: [@Sendable () -> Void], closed: Bool)>(([], false))
    private let done = Mutex<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)
    // Loop-thread state.
    private var handlers: [Int32: (IOReadiness) -> Void] = [:]
    private var interests: [Int32: IOInterest] = [:]
    private var pollSet: [pollfd] = []
    private var pollSetStale = true
    private var timers = TimerQueue<() -> Void>()
    private var running = false
    private let threadID = Mutex<pthread_t?>(nil)

    /// A loop reading `clock` (the monotonic clock by default). Call ``start()`` to run it.
    public init(clock: any SIPClock = MonotonicClock()) throws(IOError) {
        var fds: [Int32] = [-1, -1]
        try Syscall.must("pipe") { pipe(&fds) }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        wakeRead = fds[0]
        wakeWrite = fds[1]
        self.clock = clock
    }

    deinit {
        _ = Glibc.close(wakeRead)
        _ = Glibc.close(wakeWrite)
    }

    /// The current instant on the loop's clock.
    public var now: Instant { clock.now() }

    /// True on the loop thread.
    public var isInLoop: Bool {
        threadID.withLock { id in id.map { pthread_equal($0, pthread_self()) != 0 } ?? false }
    }

    /// Starts the loop thread.
    public func start() {
        let thread = Thread { [self] in run() }
        thread.name = "sip-event-loop"
        thread.start()
    }

    /// Runs `work` on the loop thread soon (in submission order).
    public func execute(_ work: @escaping @Sendable () -> Void) throws(EventLoopError) {
        let result: EventLoopError? = queued.withLock { q in
            if q.closed { return .shutDown }
            if q.work.count >= Self.executeQueueLimit { return .queueFull(limit: Self.executeQueueLimit) }
            q.work.append(work)
            return nil
        }
        if let result { throw result }
        wake()
    }

    /// Runs `body` on the loop thread and waits, at most `timeout`, for its result (for code outside
    /// the loop that needs an answer, such as tests and blocking facades). On the loop thread it runs
    /// `body` at once.
    public func runAndWait<T>(timeout: Duration = .seconds(10), _ body: @escaping () throws -> T) throws -> T {
        if isInLoop { return try body() }
        let work = Handover(body)
        let result = Handover<Result<T, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        try execute {
            result.value = Result { try work.value() }
            done.signal()
        }
        let ns = UInt64(max(0, timeout.nanosecondsClamped))
        guard done.wait(timeout: .now() + .nanoseconds(Int(clamping: ns))) == .success, let r = result.value else {
            throw EventLoopError.timedOut
        }
        return try r.get()
    }

    /// Stops the loop after the current iteration and waits for its thread to finish. Work queued
    /// before is run; handlers and timers are dropped. Safe to call more than once, not from the loop.
    public func shutdown() {
        let first = queued.withLock { q -> Bool in
            defer { q.closed = true }
            return !q.closed
        }
        guard first else { return }
        wake()
        let started = threadID.withLock { $0 != nil }
        if started { finished.wait() }
    }

    // MARK: Loop-thread API

    /// Watches `fd` for `interest`; `handler` runs on the loop thread when it is ready.
    public func register(_ fd: Int32, interest: IOInterest, handler: @escaping (IOReadiness) -> Void) throws(IOError) {
        assertInLoop()
        guard fd >= 0, handlers[fd] == nil else { throw IOError(call: "register(\(fd))", errno: EEXIST) }
        handlers[fd] = handler
        interests[fd] = interest
        pollSetStale = true
    }

    /// Changes what `fd` is watched for.
    public func setInterest(_ fd: Int32, _ interest: IOInterest) throws(IOError) {
        assertInLoop()
        guard handlers[fd] != nil else { throw IOError(call: "setInterest(\(fd))", errno: ENOENT) }
        if interests[fd] != interest {
            interests[fd] = interest
            pollSetStale = true
        }
    }

    /// Stops watching `fd` (call before closing it).
    public func deregister(_ fd: Int32) {
        assertInLoop()
        guard handlers.removeValue(forKey: fd) != nil else { return }
        interests[fd] = nil
        pollSetStale = true
    }

    /// Runs `work` on the loop thread at `deadline` (at once if it has passed).
    @discardableResult
    public func schedule(at deadline: Instant, _ work: @escaping () -> Void) -> TimerQueue<() -> Void>.Handle {
        assertInLoop()
        return timers.schedule(at: deadline, work)
    }

    /// Cancels a timer scheduled with ``schedule(at:_:)``.
    public func cancel(_ handle: TimerQueue<() -> Void>.Handle) {
        assertInLoop()
        timers.cancel(handle)
    }

    /// How many timers are scheduled.
    public var scheduledTimers: Int { timers.count }

    // MARK: The loop

    private static func events(_ interest: IOInterest) -> Int16 {
        var e: Int16 = 0
        if interest.contains(.read) { e |= Int16(POLLIN) }
        if interest.contains(.write) { e |= Int16(POLLOUT) }
        return e
    }

    private func assertInLoop() {
        assert(isInLoop || !running, "EventLoop state touched off its thread")
    }

    private func wake() {
        var one: UInt64 = 1
        _ = Glibc.write(wakeWrite, &one, 1)
    }

    private func rebuildPollSet() {
        pollSet.removeAll(keepingCapacity: true)
        pollSet.append(pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0))
        for (fd, interest) in interests.sorted(by: { $0.key < $1.key }) {
            pollSet.append(pollfd(fd: fd, events: Self.events(interest), revents: 0))
        }
        pollSetStale = false
    }

    private func run() {
        threadID.withLock { $0 = pthread_self() }
        running = true
        var drain = [UInt8](repeating: 0, count: 256)
        var ready: [(Int32, IOReadiness)] = []
        while true {
            runQueuedWork()
            if queued.withLock({ $0.closed }) { runQueuedWork(); break }
            runDueTimers()
            var timeout: Int32 = -1
            if let deadline = timers.nextDeadline() {
                let ns = max(0, (deadline - clock.now()).nanosecondsClamped)
                timeout = Int32(min(Int64(Int32.max), (ns + 999_999) / 1_000_000))
            }
            if pollSetStale { rebuildPollSet() }
            let n = pollSet.withUnsafeMutableBufferPointer { poll($0.baseAddress, nfds_t($0.count), timeout) }
            guard n > 0 else { continue }
            if pollSet[0].revents != 0 {
                while drain.withUnsafeMutableBytes({ Glibc.read(wakeRead, $0.baseAddress, $0.count) }) > 0 {}
            }
            ready.removeAll(keepingCapacity: true)
            for entry in pollSet.dropFirst() where entry.revents != 0 {
                var readiness: IOReadiness = []
                if entry.revents & Int16(POLLIN | POLLPRI) != 0 { readiness.insert(.readable) }
                if entry.revents & Int16(POLLOUT) != 0 { readiness.insert(.writable) }
                if entry.revents & Int16(POLLERR | POLLHUP | POLLNVAL) != 0 { readiness.insert(.failed) }
                ready.append((entry.fd, readiness))
            }
            // A handler may deregister other descriptors of this batch; those are skipped.
            for (fd, readiness) in ready { handlers[fd]?(readiness) }
        }
        handlers.removeAll()
        interests.removeAll()
        timers = TimerQueue()
        running = false
        finished.signal()
    }

    private func runQueuedWork() {
        let work = queued.withLock { q -> [@Sendable () -> Void] in
            defer { q.work.removeAll(keepingCapacity: true) }
            return q.work
        }
        for w in work { w() }
    }

    private func runDueTimers() {
        let now = clock.now()
        while let work = timers.popDue(now: now) { work() }
    }
}
